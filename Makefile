# paystream — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
JAVA_HOME := $(shell bin/find-jdk)
export JAVA_HOME
MVN := ./mvnw -B -ntp

.PHONY: build test fmt clean

## build: compile and package every module, no tests
build:
	$(MVN) -DskipTests install

## test: the whole build with unit and integration tests against real Kafka, PostgreSQL and Redis
test:
	$(MVN) verify

## fmt: format the Java sources (google-java-format via Spotless)
fmt:
	$(MVN) -q spotless:apply

clean:
	$(MVN) -q clean

-include make/*.mk
