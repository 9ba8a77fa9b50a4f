# Exhibit: the two commands of the README, plus a few helpers.
#   make serve   install what is missing, then serve the app with the demo case at http://127.0.0.1:8080
#   make test    install what is missing, then run every test level (native, wasm in Chromium, end-to-end)
#   make fuzz    the fuzz campaign: every target for FUZZ_SECONDS (1800) or FUZZ_RUNS (10000000), then a table
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup serve test build bench fuzz fuzz-smoke

setup:
	@bash scripts/setup.sh

serve: setup
	trunk serve --offline

build: setup
	trunk build --release --offline

test: setup
	@bash scripts/test.sh

bench: setup
	@bash scripts/bench.sh

fuzz-smoke: setup
	@bash scripts/fuzz-smoke.sh

fuzz: setup
	@bash scripts/fuzz-campaign.sh
