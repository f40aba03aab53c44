"""Requirements read from job-description text (ingest/extraction.py)."""

from __future__ import annotations

import pytest

from domain.models import Skill
from ingest.extraction import extract_requirements, level_from_cues, section_weights
from retrieval.embeddings import HashEmbedder
from retrieval.normalise import SkillNormaliser

pytestmark = pytest.mark.unit


JD = """# Data Engineer

## About the role
You build pipelines.

## Must have
- 5+ years of Python
- Expert in Spark
* familiar with Kubernetes

## Nice to have
1. Coaching juniors
"""


SKILLS = [
    Skill("kubernetes", "Kubernetes", "Cloud", "Running containers.", ("k8s",)),
    Skill("apache-spark", "Apache Spark", "Data", "Distributed processing.", ("PySpark", "Spark")),
    Skill("python", "Python", "Software", "Programming in Python."),
    Skill("data-modelling", "Data Modelling", "Data", "Designing schemas."),
]


def test_level_and_importance_cues() -> None:
    assert level_from_cues("5+ years of Python", 3) == 4
    assert level_from_cues("10 years leading teams", 3) == 5
    assert level_from_cues("Expert in Spark", 3) == 5
    assert level_from_cues("Deep experience with Airflow", 3) == 4
    assert level_from_cues("Solid experience with Kafka", 3) == 3
    assert level_from_cues("Familiar with Kubernetes", 3) == 2
    assert level_from_cues("Kafka", 3) == 3
    assert section_weights("Must have") == (5, 3)
    assert section_weights("Nice to have") == (2, 2)
    assert section_weights("Responsibilities") == (4, 3)


def test_extraction_marks_inferred_with_evidence() -> None:
    normaliser = SkillNormaliser(SKILLS, HashEmbedder(), threshold=0.5)
    found = {q.skill_id: q for q in extract_requirements(JD, normaliser)}
    assert set(found) >= {"python", "apache-spark", "kubernetes"}
    assert (found["python"].level, found["python"].importance) == (4, 5)
    assert (found["apache-spark"].level, found["apache-spark"].importance) == (5, 5)
    assert (found["kubernetes"].level, found["kubernetes"].importance) == (2, 5)
    assert all(q.inferred for q in found.values())
    assert found["kubernetes"].evidence == "familiar with Kubernetes"
    assert found["python"].confidence == 0.95
