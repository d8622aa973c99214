# MSP Planner — the two commands a newcomer needs:
#   make serve   install what is missing, then serve the app on http://127.0.0.1:8080
#   make test    install what is missing, then run every check, stopping at the first failure
# and `make bench` for the benchmark table. Every tool version is pinned here.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TRUNK_VERSION    := 0.21.14
BINARYEN_VERSION := 132
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
CHROMIUM     := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
E2E          := tests/e2e
LIGHTHOUSE   := tests/lighthouse
export PATH  := $(HOME)/.cargo/bin:$(PATH)

.PHONY: help tools browser e2e-deps lighthouse-deps serve build test fmt clippy test-native test-wasm e2e budget bench clean

help:
	@echo "make serve   install what is missing and serve the app with its sample workspace on http://127.0.0.1:8080"
	@echo "make test    install what is missing and run every check (fmt, clippy, native, browser, end-to-end, budget)"
	@echo "make bench   bundle sizes, load times and Lighthouse figures, medians, into target/bench.md"

## Tools -------------------------------------------------------------------

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q " $(TRUNK_VERSION)" \
	  || { echo "Installing Trunk $(TRUNK_VERSION) (compiles for 12-19 minutes on 2 cores)"; \
	       cargo install trunk --version $(TRUNK_VERSION) --locked; }
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "wasm-bindgen not found in Cargo.lock"; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" \
	  || { echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	       cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; }
	@wasm-opt --version 2>/dev/null | grep -q "version $(BINARYEN_VERSION) " \
	  || { echo "Installing wasm-opt from binaryen $(BINARYEN_VERSION)"; \
	       npm install --global binaryen@$(BINARYEN_VERSION); }
	@perl -MDigest::SHA -e1 2>/dev/null \
	  || { echo "Installing perl (Trunk.toml's post-build step moves the loader out of index.html)"; \
	       apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y perl; }

browser:
	@test -x $(CHROMIUM) && test -x $(CHROMEDRIVER) \
	  || { echo "Installing Chromium and chromedriver from Debian"; \
	       apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }

# Reinstalled only when the lockfile changed since the last install.
$(E2E)/node_modules/.package-lock.json: $(E2E)/package-lock.json $(E2E)/package.json
	cd $(E2E) && npm ci --no-audit --no-fund
	@touch $@

e2e-deps: $(E2E)/node_modules/.package-lock.json

# Lighthouse for `make bench` only (12.x: 13.x needs Node 22), in its own
# pinned folder so `make test` never installs it.
$(LIGHTHOUSE)/node_modules/.package-lock.json: $(LIGHTHOUSE)/package-lock.json $(LIGHTHOUSE)/package.json
	cd $(LIGHTHOUSE) && npm ci --no-audit --no-fund
	@touch $@

lighthouse-deps: $(LIGHTHOUSE)/node_modules/.package-lock.json

## Run ---------------------------------------------------------------------

serve: tools
	trunk serve --offline --address 127.0.0.1 --port 8080

build: tools
	trunk build --release --offline

## Checks ------------------------------------------------------------------

test: tools browser e2e-deps
	$(MAKE) fmt clippy test-native test-wasm build e2e budget
	@echo "make test: every check passed"

fmt:
	cargo fmt --all --check

clippy:
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

test-native:
	cargo test

test-wasm:
	CHROMEDRIVER=$(CHROMEDRIVER) cargo test --target wasm32-unknown-unknown --test web

e2e:
	DIST=$(CURDIR)/dist node --test --test-concurrency=1 $(E2E)/*.test.mjs

budget:
	node $(E2E)/budget.mjs dist

bench: tools browser e2e-deps lighthouse-deps build
	DIST=$(CURDIR)/dist node $(E2E)/bench.mjs

clean:
	cargo clean
	rm -rf dist
