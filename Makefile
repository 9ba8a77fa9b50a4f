# Exhibit: the two commands of the README, plus a few helpers.
#   make serve   install what is missing, then serve the app with the demo case at http://127.0.0.1:8080
#   make test    install what is missing, then run every test level (native, wasm in Chromium, end-to-end)
#   make fuzz    the fuzz campaign: every target for FUZZ_SECONDS (1800) or FUZZ_RUNS (10000000), then a table
#   make cli     the native CLI built for speed ([profile.cli], opt-level 3): target/cli/exhibit
#   make soak    1,000 reloads at random moments while recording, importing and exporting, counting
#                the events before and after each (tests/e2e/soak.rs; make test runs 6); needs dist/
#   make storm   the reload storm (a reload right after each verdict) at 1,000 reloads (make test: 20)
#   make demo-built  writes static/demo/built.bin anew (the demo's prebuilt case; tests/demo_built.rs
#                checks it is what the demo's files build, so run this after changing them or the parsers)
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup serve test build bench soak storm cli fuzz fuzz-smoke demo-built

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

demo-built:
	EXHIBIT_BLESS=1 cargo test -q --test demo_built

# EXHIBIT_SOAK_SEED=N replays a run's moments (each run prints its seed).
soak: setup
	@[ -f dist/index.html ] || trunk build --release --offline
	EXHIBIT_SOAK_RELOADS=$${EXHIBIT_SOAK_RELOADS:-1000} cargo test -q --test e2e reloads_at_random_moments -- --nocapture

storm: setup
	@[ -f dist/index.html ] || trunk build --release --offline
	EXHIBIT_RELOADS=$${EXHIBIT_RELOADS:-1000} cargo test -q --test e2e reloading_right_after_each_verdict_loses_nothing -- --nocapture

fuzz-smoke: setup
	@bash scripts/fuzz-smoke.sh

fuzz: setup
	@bash scripts/fuzz-campaign.sh
