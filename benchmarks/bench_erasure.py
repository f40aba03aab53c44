"""What erasure adds on the index side: Chroma keeps deleted chunks in its log, so erasure
rebuilds the collection from what is live (retrieval.vectorstore.ChromaVectorStore.compact).

Usage: python benchmarks/bench_erasure.py [--chunks N]   (ESCO-sized index: ~20,000 chunks)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from retrieval.vectorstore import ChromaVectorStore, StoredChunk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=20_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    chunks = [
        StoredChunk(f"skill:s{i}:0", f"skill {i} " * 40, {"entity_id": f"s{i}", "type": "skill"})
        for i in range(args.chunks)
    ]
    vectors = rng.random((args.chunks, 384), dtype=np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        store = ChromaVectorStore(path=Path(tmp) / "chroma")
        started = time.perf_counter()
        store.upsert(chunks, vectors)
        indexed = time.perf_counter() - started
        store.delete([chunks[len(chunks) // 2].chunk_id])
        started = time.perf_counter()
        store.compact()
        compacted = time.perf_counter() - started
        print(f"cpus={os.cpu_count()} chunks={args.chunks:,} dim=384")
        print(f"upsert (vectors given)   {indexed:6.1f} s")
        print(f"compact after a delete   {compacted:6.1f} s   ({store.count():,} live chunks)")


if __name__ == "__main__":
    main()
