"""The chat's router: how long understanding a question takes, warm and cold.

- start: building the router with its example vectors computed, then loaded from the cache;
- reading the slots of a question (names, roles, skills, dates…);
- routing a question never seen in that shape (one MiniLM embedding) and one whose shape was
  seen (names differ, the templated question is the same: the scores are remembered).
Questions: the understanding suite's (eval/suites/understanding.yaml), as a varied sample of
how people ask.

Usage: python benchmarks/bench_router.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from agent.capabilities import CATALOGUE
from agent.router import Router
from agent.slots import Vocabulary
from core.settings import Settings
from ingest.native_folder import read_native_folder
from retrieval.embeddings import get_embedder
from storage.bundle import ExistingState

ROOT = Path(__file__).resolve().parents[1]


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"p50 {statistics.median(ordered):5.1f} ms, p95 {p95:5.1f} ms"


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    questions = [
        case["question"]
        for case in yaml.safe_load((ROOT / "eval/suites/understanding.yaml").read_text())["cases"]
    ]
    bundle = read_native_folder(ROOT / "data/sample", ExistingState())
    from domain.org import Org

    org = Org.build(
        bundle.skills or [],
        bundle.roles or [],
        bundle.employees or [],
        bundle.assertions or [],
        bundle.resources or [],
        stale_after_months=Settings().stale_after_months,
    )
    embedder = get_embedder("minilm")
    embedder.embed(["warm up"])
    print(f"cpus={os.cpu_count()} questions={len(questions)} examples="
          f"{sum(len(c.examples) for c in CATALOGUE.values())}")  # fmt: skip
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        Router(CATALOGUE, embedder, Path(cache))
        computed = time.perf_counter() - started
        started = time.perf_counter()
        router = Router(CATALOGUE, embedder, Path(cache))
        loaded = time.perf_counter() - started
    print(f"router start: examples embedded {computed * 1000:.0f} ms, "
          f"loaded from the cache {loaded * 1000:.1f} ms")  # fmt: skip
    started = time.perf_counter()
    vocabulary = Vocabulary(org)
    print(f"vocabulary of the org: {(time.perf_counter() - started) * 1000:.0f} ms")
    reading, unseen, seen = [], [], []
    shapes = set()
    for question in questions:
        t = time.perf_counter()
        slots = vocabulary.read(question)
        reading.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        router.route(slots)
        (seen if slots.templated in shapes else unseen).append((time.perf_counter() - t) * 1000)
        shapes.add(slots.templated)
    for question in questions:  # every shape is known now
        slots = vocabulary.read(question)
        t = time.perf_counter()
        router.route(slots)
        seen.append((time.perf_counter() - t) * 1000)
    print(f"reading a question's slots:          {_ms(reading)}")
    print(f"routing, a shape not seen before:    {_ms(unseen)}")
    print(f"routing, a shape seen before:        {_ms(seen)}")
    total = [r + u for r, u in zip(reading, unseen, strict=False)]
    print(f"reading + routing, shape not seen:   {_ms(total)}")


if __name__ == "__main__":
    main()
