# Dev stack targets: the devstack module's launcher (io.paystream.devstack.Devstack) behind thin wrappers.
# Everything runs on loopback; logs and PID files are under .run/ (git-ignored). docs/services/devstack.md.

SERVICES := gateway auth-server payment-api fds-service verification-api loyalty-service benefit-service notification-service
SERVICE_JARS := $(foreach m,$(SERVICES) pos-simulator,$(m)/target/$(m)-0.1.0-SNAPSHOT.jar)
DEVSTACK_CP_FILE := devstack/target/classpath.txt
DEVSTACK_STAMP := devstack/target/.devstack-built
# For a dev run, unformatted work in progress elsewhere must not stop the stack: `make test` checks style.
DEV_BUILD_FLAGS := -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true
DEVSTACK_JAVA = "$(JAVA_HOME)/bin/java" -cp "devstack/target/classes:$$(cat $(DEVSTACK_CP_FILE))"
DEVSTACK = $(DEVSTACK_JAVA) -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 io.paystream.devstack.Devstack

# `make up BROKERS=3`: three KRaft brokers (RF 3, min.insync.replicas 2); docs/services/devstack.md
ifneq ($(BROKERS),)
export PAYSTREAM_KAFKA_BROKERS := $(BROKERS)
endif

.PHONY: up down status topics infra-up infra-down run demo acceptance acceptance-sparkov bench-kafka bench-gateway devstack-ready build-if-needed devstack-reset

# The launcher itself: (re)built when missing or older than its sources or contracts.
devstack-ready:
	@if [ ! -f $(DEVSTACK_STAMP) ] || [ ! -f $(DEVSTACK_CP_FILE) ] || \
	    [ -n "$$(find pom.xml devstack/pom.xml devstack/src contracts/pom.xml contracts/src -newer $(DEVSTACK_STAMP) -print -quit)" ]; then \
	  echo "building the devstack launcher (./mvnw -pl devstack -am package)"; \
	  mkdir -p .run && touch .run/devstack-build.start; \
	  $(MVN) -q -pl devstack -am $(DEV_BUILD_FLAGS) package && mv .run/devstack-build.start $(DEVSTACK_STAMP) \
	    || { rm -f .run/devstack-build.start; exit 1; }; \
	fi

# The service jars: `./mvnw install` when a jar is missing or any source/pom is newer than the last build.
# SKIP_BUILD=1 uses the jars as they are.
build-if-needed:
	@if [ -n "$(SKIP_BUILD)" ]; then exit 0; fi; \
	if [ ! -f .run/build.stamp ] || ! ls $(SERVICE_JARS) >/dev/null 2>&1 || \
	    [ -n "$$(find pom.xml */pom.xml */src -newer .run/build.stamp -print -quit 2>/dev/null)" ]; then \
	  echo "building the service jars (./mvnw -B -ntp $(DEV_BUILD_FLAGS) install)"; \
	  mkdir -p .run && touch .run/build.stamp.new && \
	  $(MVN) -q $(DEV_BUILD_FLAGS) install && mv .run/build.stamp.new .run/build.stamp && \
	  cp .run/build.stamp $(DEVSTACK_STAMP); \
	fi

## up: build if needed, start Kafka (BROKERS=3: three KRaft brokers), PostgreSQL/Redis (if nothing answers), the sandboxes and the fleet; wait until healthy
up: build-if-needed devstack-ready
	@$(DEVSTACK) up

## down: stop everything `make up` started (by PID), nothing else
down: devstack-ready
	@$(DEVSTACK) down

## status: what runs where (name, pid, address, health, log)
status: devstack-ready
	@$(DEVSTACK) status

## topics: list the dev stack broker's topics
topics: devstack-ready
	@$(DEVSTACK) topics

## infra-up: only PostgreSQL and Redis (what the integration tests need)
infra-up: devstack-ready
	@$(DEVSTACK) infra-up

## infra-down: stop the PostgreSQL/Redis that infra-up started (nothing else)
infra-down: devstack-ready
	@$(DEVSTACK) infra-down

SIMULATOR_JAR := pos-simulator/target/pos-simulator-0.1.0-SNAPSHOT.jar
SIMULATOR = "$(JAVA_HOME)/bin/java" -Xmx1g -jar $(SIMULATOR_JAR) $(if $(DATA),--data $(DATA)) $(SIM_ARGS)

# Every run starts from nothing unless KEEP_DATA=1: a previous run's cards, merchants, profiles,
# offsets or cached entries change the outcome and its leftovers fail the card-number scan.
# Stops the fleet first, deletes the broker's data and the logs, empties the paystream
# database and Redis db 0 (the dev stack's data is throwaway; docs/services/devstack.md).
FRESH_STACK = $(if $(KEEP_DATA),true,$(DEVSTACK) down >/dev/null && rm -rf .run/kafka .run/logs && $(DEVSTACK) reset-data)

## run: make up on emptied dev data (KEEP_DATA=1 keeps it), replay traffic through the gateway (the generator, or DATA=path), print the report, keep the fleet running until Ctrl-C
run: build-if-needed devstack-ready
	@$(FRESH_STACK)
	@$(DEVSTACK) up
	@$(SIMULATOR) || echo "pos-simulator exited with $$? (the fleet keeps running)"
	@$(DEVSTACK) run

## demo: like run, but stops everything at the end and exits non-zero when a report check fails
demo: build-if-needed devstack-ready
	@$(FRESH_STACK)
	@$(DEVSTACK) up
	@status=0; $(SIMULATOR) --fail-on-check || status=$$?; $(DEVSTACK) down; exit $$status

# The CI acceptance run (issue #10): the first 5,000 payments of TabFormer users 0-2 plus the
# generator's fraud episodes through the whole fleet; every report check must pass.
ACCEPTANCE_DATA ?= ../shared/data/tabformer
ACCEPTANCE_ARGS ?= --limit 5000 --with-generator-fraud --settle-timeout 120s --report-dir .run/acceptance

## acceptance: on emptied dev data, the fleet replays the first 5,000 TabFormer payments (users 0-2) + generator fraud episodes; fails when a check fails
acceptance: build-if-needed devstack-ready
	@if [ ! -d "$(ACCEPTANCE_DATA)" ]; then echo "acceptance: $(ACCEPTANCE_DATA) not found" >&2; exit 1; fi
	@$(FRESH_STACK)
	@$(DEVSTACK) up
	@status=0; "$(JAVA_HOME)/bin/java" -Xmx1g -jar $(SIMULATOR_JAR) --data $(ACCEPTANCE_DATA) $(ACCEPTANCE_ARGS) \
	  --fail-on-check || status=$$?; \
	  if [ $$status -ne 0 ]; then tail -n 50 .run/logs/*.log > .run/acceptance-logs-tail.txt 2>/dev/null || true; fi; \
	  $(DEVSTACK) down; exit $$status

# Issue #22's real-data run: the Sparkov head (5,039 payments, 12-19-digit PANs, ~700 terminals)
# through the whole fleet; every row accepted or skipped for a counted data defect, every check passes.
SPARKOV_DATA ?= ../shared/data/sparkov/fraudTrain.head5039.csv.gz

## acceptance-sparkov: on emptied dev data, the fleet replays the shared Sparkov head; fails when a check fails
acceptance-sparkov: build-if-needed devstack-ready
	@if [ ! -f "$(SPARKOV_DATA)" ]; then echo "acceptance-sparkov: $(SPARKOV_DATA) not found" >&2; exit 1; fi
	@$(FRESH_STACK)
	@$(DEVSTACK) up
	@status=0; "$(JAVA_HOME)/bin/java" -Xmx1g -jar $(SIMULATOR_JAR) --data $(SPARKOV_DATA) \
	  --settle-timeout 120s --report-dir .run/acceptance-sparkov --fail-on-check || status=$$?; \
	  if [ $$status -ne 0 ]; then tail -n 50 .run/logs/*.log > .run/acceptance-sparkov-logs-tail.txt 2>/dev/null || true; fi; \
	  $(DEVSTACK) down; exit $$status

## bench-gateway: wrk against a stub downstream directly and through the gateway (needs wrk; see docs/services/gateway.md)
bench-gateway: build-if-needed
	@bench/gateway.sh

## bench-kafka: produce and consume 100k payment.requested.v1 events through the contracts serde against the dev stack broker
bench-kafka: devstack-ready
	@$(DEVSTACK_JAVA) -Xmx1g io.paystream.devstack.Devstack bench $(BENCH_ARGS)

## devstack-reset: make down, then delete .run/ (Kafka data, throwaway PostgreSQL/Redis, logs)
devstack-reset: down
	rm -rf .run
