"""What an ingest costs this process when the encoder is an endpoint: ESCO's 13,939 skills'
texts through the framework's path (CachedEmbedder into the store, then the indexer into an
embedded Chroma), against a loopback `/v1/embeddings` that answers at once
(tests/support/embedding_server.py, a process of its own, 384-dimensional vectors). The
endpoint's own time is then ~0: what is left is ours (requests, JSON, the store, Chroma).

Reported in ms per 1,000 skills (two texts each: its name, embedded for matching, and its
chunk, for the index): the endpoint alone with 1 and 4 requests in flight, and the whole
ingest with 1 or 4 in flight, writing after embedding or overlapped with it; beside it the
same ingest with an in-process encoder that costs nothing (the floor). Then the same
against an endpoint that takes 50 ms a request, as a remote GPU server might, into
embedded Chroma and into a `chroma run` server.

With --models, first the local models' own rate on the same texts (the first 500): the
packaged MiniLM (ONNX Runtime and torch) and all-mpnet-base-v2 as a model folder (`make
embedding-models`), a few minutes on 2 cores, so not part of `make bench`.

Usage: python benchmarks/bench_embedding_endpoint.py [--texts N] [--models]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import free_port  # noqa: E402

from retrieval.cached_embedder import CachedEmbedder  # noqa: E402
from retrieval.chunking import Chunk  # noqa: E402
from retrieval.embeddings import Embedder, FolderEmbedder, MiniLMEmbedder  # noqa: E402
from retrieval.endpoint_embedder import EndpointEmbedder  # noqa: E402
from retrieval.indexer import Indexer  # noqa: E402
from retrieval.vectorstore import ChromaVectorStore  # noqa: E402
from storage.store import Store  # noqa: E402
from tests.support.esco_package import package_rows, split  # noqa: E402
from tests.support.servers import start_chroma_server  # noqa: E402

DIM = 384


class Free:
    """An encoder that costs nothing: the vectors were made before the clock started."""

    name, dim = "free", DIM

    def __init__(self, texts: Sequence[str]):
        texts = [*texts, *(t.split(". ")[0] for t in texts)]
        rng = np.random.default_rng(0)
        matrix = rng.standard_normal((len(texts), DIM)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        self._rows = dict(zip(texts, matrix, strict=True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._rows[t] for t in texts]) if texts else np.zeros((0, DIM))


def esco_texts(limit: int) -> list[str]:
    """One text per skill: its name and description, as its index chunk reads."""
    texts = []
    for _uri, blob in package_rows():
        name, _aliases, description = split(blob)
        texts.append(f"{name}. {description}".strip())
    return list(dict.fromkeys(texts))[:limit]


def ingest(embedder: Embedder, texts: list[str], overlap: bool, chroma_url: str = "") -> float:
    """Seconds for a framework into a fresh store and index: the normaliser's texts (here
    the names) embedded and stored, then each skill's chunk embedded and written."""
    with tempfile.TemporaryDirectory() as home:
        store = Store(f"sqlite:///{home}/talent.db")
        collection = f"bench-{time.monotonic_ns()}"
        vectors = ChromaVectorStore(Path(home) / "chroma", chroma_url, collection)
        cached = CachedEmbedder(embedder, store.text_vectors)
        indexer = Indexer(vectors, embedder, cached, overlap=overlap)
        chunks = [Chunk("skill", f"S{i}", 0, t[:40], "", t) for i, t in enumerate(texts)]
        names = [t.split(". ")[0] for t in texts]
        started = time.perf_counter()
        cached.embed(names)  # what the normaliser asks for
        indexer.sync(chunks)  # the index: another text per skill
        seconds = time.perf_counter() - started
        store.close()
        return seconds


def local_models(texts: list[str]) -> None:
    sample = texts[:500]
    with tempfile.TemporaryDirectory() as cache:
        MiniLMEmbedder(cache=Path(cache)).embed(["export"])  # writes the ONNX export
        models: list[tuple[str, Embedder]] = [
            ("minilm, ONNX Runtime", MiniLMEmbedder(cache=Path(cache))),
            ("minilm, torch", MiniLMEmbedder()),
            (
                "all-mpnet-base-v2 folder, torch",
                FolderEmbedder(ROOT / ".models" / "all-mpnet-base-v2"),
            ),
        ]
        print(f"{len(sample)} ESCO skill texts, {os.cpu_count()} cores, local models:")
        for label, model in models:
            model.embed(sample[:8])  # loaded
            started = time.perf_counter()
            model.embed(sample)
            seconds = time.perf_counter() - started
            rate = len(sample) / seconds
            print(f"  {label:<32} {rate:6.0f} texts/s  {1e6 / rate:7.0f} ms per 1,000")


def started_server(delay_s: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.support.embedding_server", str(port), str(DIM), str(delay_s)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.post(f"{url}/embeddings", json={"model": "m", "input": ["up"]}, timeout=2)
            return server, url
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def rows(
    url: str, texts: list[str], runs: Sequence[tuple[str, int, bool]], chroma_url: str = ""
) -> None:
    def endpoint(concurrency: int) -> EndpointEmbedder:
        return EndpointEmbedder(url, "bench", batch_size=64, concurrency=concurrency)

    warm = endpoint(4)
    warm.embed([*texts, *(t.split(". ")[0] for t in texts)])  # the server keeps its answers
    warm.close()
    for what, concurrency, overlap in runs:
        embedder = endpoint(concurrency)
        started = time.perf_counter()
        if what == "endpoint":
            embedder.embed(texts)
            seconds = time.perf_counter() - started
            label = f"endpoint alone, {concurrency} in flight"
        else:
            seconds = ingest(embedder, texts, overlap, chroma_url)
            how = "overlapped" if overlap else "in turn"
            label = f"ingest, {concurrency} in flight, {how}"
        embedder.close()
        print(f"  {label:<36} {seconds / len(texts) * 1e6:6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=13_939)
    parser.add_argument("--models", action="store_true")
    arguments = parser.parse_args()
    texts = esco_texts(arguments.texts)
    if arguments.models:
        local_models(texts)
    print(f"{len(texts):,} ESCO skills, {DIM} dims, {os.cpu_count()} cores; ms per 1,000 skills:")
    seconds = ingest(Free(texts), texts, overlap=True)
    print(f"  {'ingest, in-process encoder at no cost':<36} {seconds / len(texts) * 1e6:6.0f} ms")
    server, url = started_server(0.0)
    try:
        print("an endpoint that answers at once:")
        rows(url, texts, [("endpoint", 1, False), ("endpoint", 4, False), ("ingest", 4, True)])
    finally:
        server.terminate()
        server.wait(10)
    # A remote GPU's latency: 50 ms per request of 64 texts, whatever else is in flight.
    server, url = started_server(0.05)
    few = texts[:4_000]
    try:
        print(f"an endpoint that takes 50 ms a request ({len(few):,} texts):")
        runs = [("endpoint", 1, False), ("endpoint", 4, False)]
        rows(url, few, [*runs, ("ingest", 1, False), ("ingest", 4, False), ("ingest", 4, True)])
        # Embedded Chroma's writes hold the interpreter's lock, so nothing overlaps them;
        # a Chroma server's are network waits, which the next batch's embedding fills.
        with tempfile.TemporaryDirectory() as data:
            chroma = start_chroma_server(Path(data) / "chroma", Path(data) / "log")
            try:
                print("  … into a `chroma run` server:")
                rows(url, few, [("ingest", 4, False), ("ingest", 4, True)], chroma.url)
            finally:
                chroma.stop()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
