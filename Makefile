# Fashion-MNIST CNN Studio. `make run` starts the app; `make test` runs every test.
# Both set everything up first on a fresh Debian machine (apt when root, else a note).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
DATA_DIR := /usr/share/datasets/fashion-mnist
export TF_CPP_MIN_LOG_LEVEL ?= 2
# Two malloc arenas, not 8 per core: Streamlit's per-run threads each kept their own
# (ui/serving.py; BENCHMARKS.md, issue 11).
export MALLOC_ARENA_MAX ?= 2

# `make requirements` recompiles the pinned requirements.txt from requirements.in.
.PHONY: requirements run test test-fast setup dev-setup dataset browser lint format screenshots benchmarks clean

run: setup dataset
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: lint dataset browser
	$(PY) -m pytest

# Everything that needs no browser (tests that use the `browser` fixture are e2e).
test-fast: dev-setup dataset
	$(PY) -m pytest -m "not e2e"

$(PY):
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

dev-setup: $(VENV)/.installed-dev

# Debian's package holds the original IDX files; Streamlit Cloud installs it from packages.txt.
dataset:
	@if [ -f $(DATA_DIR)/t10k-labels-idx1-ubyte.gz ] || [ -n "$$FASHION_MNIST_DIR" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$(cat packages.txt); \
	else \
		echo "NOTE: Fashion-MNIST is not installed. Run: sudo apt-get install $$(cat packages.txt)"; \
		echo "      (or set FASHION_MNIST_DIR to a folder with the four .gz IDX files)"; \
	fi

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "NOTE: browser tests need Chromium. Run: sudo apt-get install chromium chromium-driver"; \
	fi

# ruff (lint and format) and mypy (types of the package, the app and the benchmarks).
lint: dev-setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: dev-setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

screenshots: dev-setup dataset browser
	$(PY) scripts/screenshots.py

# Each benchmark prints its tables; BENCHMARKS.md records them with the machine.
benchmarks: dev-setup dataset browser
	$(PY) -m benchmarks.models
	$(PY) -m benchmarks.inference
	$(PY) -m benchmarks.real_inputs
	$(PY) -m benchmarks.app_latency
	$(PY) -m benchmarks.load

requirements: dev-setup
	$(PY) -m uv pip compile requirements.in --universal --python-version 3.11 \
		--custom-compile-command "make requirements" -q -o requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
