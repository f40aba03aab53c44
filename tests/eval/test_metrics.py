"""Retrieval metrics on tiny hand-made rankings; expected values worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from core.errors import UserError
from eval.metrics import mean, ndcg_at_k, r_precision_at_k, recall_at_k, reciprocal_rank
from eval.suites import SUITES, load_suite

pytestmark = pytest.mark.unit


def test_recall_at_k() -> None:
    assert recall_at_k(["a", "x", "b", "y"], ["a", "b"], 2) == 0.5
    assert recall_at_k(["a", "x", "b", "y"], ["a", "b"], 3) == 1.0
    assert recall_at_k([], ["a"], 5) == 0.0


def test_reciprocal_rank() -> None:
    assert reciprocal_rank(["x", "y", "a"], ["a"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a"], ["a", "b"]) == 1.0
    assert reciprocal_rank(["x"] * 10 + ["a"], ["a"], k=10) == 0.0


def test_r_precision_at_5() -> None:
    # two gold skills: the first two ranks count
    assert r_precision_at_k(["a", "x", "b"], ["a", "b"], 5) == 0.5
    assert r_precision_at_k(["b", "a", "x"], ["a", "b"], 5) == 1.0
    # seven gold skills: the first five count, over five
    assert r_precision_at_k(list("abcxy"), list("abcdefg"), 5) == pytest.approx(3 / 5)
    assert r_precision_at_k(["a"], [], 5) == 0.0


def test_ndcg() -> None:
    # relevant at ranks 1 and 3 of 2 relevant: (1 + 1/log2 4) / (1 + 1/log2 3)
    expected = (1 + 1 / 2) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["a", "x", "b"], ["a", "b"], 10) == pytest.approx(expected)
    assert ndcg_at_k(["a", "b"], ["a", "b"], 10) == pytest.approx(1.0)
    assert ndcg_at_k(["x"], ["a"], 10) == 0.0
    assert mean([1.0, 0.0, 0.5]) == 0.5


def test_shipped_suites_are_well_formed() -> None:
    retrieval = load_suite(SUITES / "retrieval.yaml", "retrieval")
    normalisation = load_suite(SUITES / "normalisation.yaml", "normalisation")
    assert len(retrieval) >= 50 and len(normalisation) >= 100
    assert len({c["id"] for c in retrieval}) == len(retrieval)
    assert sum(1 for c in normalisation if c["expected"] is None) >= 15


def test_malformed_suite_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("kind: retrieval\ncases: []\n")
    with pytest.raises(UserError, match="'cases' must be a non-empty list"):
        load_suite(bad, "retrieval")
    bad.write_text("kind: normalisation\ncases: [{phrase: x}]\n")
    with pytest.raises(UserError, match="kind: retrieval"):
        load_suite(bad, "retrieval")
