# noticeboard — `make run` builds and serves the bundled notices; `make test` runs every test.
# Both set up everything they need first (virtualenv, package, Debian's chromium for browser tests).
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# axe-core (MPL-2.0), the accessibility engine the browser tests run in Chromium, and Lighthouse
# (Apache-2.0; 12.x runs on Node 20, 13 needs Node 22), the page audit tests/test_lighthouse.py
# runs: fetched from the npm registry at pinned versions in one install (a second --no-save install
# would prune the first), kept out of the repository.
AXE_VERSION := 4.14.1
LIGHTHOUSE_VERSION := 12.2.3
AXE := $(VENV)/node_modules/axe-core/axe.min.js
LIGHTHOUSE := $(VENV)/node_modules/lighthouse/cli/index.js
PORT ?= 8000

.PHONY: setup browser run preview check test bench bench-scale clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(AXE) $(LIGHTHOUSE) &: Makefile
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV) axe-core@$(AXE_VERSION) lighthouse@$(LIGHTHOUSE_VERSION)
	touch $(AXE) $(LIGHTHOUSE)

setup: $(STAMP) $(AXE) $(LIGHTHOUSE)

# Debian's chromium for the real-browser tests (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

check: $(STAMP)
	$(BIN)/noticeboard check

run: $(STAMP)
	$(BIN)/noticeboard build
	@echo "serving the site at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory site

preview: $(STAMP)
	$(BIN)/noticeboard serve --dev-addr 127.0.0.1:$(PORT)

test: setup browser
	$(BIN)/pytest

bench: setup browser
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@command -v hugo >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq hugo >/dev/null; }
	$(BIN)/python scripts/benchmark.py

bench-scale: setup
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python scripts/scale_bench.py --sizes 1000,10000

clean:
	rm -rf site .pytest_cache test-artifacts
