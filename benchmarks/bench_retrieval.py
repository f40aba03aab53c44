"""Retrieval benchmarks with the real model and embedded Chroma.

1. Ingestion throughput vs raw embedding throughput of the same model (same texts, same run).
2. Hybrid search latency (warm process) over corpora of ~10k and ~100k chunks.
3. Skill matching: 1,000 phrases in one batch.

Usage: python benchmarks/bench_retrieval.py [--sizes 10000 100000] [--ingest 3000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from common import synthetic_org

from ingest.native_folder import read_native_folder
from retrieval.chunking import org_chunks
from retrieval.embeddings import get_embedder
from retrieval.indexer import Indexer
from retrieval.normalise import SkillNormaliser
from retrieval.search import HybridSearcher, build_filter
from retrieval.vectorstore import ChromaVectorStore, StoredChunk
from storage.bundle import ExistingState

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "someone to triage IT tickets",
    "Spark certification course",
    "Kubernetes expert",
    "data engineer who wants to become senior",
    "prompt engineering workshop",
    "AI governance and the EU AI Act",
    "who knows Terraform",
    "coaching for team leads",
    "streaming pipelines with Kafka",
    "people analytics with Python",
]


def corpus(n_employees: int, seed: int = 1) -> list:  # type: ignore[type-arg]
    _, org = synthetic_org(n_employees, seed=seed)
    return list(org_chunks(org, {}, {}))


def bench_ingest(n: int) -> None:
    chunks = corpus(n)[:n]
    embedder = get_embedder("minilm")
    embedder.embed([c.text for c in chunks[:64]])  # warm the model
    started = time.perf_counter()
    embedder.embed([c.text for c in chunks])
    raw = len(chunks) / (time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        indexer = Indexer(ChromaVectorStore(path=Path(tmp)), embedder)
        started = time.perf_counter()
        indexer.sync(chunks)
        ingest = len(chunks) / (time.perf_counter() - started)
        started = time.perf_counter()
        report = indexer.sync(chunks)
        again = time.perf_counter() - started
    print(
        f"ingest {len(chunks):,} chunks: raw embedding {raw:,.0f} chunks/s, ingestion "
        f"{ingest:,.0f} chunks/s, ratio {ingest / raw:.2f}; unchanged re-sync {again:.2f} s "
        f"({report.written} written)"
    )


def bench_search(sizes: list[int], base_size: int) -> None:
    """Search latency at several corpus sizes. Real embeddings for `base_size` distinct
    chunks are computed once; larger corpora repeat them with small noise (and their own
    ids), since latency depends on corpus size, not on where the vectors came from."""
    base = corpus(base_size)
    embedder = get_embedder("minilm")
    started = time.perf_counter()
    cache = Path(tempfile.gettempdir()) / f"talent-bench-{len(base)}.npy"
    if cache.exists():  # local reruns: the same seeded corpus, embedded before
        vectors_base = np.load(cache)
        print(f"loaded {len(base):,} cached chunk embeddings from {cache}")
    else:
        vectors_base = embedder.embed([c.text for c in base])
        np.save(cache, vectors_base)
        print(f"embedded {len(base):,} distinct chunks in {time.perf_counter() - started:.0f} s")
    rng = np.random.default_rng(3)
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            vectors = ChromaVectorStore(path=Path(tmp))
            started = time.perf_counter()
            copy = 0
            while vectors.count() < size:
                take = min(len(base), size - vectors.count())
                noise = rng.normal(0, 0.01, (take, vectors_base.shape[1])).astype(np.float32)
                batch = vectors_base[:take] + (noise if copy else 0)
                batch /= np.linalg.norm(batch, axis=1, keepdims=True)
                vectors.upsert(
                    [
                        StoredChunk(f"{c.chunk_id}#{copy}", c.text, c.full_metadata())
                        for c in base[:take]
                    ],
                    batch,
                )
                copy += 1
            built = time.perf_counter() - started
            searcher = HybridSearcher(vectors, embedder)
            searcher.search("warm up", 10)
            for label, where in (
                ("no filter", None),
                ("type=role", build_filter(doc_types=["role"])),
            ):
                timings = []
                for i in range(200):
                    query = QUERIES[i % len(QUERIES)]
                    started = time.perf_counter()
                    searcher.search(query, 10, where)
                    timings.append((time.perf_counter() - started) * 1000)
                timings.sort()
                print(
                    f"hybrid search over {vectors.count():,} chunks ({label}): p50 "
                    f"{statistics.median(timings):.1f} ms, p95 {timings[189]:.1f} ms "
                    f"(vectors stored in {built:.0f} s)"
                )


def bench_match() -> None:
    base = read_native_folder(ROOT / "data" / "sample", ExistingState())
    normaliser = SkillNormaliser(base.skills or [], get_embedder("minilm"))
    rng = random.Random(5)
    words = [
        "senior",
        "python",
        "k8s",
        "spark",
        "pipelines",
        "cloud",
        "coaching",
        "sql",
        "governance",
        "recruiting",
        "dashboards",
        "terraform",
        "incident",
        "design",
    ]
    phrases = [" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(1000)]
    started = time.perf_counter()
    normaliser.match(phrases)
    seconds = time.perf_counter() - started
    print(f"skill matching: 1,000 phrases in {seconds:.2f} s = {1000 / seconds:,.0f} phrases/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--ingest", type=int, default=2000)
    parser.add_argument("--base", type=int, default=10_000, help="distinct chunks embedded")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"cpus={os.cpu_count()}")
    bench_match()
    bench_ingest(args.ingest)
    bench_search(args.sizes, args.base)


if __name__ == "__main__":
    main()
