"""Chunking, indexing, search plumbing, normalisation and extraction with the deterministic
twins (hash embedder, in-memory vector store)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from core.errors import UserError
from domain.models import Skill
from ingest.extraction import extract_requirements, level_from_cues, section_weights
from retrieval.chunking import Chunk, chunk_document, markdown_sections, org_chunks
from retrieval.embeddings import HashEmbedder
from retrieval.indexer import Indexer
from retrieval.normalise import SkillNormaliser, strip_cues
from retrieval.search import HybridSearcher, build_filter
from retrieval.vectorstore import MemoryVectorStore
from tests.unit.org_fixture import make_org

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


def test_markdown_sections_split_on_headings_and_bullets() -> None:
    sections = markdown_sections(JD)
    assert [h for h, _ in sections] == [
        "Data Engineer",
        "About the role",
        "Must have",
        "Nice to have",
    ][1:]
    assert sections[1][1] == [
        "- 5+ years of Python",
        "- Expert in Spark",
        "- familiar with Kubernetes",
    ]


def test_chunks_carry_title_and_heading() -> None:
    chunks = chunk_document("Data Engineer", JD, max_chars=30)
    assert all(text.startswith("Data Engineer — ") for _, text in chunks)
    # small max_chars: bullets are grouped, never cut mid-bullet
    must = [text for section, text in chunks if section == "Must have"]
    assert len(must) >= 2 and "- Expert in Spark" in "".join(must)


def _index(jd: str = JD) -> tuple[Indexer, MemoryVectorStore]:
    vectors = MemoryVectorStore()
    indexer = Indexer(vectors, HashEmbedder())
    org = make_org()
    indexer.sync_org(org, {"de": (jd, "de.md")}, {"B": ("Ben is a ZEBRA-MARKER person.", "b.md")})
    return indexer, vectors


def test_sync_is_idempotent_and_replaces_only_changed_chunks() -> None:
    indexer, vectors = _index()
    total = vectors.count()
    org = make_org()
    again = indexer.sync_org(
        org, {"de": (JD, "de.md")}, {"B": ("Ben is a ZEBRA-MARKER person.", "b.md")}
    )
    assert (again.written, again.deleted, again.unchanged) == (0, 0, total)
    shorter = JD.split("## Nice to have")[0]
    changed = indexer.sync_org(
        org, {"de": (shorter, "de.md")}, {"B": ("Ben is a ZEBRA-MARKER person.", "b.md")}
    )
    assert changed.deleted == 1  # the nice-to-have chunk
    assert changed.written == 0  # the other chunks are byte-identical
    assert vectors.count() == total - 1


def test_new_chunks_are_written_before_old_ones_go() -> None:
    class FailingDelete(MemoryVectorStore):
        def delete(self, chunk_ids):  # type: ignore[no-untyped-def]
            raise RuntimeError("store down")

    vectors = FailingDelete()
    indexer = Indexer(vectors, HashEmbedder())
    org = make_org()
    indexer.sync_org(org, {"de": (JD, "de.md")}, {})
    renamed = JD.replace("Must have", "Requirements").split("## Nice to have")[0]
    with pytest.raises(RuntimeError):  # the obsolete nice-to-have chunk cannot be deleted
        indexer.sync_org(org, {"de": (renamed, "de.md")}, {})
    role_chunks = [c for c in vectors.all() if c.metadata["entity_id"] == "de"]
    assert any("Requirements" in c.text for c in role_chunks)  # new content is in


def test_forget_removes_every_chunk_of_the_person() -> None:
    indexer, vectors = _index()
    assert any("ZEBRA-MARKER" in c.text for c in vectors.all())
    removed = indexer.forget_employee("B")
    assert removed == 2  # profile summary + free-text profile
    assert not any("ZEBRA-MARKER" in c.text for c in vectors.all())
    assert not any(c.metadata["owner_employee_id"] == "B" for c in vectors.all())
    assert not any(c.chunk_id.startswith("profile:B:") for c in vectors.all())


def test_chunk_metadata() -> None:
    chunks = {c.chunk_id: c for c in org_chunks(make_org(), {"de": (JD, "de.md")}, {})}
    profile = chunks["profile:B:0"].full_metadata()
    assert profile["owner_employee_id"] == "B" and profile["team"] == "T1"
    assert profile["doc_type"] == "profile" and len(profile["content_hash"]) == 16
    role = chunks["role:de:1"].full_metadata()
    assert (role["owner_employee_id"], role["source_file"], role["department"]) == (
        "",
        "de.md",
        "IT",
    )
    assert chunks["role:de:0"].text.startswith("Data Engineer — role in IT")
    assert "Python level 3 (proficient), importance 5" in chunks["role:de:0"].text


def test_search_filters_before_ranking_and_names_entities() -> None:
    _indexer, vectors = _index()
    searcher = HybridSearcher(vectors, HashEmbedder())
    hits = searcher.search("Spark expert", top_k=3)
    assert hits and len({(h.type, h.id) for h in hits}) == len(hits)  # one hit per entity
    only_skills = searcher.search("Spark expert", top_k=10, where=build_filter(doc_types=["skill"]))
    assert only_skills and {h.type for h in only_skills} == {"skill"}
    assert only_skills[0].id == "spark"
    nobody = searcher.search("ZEBRA-MARKER", top_k=10, where=build_filter(owners=["C"]))
    assert all(h.id != "B" for h in nobody)
    for mode in ("dense", "bm25"):
        assert searcher.search("Spark", top_k=2, mode=mode)
    with pytest.raises(UserError, match="unknown search mode"):
        searcher.search("x", mode="magic")


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    a = HashEmbedder().embed(["kubernetes cluster", "kubernetes cluster", "pastry"])
    assert np.allclose(a[0], a[1]) and np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float(a[0] @ a[2]) < float(a[0] @ a[1])


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


def test_chunk_ids_are_stable() -> None:
    chunk = Chunk("role", "de", 2, "Data Engineer", "Must have", "text")
    assert chunk.chunk_id == "role:de:2"
    assert replace(chunk, text="other").content_hash != chunk.content_hash
