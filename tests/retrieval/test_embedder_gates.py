"""The two embedders besides the packaged MiniLM, each indexing the sample organisation and
passing the retrieval suite's gate (the Makefile's `eval`): llama.cpp's server on loopback
serving MiniLM as GGUF through `/v1/embeddings`, and all-mpnet-base-v2 as a model folder.
Both made by `make embedding-models`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from retrieval.embeddings import get_embedder
from tests.support.organisations import SAMPLE
from tests.support.servers import (
    ServerProcess,
    made_model,
    run_talent,
    start_llama_embedding_server,
)

pytestmark = pytest.mark.slow

GATE = ["--min", "retrieval.hybrid.recall@5=0.9"]
SUITE = Path(__file__).resolve().parents[2] / "eval" / "suites" / "retrieval.yaml"


@pytest.fixture(scope="module")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_llama_embedding_server(tmp_path_factory.mktemp("llama-embeddings"))
    yield server
    server.stop()


def _gate(home: Path, **settings: str) -> str:
    env = {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_AS_OF": "2026-11-22",
        **{f"TALENT_{k.upper()}": v for k, v in settings.items()},
    }
    loaded = run_talent(env, "load", str(SAMPLE))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    evaluated = run_talent(env, "eval", "run", str(SUITE), "--out", str(home / "eval"), *GATE)
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    return evaluated.stdout


def test_llama_cpp_pools_minilm_as_sentence_transformers_does(llama: ServerProcess) -> None:
    texts = ["Kubernetes cluster operations", "I write PySpark pipelines", "coaching juniors"]
    answer = httpx.post(
        f"{llama.url}/embeddings", json={"model": "minilm", "input": texts}, timeout=60
    )
    served = np.asarray([row["embedding"] for row in answer.json()["data"]], np.float32)
    served /= np.linalg.norm(served, axis=1, keepdims=True)
    cosines = (served * get_embedder("minilm").embed(texts)).sum(axis=1)
    assert cosines.min() > 0.99


def test_an_endpoint_indexes_the_sample_org_and_passes_the_gate(
    llama: ServerProcess, tmp_path: Path
) -> None:
    out = _gate(
        tmp_path / "home",
        embedder="endpoint",
        embed_endpoint_url=llama.url,
        embed_endpoint_model="all-MiniLM-L6-v2",
    )
    assert "retrieval" in out


def test_a_second_model_folder_passes_the_gate(tmp_path: Path) -> None:
    out = _gate(tmp_path / "home", embedder=str(made_model("all-mpnet-base-v2")))
    assert "retrieval" in out
