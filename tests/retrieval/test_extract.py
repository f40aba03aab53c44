"""Skills read from sentences and whole job descriptions (retrieval/extract.py), with the
deterministic embedder: names and aliases found as words, list items through the
normaliser, each mention with the exact words it came from."""

from __future__ import annotations

import pytest

from domain.models import Skill
from ingest.native_folder import read_native_folder
from retrieval.embeddings import HashEmbedder
from retrieval.extract import extract_skills, match_texts, rank_skills
from retrieval.normalise import SkillNormaliser
from storage.bundle import ExistingState
from tests.support.organisations import SAMPLE

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def normaliser() -> SkillNormaliser:
    skills = read_native_folder(SAMPLE, ExistingState()).skills or []
    return SkillNormaliser(skills, HashEmbedder())


def _found(text: str, normaliser: SkillNormaliser) -> dict[str, tuple[str, str]]:
    mentions = extract_skills(text, normaliser)
    for m in mentions:
        assert text[m.start : m.end] == m.span  # offsets point at the words
    return {m.skill_id: (m.span, m.how) for m in mentions}


def test_a_list_of_skills_is_read_item_by_item(normaliser: SkillNormaliser) -> None:
    found = _found("You will build pipelines in Python, SQL and Apache Spark on k8s.", normaliser)
    assert found == {
        "python": ("Python", "named"),
        "sql": ("SQL", "named"),
        "apache-spark": ("Apache Spark", "named"),
        "kubernetes": ("k8s", "named"),
    }


def test_the_longest_name_wins_and_aliases_count(normaliser: SkillNormaliser) -> None:
    found = _found(
        "5+ years with PySpark; Apache Spark tuning; familiarity with Kafka.", normaliser
    )
    assert found["apache-spark"][1] == "named" and found["kafka"] == ("Kafka", "named")
    assert len([k for k in found if k == "apache-spark"]) == 1


def test_a_typo_in_a_list_is_read_by_its_spelling(normaliser: SkillNormaliser) -> None:
    found = _found("Must know Kuberntes and Pyton.", normaliser)
    assert found["kubernetes"] == ("Kuberntes", "matched")
    # A five-letter word with one letter missing shares too few trigrams to be read inside
    # a sentence; as a phrase of its own, the normaliser still matches it.
    assert "python" not in found
    assert normaliser.match_one("Pyton").match == "python"


def test_a_sentence_without_skills_gives_nothing(normaliser: SkillNormaliser) -> None:
    assert extract_skills("We offer free lunch, a gym and flexible hours.", normaliser) == []
    assert extract_skills("", normaliser) == []


def test_a_whole_job_description(normaliser: SkillNormaliser) -> None:
    text = (SAMPLE / "job_descriptions" / "ml-engineer.md").read_text(encoding="utf-8")
    found = _found(text, normaliser)
    assert len(found) >= 4
    assert "python" in found


def test_a_form_two_skills_share_names_neither() -> None:
    skills = [
        Skill("aws-lambda", "AWS Lambda", "Cloud", "", ("lambda",)),
        Skill("lambda-calculus", "Lambda calculus", "Maths", "", ("lambda",)),
    ]
    normaliser = SkillNormaliser(skills, HashEmbedder())
    named = [m for m in extract_skills("Experience with lambda.", normaliser) if m.how == "named"]
    assert named == []
    assert [m.skill_id for m in extract_skills("We use AWS Lambda.", normaliser)] == ["aws-lambda"]


def test_match_and_extract_rank_a_text_the_same_way(normaliser: SkillNormaliser) -> None:
    """A phrase goes through the phrase ranking and a sentence through the sentence
    ranking, in `skills match` and `extract` alike: what match names, extract finds."""
    texts = [
        "k8s",
        "5+ years of hands-on Kubernets",
        "You will run our Kubernetes clusters and write the Terraform for them.",
        "Every month you will write SQL reports for the finance team.",
        "We offer a friendly office near the station and free parking.",
    ]
    results = match_texts(texts, normaliser)
    assert [r.read_as for r in results] == ["phrase", "phrase", "sentence", "sentence", "sentence"]
    assert results[0].match == results[1].match == "kubernetes"
    assert results[2].match in {"kubernetes", "terraform"} and results[3].match == "sql"
    for result in results:
        extracted = [m.skill_id for m in extract_skills(result.query, normaliser)]
        if result.read_as == "phrase":  # one phrase names at most one skill: the same
            assert extracted == ([result.match] if result.match else [])
        elif result.match is not None:
            assert result.match in extracted
    # A sentence's ranking is the extractor's own.
    ranked = rank_skills(texts[3], normaliser, 5)
    assert [(sid, round(score, 6)) for sid, _, score in results[3].results] == [
        (sid, round(score, 6)) for sid, score in ranked
    ]


def test_a_short_list_is_still_read_item_by_item(normaliser: SkillNormaliser) -> None:
    """Not one phrase: each item is a skill ("Python, SQL and Spark")."""
    assert {"python", "sql", "apache-spark"} <= set(_found("Python, SQL and Spark", normaliser))
