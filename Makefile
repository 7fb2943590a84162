# paystream — the two commands are `make run` and `make test` (see README.md); `make help` lists all.
SHELL := /bin/bash
JAVA_HOME := $(shell bin/find-jdk)
ifeq ($(JAVA_HOME),)
$(error paystream needs a JDK >= 21: see the message above)
endif
export JAVA_HOME
MVN := ./mvnw -B -ntp

.DEFAULT_GOAL := help
.PHONY: help build test fmt clean

## help: list the targets
help:
	@grep -hE '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  /'

## build: compile and package every module, no tests
build:
	$(MVN) -DskipTests install

## test: the whole build with unit and integration tests; starts PostgreSQL/Redis if needed and stops only what it started
test: devstack-ready
	@$(DEVSTACK) infra-up
	@status=0; $(MVN) verify || status=$$?; $(DEVSTACK) infra-down; exit $$status

## fmt: format the Java sources (google-java-format via Spotless)
fmt:
	$(MVN) -q spotless:apply

## clean: delete the build output (not .run/)
clean:
	$(MVN) -q clean

-include make/*.mk
