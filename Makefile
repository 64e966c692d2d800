# noticeboard — `make run` builds and serves the bundled notices; `make test` runs every test.
# Both set up everything they need first (virtualenv, package, Debian's chromium for browser tests).
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# axe-core (MPL-2.0), the accessibility engine the browser tests run in Chromium: fetched from the
# npm registry at a pinned version, kept out of the repository (tests/test_public_site.py reads it).
AXE_VERSION := 4.14.1
AXE := $(VENV)/node_modules/axe-core/axe.min.js
PORT ?= 8000

.PHONY: setup browser run preview check test bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(AXE): Makefile
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV) axe-core@$(AXE_VERSION)
	touch $(AXE)

setup: $(STAMP) $(AXE)

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

clean:
	rm -rf site .pytest_cache test-artifacts
