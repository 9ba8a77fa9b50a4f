# Exhibit: the two commands of the README, plus a few helpers.
#   make serve   install what is missing, then serve the app with the demo case at http://127.0.0.1:8080
#   make test    install what is missing, then run every test level (native, wasm in Chromium, end-to-end)
#   make fuzz    the fuzz campaign: every target for FUZZ_SECONDS (1800) or FUZZ_RUNS (10000000), then a table
#   make cli     the native CLI built for speed ([profile.cli], opt-level 3): target/cli/exhibit
#   make soak    the end-to-end reload storm at 1,000 reloads (make test runs it at 20); needs dist/
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup serve test build bench soak cli fuzz fuzz-smoke

setup:
	@bash scripts/setup.sh

# EXHIBIT_SYNC_SERVER=http://127.0.0.1:5984/ also proxies /couch/ to that CouchDB (one origin for
# the app and live sync: the case database is then http://127.0.0.1:8080/couch/<case>).
serve: setup
	trunk serve --offline $(if $(EXHIBIT_SYNC_SERVER),--proxy-backend=$(EXHIBIT_SYNC_SERVER) --proxy-rewrite=/couch/)

build: setup
	trunk build --release --offline

test: setup
	@bash scripts/test.sh

bench: setup
	@bash scripts/bench.sh

cli:
	cargo build --profile cli --bin exhibit

soak: setup
	@[ -f dist/index.html ] || trunk build --release --offline
	EXHIBIT_RELOADS=$${EXHIBIT_RELOADS:-1000} cargo test -q --test e2e reloading_right_after_each_verdict_loses_nothing -- --nocapture

fuzz-smoke: setup
	@bash scripts/fuzz-smoke.sh

fuzz: setup
	@bash scripts/fuzz-campaign.sh
