# Bolt: one entry point for people and CI. `make run` and `make test` work on a fresh machine:
# they install pnpm and the dependencies when missing, then build.
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
P ?= 1
WORKERS ?= 1
TRANSPORT ?= uws
PNPM_VERSION := 10.34.9

# Native addons (better-sqlite3) are built by pnpm's node-gyp, which ignores npm's nodedir:
# point it at the running Node's own headers so nothing is downloaded.
export npm_config_nodedir := $(shell dirname $$(dirname $$(command -v node)))
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
export TURBO_TELEMETRY_DISABLED := 1

PID_FILE = .bolt-$(PORT).pid

.PHONY: help setup build run run-bg kill smoke test typecheck lint save-bench

help:
	@echo "make run        install, build and start the example on $(HOST):$(PORT)"
	@echo "make test       install, build and run every test"
	@echo "make run-bg HOST=127.0.0.1 PORT=8000 P=2 WORKERS=2 TRANSPORT=uws|rust|node   start in the background"
	@echo "make smoke      curl the example endpoints      make kill PORT=8000   stop run-bg"
	@echo "make save-bench [C= DURATION= RUNS= WARMUP= N= P= WORKERS=]   run the benchmark table"

setup:
	@command -v pnpm >/dev/null 2>&1 && [ "$$(pnpm -v)" = "$(PNPM_VERSION)" ] || npm install -g pnpm@$(PNPM_VERSION)
	pnpm install --frozen-lockfile

build: setup
	pnpm turbo run build

run: build
	HOST=$(HOST) PORT=$(PORT) P=$(P) WORKERS=$(WORKERS) TRANSPORT=$(TRANSPORT) node apps/example/dist/main.js

run-bg: build
	@HOST=$(HOST) PORT=$(PORT) P=$(P) WORKERS=$(WORKERS) TRANSPORT=$(TRANSPORT) \
		nohup node apps/example/dist/main.js > .bolt-$(PORT).log 2>&1 & echo $$! > $(PID_FILE)
	@for i in $$(seq 1 300); do curl -sf http://$(HOST):$(PORT)/ >/dev/null && break; sleep 0.1; done
	@curl -sf http://$(HOST):$(PORT)/ >/dev/null && echo "started on http://$(HOST):$(PORT) (pid $$(cat $(PID_FILE)), log .bolt-$(PORT).log)" \
		|| (echo "did not start; see .bolt-$(PORT).log"; cat .bolt-$(PORT).log; exit 1)

kill:
	@if [ -f $(PID_FILE) ]; then kill $$(cat $(PID_FILE)) 2>/dev/null || true; rm -f $(PID_FILE); echo "stopped port $(PORT)"; \
	else echo "no $(PID_FILE)"; fi

smoke:
	@bash scripts/smoke.sh http://$(HOST):$(PORT)

test: build
	@# The bench runner's smoke test drives wrk (Debian's package).
	@command -v wrk >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || echo "wrk not installed (only benchmarks need it)"; }
	@# The docs page is tested in a real browser: Debian's chromium, driven by playwright-core.
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) >/dev/null 2>&1 || echo "chromium not installed (the docs browser test will fail)"; }
	@bash scripts/run-tests.sh

typecheck: build
	pnpm turbo run typecheck

lint: setup
	pnpm turbo run lint

save-bench: build
	pnpm --filter @bolt/bench run save-bench
