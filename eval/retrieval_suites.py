"""Run the retrieval and normalisation suites against a Knowledge service.

retrieval: recall@5, MRR@10, nDCG@10 — for hybrid, dense-only and BM25-only in one run.
normalisation: accuracy@1 (the `match` field equals the gold skill, or is null when the gold
is null), accuracy@5 (gold skill among the top 5; phrases with a gold skill only),
no-match precision (of the phrases answered "no match", the share whose gold is null) and
no-match recall.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from eval.metrics import mean, ndcg_at_k, recall_at_k, reciprocal_rank
from eval.suites import SUITES, load_suite
from retrieval.knowledge import Knowledge
from retrieval.search import MODES


def run_retrieval(knowledge: Knowledge, path: Path = SUITES / "retrieval.yaml") -> dict[str, Any]:
    cases = load_suite(path, "retrieval")
    report: dict[str, Any] = {"cases": len(cases), "modes": {}}
    for mode in MODES:
        rows = []
        latencies = []
        for case in cases:
            started = time.perf_counter()
            hits = knowledge.search(
                str(case["query"]),
                top_k=10,
                doc_types=[case["type"]] if case.get("type") else None,
                mode=mode,
            )
            latencies.append((time.perf_counter() - started) * 1000)
            ranked = [h.id for h in hits]
            expected = [str(e) for e in case["expected"]]
            rows.append(
                {
                    "id": case["id"],
                    "ranked": ranked[:10],
                    "recall@5": recall_at_k(ranked, expected, 5),
                    "mrr@10": reciprocal_rank(ranked, expected, 10),
                    "ndcg@10": ndcg_at_k(ranked, expected, 10),
                }
            )
        latencies.sort()
        report["modes"][mode] = {
            "recall@5": mean([r["recall@5"] for r in rows]),
            "mrr@10": mean([r["mrr@10"] for r in rows]),
            "ndcg@10": mean([r["ndcg@10"] for r in rows]),
            "p50_ms": latencies[len(latencies) // 2],
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
            "misses": [r["id"] for r in rows if r["recall@5"] == 0],
        }
    return report


def run_normalisation(
    knowledge: Knowledge, path: Path = SUITES / "normalisation.yaml"
) -> dict[str, Any]:
    cases = load_suite(path, "normalisation")
    results = knowledge.match_skills([str(c["phrase"]) for c in cases], top_k=5)
    at1, at5, failures = [], [], []
    said_none = right_none = gold_none = 0
    for case, result in zip(cases, results, strict=True):
        gold = case.get("expected")
        ok = result.match == gold
        at1.append(1.0 if ok else 0.0)
        if gold is not None:
            at5.append(1.0 if gold in [sid for sid, _, _ in result.results] else 0.0)
        else:
            gold_none += 1
        if result.match is None:
            said_none += 1
            right_none += gold is None
        if not ok:
            failures.append(
                {
                    "id": case["id"],
                    "phrase": case["phrase"],
                    "expected": gold,
                    "got": result.match,
                    "top": [(sid, round(s, 3)) for sid, _, s in result.results[:3]],
                }
            )
    return {
        "cases": len(cases),
        "accuracy@1": mean(at1),
        "accuracy@5": mean(at5),
        "no_match_precision": right_none / said_none if said_none else 0.0,
        "no_match_recall": right_none / gold_none if gold_none else 0.0,
        "failures": failures,
    }


def main() -> None:
    """`python -m eval.retrieval_suites [--json OUT]`: run both suites on the configured
    store and index (TALENT_* settings) and print the metrics."""
    import argparse
    import json

    from services import Services

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--json", type=Path, help="also write the full results here")
    args = parser.parse_args()
    knowledge = Services.from_settings().knowledge
    normalisation = run_normalisation(knowledge)
    retrieval = run_retrieval(knowledge)
    print(
        f"normalisation ({normalisation['cases']} phrases): "
        f"accuracy@1 {normalisation['accuracy@1']:.3f}, "
        f"accuracy@5 {normalisation['accuracy@5']:.3f}, "
        f"no-match precision {normalisation['no_match_precision']:.3f}, "
        f"no-match recall {normalisation['no_match_recall']:.3f}"
    )
    print(f"retrieval ({retrieval['cases']} queries):")
    print(f"  {'mode':<8} {'recall@5':>9} {'MRR@10':>8} {'nDCG@10':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for mode, m in retrieval["modes"].items():
        print(
            f"  {mode:<8} {m['recall@5']:>9.3f} {m['mrr@10']:>8.3f} {m['ndcg@10']:>8.3f} "
            f"{m['p50_ms']:>8.1f} {m['p95_ms']:>8.1f}"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"normalisation": normalisation, "retrieval": retrieval}, indent=2)
        )


if __name__ == "__main__":
    main()
