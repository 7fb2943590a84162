# make chaos (issue 17): fault injection under load against the dev fleet; docs/reliability.md.
# Included by the Makefile's `-include make/*.mk`.
#
# The stack runs on its OWN PostgreSQL and Redis (throwaway instances under .run/ on the ports
# below; nothing answers there, so devstack starts them), never on the machine's shared 5432/6379:
# the scenarios stop, kill and flush them. The services reach them through the chaos run's latency
# proxies (the *_PROXY_PORTs), which the slow-network scenarios slow down.

CHAOS_DIR := .run/chaos
RATE ?= 200
CHAOS_PG_PORT ?= 55432
CHAOS_PG_PROXY_PORT ?= 55433
CHAOS_REDIS_PORT ?= 56379
CHAOS_REDIS_PROXY_PORT ?= 56380
CHAOS_PHASE3 := kafka-3brokers-kill
chaos_comma := ,
chaos_wanted = $(subst $(chaos_comma), ,$(SCENARIO))
# which stack topologies to run: all scenarios, or those SCENARIO names
chaos_phase1 = $(if $(SCENARIO),$(filter-out $(CHAOS_PHASE3),$(chaos_wanted)),all)
chaos_phase3 = $(if $(SCENARIO),$(filter $(CHAOS_PHASE3),$(chaos_wanted)),all)
CHAOS_JAVA = "$(JAVA_HOME)/bin/java" -Xmx1g -XX:+UseParallelGC -cp $(SIMULATOR_JAR) \
  -Dloader.main=io.paystream.simulator.chaos.ChaosRun org.springframework.boot.loader.launch.PropertiesLauncher
CHAOS_FLAGS = --rate $(RATE) --out $(CHAOS_DIR) --postgres-port $(CHAOS_PG_PORT) \
  --postgres-proxy-port $(CHAOS_PG_PROXY_PORT) --redis-port $(CHAOS_REDIS_PORT) \
  --redis-proxy-port $(CHAOS_REDIS_PROXY_PORT) $(if $(SCENARIO),--scenario $(SCENARIO)) \
  $(if $(FAIL_ON_CHECK),--fail-on-check) $(CHAOS_ARGS)
# a stack from nothing: the broker's data and the logs deleted, the database and Redis emptied
CHAOS_FRESH = $(DEVSTACK) down >/dev/null && rm -rf .run/kafka .run/logs && $(DEVSTACK) reset-data

chaos: export PAYSTREAM_POSTGRES_PORT := $(CHAOS_PG_PORT)
chaos: export PAYSTREAM_POSTGRES_SERVICE_PORT := $(CHAOS_PG_PROXY_PORT)
chaos: export PAYSTREAM_REDIS_PORT := $(CHAOS_REDIS_PORT)
chaos: export PAYSTREAM_REDIS_SERVICE_PORT := $(CHAOS_REDIS_PROXY_PORT)
chaos: export PAYSTREAM_JDBC_URL := jdbc:postgresql://127.0.0.1:$(CHAOS_PG_PORT)/paystream

.PHONY: chaos

## chaos: fault injection under load (RATE=200/s; SCENARIO=kill-fds-service,... runs some): kill -9 of each service, PostgreSQL stop/slow, Redis kill/FLUSHALL/slow, Kafka kill (1 and BROKERS=3), SMS outage, gateway fuzz; .run/chaos/report.{json,html}; ≤ 30 min
chaos: build-if-needed devstack-ready
	@mkdir -p $(CHAOS_DIR) && rm -f $(CHAOS_DIR)/report.json $(CHAOS_DIR)/report.html
	@trap 'echo "chaos: stopping the fleet"; $(DEVSTACK) down >/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  export CHAOS_COMMIT=$$(git rev-parse --short HEAD 2>/dev/null || echo unknown); \
	  status=0; append=""; \
	  if [ -n "$(chaos_phase1)" ]; then \
	    $(CHAOS_FRESH) || exit $$?; \
	    CHAOS_DEVSTACK='$(DEVSTACK)' $(CHAOS_JAVA) --phase 1 $(CHAOS_FLAGS) || status=$$?; \
	    append="--append"; \
	  fi; \
	  if [ -n "$(chaos_phase3)" ]; then \
	    echo "chaos: restarting the stack with 3 Kafka brokers (make up BROKERS=3)"; \
	    export PAYSTREAM_KAFKA_BROKERS=3 PAYSTREAM_KAFKA_BOOTSTRAP=127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096; \
	    $(CHAOS_FRESH) || exit $$?; \
	    CHAOS_DEVSTACK='$(DEVSTACK)' $(CHAOS_JAVA) --phase 3 $$append $(CHAOS_FLAGS) || status=$$?; \
	  fi; \
	  echo "chaos: report $(CHAOS_DIR)/report.html"; exit $$status
