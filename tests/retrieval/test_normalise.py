"""Normalising phrases to framework skills (retrieval/normalise.py) with the hash embedder."""

from __future__ import annotations

import pytest

from domain.models import Skill
from retrieval.embeddings import HashEmbedder
from retrieval.normalise import SkillNormaliser, strip_cues

pytestmark = pytest.mark.unit


SKILLS = [
    Skill("kubernetes", "Kubernetes", "Cloud", "Running containers.", ("k8s",)),
    Skill("apache-spark", "Apache Spark", "Data", "Distributed processing.", ("PySpark", "Spark")),
    Skill("python", "Python", "Software", "Programming in Python."),
    Skill("data-modelling", "Data Modelling", "Data", "Designing schemas."),
]


def test_cue_stripping() -> None:
    assert strip_cues("5+ years of hands-on experience with Python") == "Python"
    assert strip_cues("Expert in PySpark") == "PySpark"
    assert strip_cues("familiar with k8s") == "k8s"


def test_normaliser_exact_alias_typo_and_no_match() -> None:
    normaliser = SkillNormaliser(SKILLS, HashEmbedder(), threshold=0.5)
    results = normaliser.match(
        [
            "K8S",
            "5+ years PySpark",
            "kubernets",
            "forklift operation",
            "designing data modelling schemas",
        ],
        top_k=3,
    )
    assert [r.match for r in results] == [
        "kubernetes",
        "apache-spark",
        "kubernetes",
        None,
        "data-modelling",
    ]
    assert results[0].results[0][2] == 1.0
    assert len(results[3].results) == 3  # candidates are listed even with no match
    assert results[3].to_dict()["match"] is None
