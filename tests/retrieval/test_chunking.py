"""Chunking documents and the organisation into indexable pieces (retrieval/chunking.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.chunking import Chunk, chunk_document, markdown_sections, org_chunks
from tests.support.handmade_org import make_org

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


def test_chunk_ids_are_stable() -> None:
    chunk = Chunk("role", "de", 2, "Data Engineer", "Must have", "text")
    assert chunk.chunk_id == "role:de:2"
    assert replace(chunk, text="other").content_hash != chunk.content_hash
