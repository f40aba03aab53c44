"""The index and the framework's vectors record the model that made them: another model is
refused, naming `talent reindex`, until a rebuild records it (retrieval/knowledge.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import UserError
from core.settings import Settings
from retrieval import embeddings
from retrieval.cached_embedder import CachedEmbedder
from retrieval.embeddings import HashEmbedder
from services import Services
from tests.support.organisations import SAMPLE_AS_OF, sample_services


class WideHash(HashEmbedder):
    """A second model, as far as the record can tell: another name, another dimension."""

    name = "hash-wide"

    def __init__(self) -> None:
        super().__init__(dim=128)


@pytest.fixture(autouse=True)
def _second_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        embeddings.EMBEDDERS, "hash-wide", lambda _cache, _device, _batch: WideHash()
    )


def _services(home: Path, embedder: str) -> Services:
    settings = Settings(home=home, embedder=embedder, vector_store="chroma", as_of=SAMPLE_AS_OF)
    return Services.from_settings(settings)


def test_another_model_is_refused_until_reindex_rebuilds_with_it(tmp_path: Path) -> None:
    first = sample_services(tmp_path, vector_store="chroma")
    first.knowledge.reindex()
    assert first.store.embedder_record() == ("hash", 256)

    second = _services(tmp_path, "hash-wide")
    expected = (
        "made by 'hash' (256 dims); TALENT_EMBEDDER now names 'hash-wide'. Run `talent "
        "reindex` to rebuild them with hash-wide (or set TALENT_EMBEDDER back)"
    )
    with pytest.raises(UserError) as searched:
        second.knowledge.search("python")
    assert expected in str(searched.value)
    with pytest.raises(UserError, match="talent reindex"):
        second.knowledge.reindex()
    with pytest.raises(UserError, match="talent reindex"):
        second.knowledge.match_skills(["python"])

    report = second.knowledge.rebuild_for_embedder()
    assert report.written > 0 and second.store.embedder_record() == ("hash-wide", 128)
    hits = second.knowledge.search("python")
    assert hits and second.knowledge.vectors.snapshot()[1].shape[1] == 128
    assert second.knowledge.match_skills(["python"])[0].match
    # the framework's texts were embedded by the new model, and kept by it
    framework = second.knowledge.framework_embedder
    assert isinstance(framework, CachedEmbedder) and framework.embedded > 0
    with pytest.raises(UserError, match="made by 'hash-wide'"):
        first.knowledge.search("python")  # a process still set for the old model

    again = _services(tmp_path, "hash-wide").knowledge.rebuild_for_embedder()
    assert again.written == report.written  # idempotent: the same index once more


def test_a_rebuild_that_died_half_way_is_finished_by_running_it_again(tmp_path: Path) -> None:
    first = sample_services(tmp_path, vector_store="chroma")
    first.knowledge.reindex()
    second = _services(tmp_path, "hash-wide")
    second.knowledge.vectors.clear()  # where a killed rebuild stops first: index emptied
    with pytest.raises(UserError, match="made by 'hash'"):
        second.knowledge.search("python")  # the record still names the old model
    assert second.knowledge.rebuild_for_embedder().written > 0
    assert second.knowledge.search("python")


def test_a_store_from_before_records_counts_as_made_by_minilm(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    services.store.text_vectors.put({"0" * 64: np.zeros(384, np.float32)})  # MiniLM's era
    with pytest.raises(UserError, match="made by 'minilm' \\(384 dims\\)"):
        services.knowledge.reindex()
    assert services.store.embedder_record() == ("minilm", 384)


def test_the_first_model_to_embed_into_an_empty_home_is_recorded(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    assert services.store.embedder_record() is None
    services.knowledge.reindex()
    assert services.store.embedder_record() == ("hash", 256)
