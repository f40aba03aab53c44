"""The sentence-level extraction suite (eval/suites/esco/extraction.yaml): job-ad sentences
labelled by hand with the ESCO skills they mention, ranked against the whole framework.

Reported for our extractor (retrieval/extract.py `rank_skills`), for each of its steps added
one at a time, and for the baseline every published comparison uses: plain cosine between
the sentence's MiniLM vector and each skill's preferred-label vector, computed in the same
run. MRR (1/rank of the first gold skill; 0 beyond the first RANK_DEPTH) and RP@5 (gold
skills among the first min(5, R)). Also the precision and recall of the set of skills
`extract_skills` returns, the multi-label answer users get. With an LLM configured, both
again with the LLM re-rank ("plus_rerank", "extract_reranked")."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import UserError
from eval.metrics import mean, r_precision_at_k, reciprocal_rank
from eval.suites import load_suite
from retrieval.extract import Choose, Steps, extract_skills, rank_skills
from retrieval.knowledge import Knowledge

RANK_DEPTH = 100
# Each step added to the previous ones; the last is the extractor as it runs.
VARIANTS: dict[str, Steps] = {
    "names_aliases": Steps(
        descriptions=False, spans=False, named=False, keywords=False, adapted=False
    ),
    "plus_descriptions": Steps(spans=False, named=False, keywords=False, adapted=False),
    "plus_spans": Steps(named=False, keywords=False, adapted=False),
    "plus_named": Steps(keywords=False, adapted=False),
    "plus_keywords": Steps(adapted=False),  # + BM25
    # the framework's adaptation, when one was trained: centring, then the names adapter
    "plus_centring": Steps(adapter=False),
    "ours": Steps(),
}
BASELINE = "baseline_cosine"


def _gold(case: dict[str, Any], path: Path, known: set[str]) -> list[str]:
    expected = case.get("expected")
    if not isinstance(expected, list) or not expected:
        raise UserError(f"{path}: case {case['id']}: 'expected' must list ESCO skills")
    gold = ["esco:" + str(uri).rstrip("/").rsplit("/", 1)[-1] for uri in expected]
    missing = [g for g in gold if g not in known]
    if missing:
        raise UserError(
            f"{path}: case {case['id']}: {missing} not in the loaded framework: load ESCO "
            "first (talent ingest --format esco DIR)"
        )
    return gold


def run_extraction(
    knowledge: Knowledge, path: Path, rerank: Callable[[], Choose | None] | None = None
) -> dict[str, Any]:
    """`rerank`: makes the LLM re-rank for one sentence (when an LLM is configured); then
    the ranking and the extracted set are also reported with it ("plus_rerank",
    "extract_reranked"), beside the same run without it."""
    cases = load_suite(path, "extraction")
    normaliser = knowledge.normaliser
    known = {s.skill_id for s in normaliser.skills}
    golds = [_gold(case, path, known) for case in cases]
    sentences = [str(case["sentence"]) for case in cases]
    rankings: dict[str, list[list[str]]] = {}
    timings: dict[str, float] = {}
    for name, steps in VARIANTS.items():
        started = time.perf_counter()
        rankings[name] = [
            [sid for sid, _ in rank_skills(s, normaliser, RANK_DEPTH, steps)] for s in sentences
        ]
        timings[name] = (time.perf_counter() - started) / len(sentences) * 1000
    pool = knowledge.settings.llm_rerank_candidates
    choosers = [rerank() for _ in sentences] if rerank else []
    if rerank:
        started = time.perf_counter()
        rankings["plus_rerank"] = [
            [sid for sid, _ in rank_skills(s, normaliser, RANK_DEPTH, choose=c, pool_size=pool)]
            for s, c in zip(sentences, choosers, strict=True)
        ]
        timings["plus_rerank"] = (time.perf_counter() - started) / len(sentences) * 1000
    started = time.perf_counter()
    labels = knowledge.framework_embedder.embed([s.name for s in normaliser.skills])
    vectors = knowledge.embedder.embed(sentences)
    ids = [s.skill_id for s in normaliser.skills]
    rankings[BASELINE] = [[ids[i] for i in np.argsort(-(labels @ v))[:RANK_DEPTH]] for v in vectors]
    timings[BASELINE] = (time.perf_counter() - started) / len(sentences) * 1000
    report: dict[str, Any] = {
        "cases": len(cases),
        "labels": sum(map(len, golds)),
        "adapted": normaliser.adaptation is not None,  # else "ours" is "plus_keywords"
        "methods": {},
    }
    for name, ranked in rankings.items():
        rr = [reciprocal_rank(r, g, RANK_DEPTH) for r, g in zip(ranked, golds, strict=True)]
        rp = [r_precision_at_k(r, g, 5) for r, g in zip(ranked, golds, strict=True)]
        by_domain: dict[str, list[float]] = defaultdict(list)
        for case, value in zip(cases, rr, strict=True):
            by_domain[str(case.get("domain", "other"))].append(value)
        report["methods"][name] = {
            "mrr": mean(rr),
            "rp@5": mean(rp),
            "mrr_by_domain": {d: mean(v) for d, v in sorted(by_domain.items())},
            "ms_per_sentence": timings[name],
            "misses": [c["id"] for c, v in zip(cases, rr, strict=True) if v == 0.0],
        }
    report["mrr_margin"] = report["methods"]["ours"]["mrr"] - report["methods"][BASELINE]["mrr"]
    # The multi-label answer users get (`talent skills extract`): micro precision and recall
    # of the set it returns against the gold set.
    started = time.perf_counter()
    extracted = [{m.skill_id for m in extract_skills(s, normaliser)} for s in sentences]
    report["extract"] = _set_scores(extracted, golds, started)
    if rerank:
        started = time.perf_counter()
        reranked = [
            {m.skill_id for m in extract_skills(s, normaliser, choose=rerank(), pool_size=pool)}
            for s in sentences
        ]
        report["extract_reranked"] = _set_scores(reranked, golds, started)
    report["cases_detail"] = [
        {
            "id": case["id"],
            # a case fails when no gold skill is among our first five
            "passed": reciprocal_rank(rankings["ours"][i], golds[i], 5) > 0,
            "sentence": sentences[i],
            "expected": golds[i],
            "ours": rankings["ours"][i][:5],
            "baseline": rankings[BASELINE][i][:5],
            "extracted": sorted(extracted[i]),
        }
        for i, case in enumerate(cases)
    ]
    return report


def _set_scores(
    extracted: list[set[str]], golds: list[list[str]], started: float
) -> dict[str, float]:
    hits = sum(len(found & set(gold)) for found, gold in zip(extracted, golds, strict=True))
    said, wanted = sum(map(len, extracted)), sum(map(len, golds))
    precision, recall = (hits / said if said else 0.0), hits / wanted
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "per_sentence": said / len(extracted),
        "ms_per_sentence": (time.perf_counter() - started) / len(extracted) * 1000,
    }


def summary(report: dict[str, Any]) -> dict[str, float]:
    """The flat metrics of a run: `<method>.mrr`, `<method>.rp@5`, `<method>.ms_per_sentence`
    for each method, and `mrr_margin` (ours over the baseline)."""
    flat: dict[str, float] = {"cases": report["cases"], "mrr_margin": report["mrr_margin"]}
    for part in ("extract", "extract_reranked"):
        flat.update({f"{part}.{k}": v for k, v in report.get(part, {}).items()})
    for method, metrics in report["methods"].items():
        for metric in ("mrr", "rp@5", "ms_per_sentence"):
            flat[f"{method}.{metric}"] = metrics[metric]
    return flat
