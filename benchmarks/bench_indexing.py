"""Indexing people's profiles with the real model: the indexer's throughput beside the raw
encoder on exactly the same texts, in the same run.

Usage: python benchmarks/bench_indexing.py [--employees 3000]
The indexer embeds in batches of EMBED_BATCH and writes each batch to embedded Chroma; the
raw encoder embeds the same texts in one call. The difference is what the index costs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from common import synthetic_org

from retrieval.chunking import org_chunks
from retrieval.embeddings import get_embedder
from retrieval.indexer import Indexer
from retrieval.vectorstore import ChromaVectorStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=3000)
    args = parser.parse_args()
    _, org = synthetic_org(args.employees, resources=False)
    chunks = [c for c in org_chunks(org, {}, {}) if c.doc_type == "profile"]
    texts = [c.text for c in chunks]
    chars = sum(len(t) for t in texts)
    embedder = get_embedder("minilm")
    embedder.embed(["warm up the model"])
    print(
        f"cpus={os.cpu_count()} employees={args.employees:,} profile chunks={len(chunks):,} "
        f"(mean {chars / len(chunks):.0f} characters)"
    )
    started = time.perf_counter()
    embedder.embed(texts)
    raw = time.perf_counter() - started
    print(f"raw encoder, same texts        {raw:7.1f} s   {len(texts) / raw:6.0f} texts/s")
    with tempfile.TemporaryDirectory() as tmp:
        indexer = Indexer(ChromaVectorStore(path=Path(tmp) / "chroma"), embedder)
        started = time.perf_counter()
        report = indexer.sync(chunks)
        took = time.perf_counter() - started
        assert report.written == len(chunks)
    print(f"indexer (embed + Chroma)       {took:7.1f} s   {len(texts) / took:6.0f} texts/s")
    print(f"indexer / raw encoder throughput: {raw / took:.2f}")


if __name__ == "__main__":
    main()
