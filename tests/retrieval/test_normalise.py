"""Normalising phrases to framework skills (retrieval/normalise.py) with the hash embedder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from domain.models import Skill
from retrieval.embeddings import HashEmbedder
from retrieval.normalise import SkillNormaliser, saved_name, strip_cues

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
    assert results[3].results == []  # nothing alike at all: a score of 0 is no candidate
    assert results[3].to_dict()["match"] is None


def test_candidates_are_listed_below_the_threshold() -> None:
    normaliser = SkillNormaliser(SKILLS, HashEmbedder(), threshold=0.5)
    result = normaliser.match_one("data pipelines")
    assert result.match is None
    assert result.results[0][0] == "data-modelling" and 0 < result.results[0][2] < 0.5


PHRASES = ["k8s", "kubernets", "5 years of pyspark", "data modeling", "forklift", "python dev"]


class _Counting(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += len(texts)
        return super().embed(texts)


def test_saved_matrices_are_loaded_not_rebuilt_and_match_the_same(tmp_path: Path) -> None:
    path = tmp_path / saved_name(SKILLS, "hash")
    built = SkillNormaliser(SKILLS, HashEmbedder(), saved=path)
    assert path.exists()
    framework = _Counting()
    loaded = SkillNormaliser(SKILLS, framework, saved=path, query_embedder=HashEmbedder())
    assert framework.calls == 0  # nothing of the framework embedded again
    assert [r.to_dict() for r in loaded.match(PHRASES)] == [
        r.to_dict() for r in built.match(PHRASES)
    ]


def test_other_skills_or_another_model_get_another_file_and_a_damaged_one_is_rebuilt(
    tmp_path: Path,
) -> None:
    renamed = [*SKILLS[:3], Skill("data-modelling", "Data Modeling", "Data", "Schemas.")]
    assert saved_name(SKILLS, "hash") != saved_name(renamed, "hash")
    assert saved_name(SKILLS, "hash") != saved_name(SKILLS, "minilm")
    path = tmp_path / saved_name(SKILLS, "hash")
    path.write_bytes(b"not a numpy archive")
    normaliser = SkillNormaliser(SKILLS, HashEmbedder(), saved=path)
    assert normaliser.match_one("k8s").match == "kubernetes"
    counting = _Counting()
    SkillNormaliser(SKILLS, counting, saved=path)
    assert counting.calls == 0  # the rebuilt file was written whole


def test_shared_trigrams_are_counted_exactly_with_common_ones_as_bits() -> None:
    """The postings count common trigrams by popcount and rare ones by list: together the
    same as intersecting each phrase's trigram set with each form's."""
    from retrieval.normalise import _Postings, _trigrams

    words = ["data", "modelling", "kubernetes", "spark", "python", "cloud", "design"]
    rng = np.random.default_rng(3)
    forms = [" ".join(rng.choice(words, size=rng.integers(1, 4))) for _ in range(300)]
    vocab: dict[str, int] = {}
    matrix = SkillNormaliser._incidence([_trigrams(f) for f in forms], vocab)
    assert len(vocab) > 64  # some trigrams are counted as bits, some from lists
    postings = _Postings(matrix)
    for phrase in ["data modeling", "kubernetes on the cloud", "pyspark", "zzz"]:
        grams = _trigrams(phrase)
        counted = postings.shared([vocab[g] for g in grams if g in vocab])
        expected = [len(grams & _trigrams(form)) for form in forms]
        assert counted.tolist() == expected


def test_keyword_scores_find_the_rarer_words_a_text_shares_with_a_skill() -> None:
    normaliser = SkillNormaliser(SKILLS, HashEmbedder())
    scores = normaliser.keyword_scores(
        ["We design schemas for the warehouse.", "containers everywhere", "the and of"]
    )
    assert scores.shape == (3, len(SKILLS))
    # "schemas" is in Data Modelling's description only; the best skill scores 1
    assert SKILLS[int(scores[0].argmax())].skill_id == "data-modelling" and scores[0].max() == 1
    assert SKILLS[int(scores[1].argmax())].skill_id == "kubernetes"
    assert not scores[2].any()  # stop words only: no evidence for any skill
