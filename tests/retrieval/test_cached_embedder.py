"""Framework texts are embedded once, by whichever process meets them first, and loaded by
every later one; a person's text never goes into that store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.cached_embedder import CachedEmbedder, text_key
from retrieval.embeddings import HashEmbedder
from services import Services
from storage.store import Store
from tests.support.organisations import sample_services


class Counting:
    """The deterministic twin under another name, counting the texts it embeds."""

    name = "counting-hash"
    dim = HashEmbedder().dim

    def __init__(self) -> None:
        self.inner = HashEmbedder()
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def test_a_text_is_embedded_once_and_loaded_by_a_later_process(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    first = Counting()
    texts = ["Python", "Apache Spark", "Python", "stakeholder management"]
    vectors = CachedEmbedder(first, store.text_vectors).embed(texts)
    assert first.texts == ["Python", "Apache Spark", "stakeholder management"]  # once each
    later = Counting()  # another process, the same store
    again = CachedEmbedder(later, store.text_vectors).embed([*texts, "Kubernetes"])
    assert later.texts == ["Kubernetes"]
    np.testing.assert_allclose(again[:4], vectors, rtol=1e-6)
    np.testing.assert_allclose(again[4], HashEmbedder().embed(["Kubernetes"])[0], rtol=1e-6)


def test_the_key_names_the_model_so_another_model_embeds_afresh(tmp_path: Path) -> None:
    assert text_key("minilm", "Python") != text_key("other-model", "Python")


def _counting_services(home: Path, embedder: Counting) -> Services:
    services = sample_services(home)
    services.knowledge.__dict__["embedder"] = embedder
    return services


def test_a_second_start_builds_the_normaliser_without_embedding_the_framework(
    tmp_path: Path,
) -> None:
    first = Counting()
    one = _counting_services(tmp_path, first)
    one.knowledge.reindex()
    assert one.knowledge.match_skills(["pyspark"])[0].match == "apache-spark"
    skills_embedded = len(first.texts)
    assert skills_embedded > 66  # names, aliases, descriptions, chunks
    second = Counting()
    two = Services.from_settings(one.settings)
    two.knowledge.__dict__["embedder"] = second
    assert two.knowledge.match_skills(["apache sparkk"])[0].match == "apache-spark"
    assert second.texts == ["apache sparkk"]  # only what the person typed


def test_profiles_are_embedded_but_never_kept_in_the_text_store(tmp_path: Path) -> None:
    embedder = Counting()
    services = _counting_services(tmp_path, embedder)
    services.knowledge.reindex()
    profiles = [
        c.text for c in services.knowledge.vectors.all() if c.metadata["doc_type"] == "profile"
    ]
    assert profiles and all(p in embedder.texts for p in profiles)
    kept = services.store.text_vectors.get(text_key(embedder.name, p) for p in profiles)
    assert kept == {}
    skills = [c.text for c in services.knowledge.vectors.all() if c.metadata["doc_type"] == "skill"]
    assert len(services.store.text_vectors.get(text_key(embedder.name, s) for s in skills)) == len(
        skills
    )
