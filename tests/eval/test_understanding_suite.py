"""The understanding suite is honest: its labels name real capabilities and slots, it covers
every capability and the refusals, and no question is one of the router's examples or a
near-duplicate of one (the suite would then measure memory, not understanding)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from agent.capabilities import CATALOGUE
from agent.slots import Vocabulary, templated_example
from retrieval.embeddings import get_embedder
from tests.support.organisations import sample_org

SUITES = Path(__file__).resolve().parents[2] / "eval" / "suites"
FILES = sorted(p for p in SUITES.glob("understanding*.yaml"))


def _cases(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])


@pytest.mark.unit
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_labels_name_capabilities_and_their_arguments(path: Path) -> None:
    for case in _cases(path):
        assert case["question"].strip(), case["id"]
        if "expect_refusal" in case:
            assert case["expect_refusal"] in ("out_of_scope", "not_allowed"), case["id"]
            continue
        capability = CATALOGUE[case["expect"]["capability"]]
        fields = set(capability.args.model_fields)
        assert set(case["expect"].get("slots") or {}) <= fields, case["id"]


@pytest.mark.unit
def test_the_main_suite_covers_every_capability_and_the_refusals() -> None:
    cases = _cases(SUITES / "understanding.yaml")
    per_capability: dict[str, int] = {}
    for case in cases:
        if "expect" in case:
            name = case["expect"]["capability"]
            per_capability[name] = per_capability.get(name, 0) + 1
    assert len(cases) >= 400
    assert set(per_capability) == set(CATALOGUE)
    assert min(per_capability.values()) >= 20, per_capability
    assert sum(1 for c in cases if "expect_refusal" in c) >= 40


@pytest.mark.slow
def test_no_suite_question_is_a_router_example_or_a_near_duplicate() -> None:
    vocabulary = Vocabulary(sample_org())
    examples = [templated_example(e) for c in CATALOGUE.values() for e in c.examples]
    questions = [
        vocabulary.read(case["question"]).templated for path in FILES for case in _cases(path)
    ]
    assert not set(questions) & set(examples)
    embedder = get_embedder("minilm")
    similarity = embedder.embed(questions) @ embedder.embed(examples).T
    worst = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
    assert similarity.max() < 0.95, (questions[worst[0]], examples[worst[1]])
