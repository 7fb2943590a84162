# The fleet benchmark (issue 16): docs/performance.md. Included by the Makefile's `-include make/*.mk`.

BENCH_DIR := .run/bench
BENCH_KAFKA_COUNT := $(if $(QUICK),20000,100000)
BENCH_FLAGS = $(if $(QUICK),--quick) $(if $(STEPS),--steps $(STEPS)) \
  $(if $(STEP_SECONDS),--step-seconds $(STEP_SECONDS)) $(if $(WARMUP_SECONDS),--warmup-seconds $(WARMUP_SECONDS)) \
  $(if $(SOAK_SECONDS),--soak-seconds $(SOAK_SECONDS)) --out $(BENCH_DIR) \
  --kafka-anchor-output $(BENCH_DIR)/kafka-anchor.txt $(BENCH_ARGS)
# The simulator jar is a Spring Boot jar whose main class is the replay: the benchmark's main class
# is started through Boot's PropertiesLauncher.
FLEET_BENCH = "$(JAVA_HOME)/bin/java" -Xmx1g -XX:+UseParallelGC -cp $(SIMULATOR_JAR) \
  -Dloader.main=io.paystream.simulator.bench.FleetBench org.springframework.boot.loader.launch.PropertiesLauncher

.PHONY: bench bench-prereqs

# Tools the anchors run (docs/performance.md, "Prerequisites"). A missing one is reported here and
# its anchor is reported as an error in fleet-bench.json; the bench goes on without it.
BENCH_TOOLS := wrk:wrk pgbench:postgresql-client

## bench-prereqs: say which of the bench's anchor tools (wrk, pgbench) are missing and how to install them
bench-prereqs:
	@for t in $(BENCH_TOOLS); do tool=$${t%%:*}; pkg=$${t#*:}; \
	  if command -v $$tool >/dev/null 2>&1; then echo "bench: $$tool: $$(command -v $$tool)"; \
	  else echo "bench: $$tool not found: its anchor will be skipped (reported as an error). Install: apt-get install -y $$pkg (Debian/Ubuntu)"; fi; \
	done; true

## bench: fleet benchmark on emptied dev data: warm-up, open-loop steps through the gateway (STEPS=100,250,... STEP_SECONDS=60), soak, anchors; .run/bench/fleet-bench.{json,html}; QUICK=1 ≈ 6 min after start-up
bench: build-if-needed devstack-ready bench-prereqs
	@mkdir -p $(BENCH_DIR) && rm -f $(BENCH_DIR)/kafka-anchor.txt
	@$(FRESH_STACK)
	@trap 'echo "bench: stopping the fleet"; $(DEVSTACK) down' EXIT; trap 'exit 130' INT TERM; \
	  $(DEVSTACK) up || exit $$?; \
	  echo "bench: anchor: Kafka produce/consume of $(BENCH_KAFKA_COUNT) payment.requested.v1 events"; \
	  $(DEVSTACK_JAVA) -Xmx512m io.paystream.devstack.Devstack bench --count $(BENCH_KAFKA_COUNT) --no-validate \
	    > $(BENCH_DIR)/kafka-anchor.txt 2>&1 || echo "bench: the Kafka anchor failed (see $(BENCH_DIR)/kafka-anchor.txt)"; \
	  cat $(BENCH_DIR)/kafka-anchor.txt | grep -E '^(produced|consumed)' || true; \
	  $(FLEET_BENCH) $(BENCH_FLAGS)
