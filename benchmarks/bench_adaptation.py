"""The framework adaptation (retrieval/adaptation.py) at ESCO's shape: 13,939 skills,
46,261 names and aliases, 27,672 pseudo-sentences, 384 dimensions. Times training (one
epoch by default; the ingest runs EPOCHS) and the cost it adds to each sentence query.
Vectors are random: the time depends on the shapes, not on what they hold. Embedding the
pseudo-sentences is the encoder's own cost (about 180 texts/s for MiniLM on 2 cores, 2.5 minutes).

Usage: python benchmarks/bench_adaptation.py [--epochs 1]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from retrieval.adaptation import EPOCHS, train

SKILLS, FORMS, SENTENCES, DIM = 13_939, 46_261, 27_672, 384


def unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    forms = unit(rng.normal(size=(FORMS, DIM)))
    starts = np.sort(rng.choice(np.arange(1, FORMS), SKILLS - 1, replace=False))
    starts = np.concatenate([[0], starts])
    descriptions = unit(rng.normal(size=(SKILLS, DIM)))
    owners = rng.integers(0, SKILLS, SENTENCES)
    queries = unit(descriptions[owners] + 0.5 * rng.normal(size=(SENTENCES, DIM)))
    started = time.perf_counter()
    learnt = train(queries, owners.tolist(), forms, starts, descriptions, epochs=args.epochs)
    seconds = time.perf_counter() - started
    print(
        f"training, {SENTENCES:,} pseudo-sentences against {SKILLS:,} skills "
        f"({FORMS:,} names): {seconds / args.epochs:.1f} s an epoch; "
        f"the ingest's {EPOCHS} epochs ≈ {seconds / args.epochs * EPOCHS:.0f} s"
    )
    batch = queries[:32]
    runs = []
    for _ in range(20):
        started = time.perf_counter()
        learnt.queries(batch)
        runs.append(time.perf_counter() - started)
    print(f"adapting a chunk of 32 sentence vectors: {np.median(runs) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
