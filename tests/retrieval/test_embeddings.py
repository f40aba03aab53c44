"""Every embedder passes the same conformance suite: the deterministic hash twin and the
packaged all-MiniLM-L6-v2 model (loaded offline from its PyPI package)."""

from __future__ import annotations

import pytest

from core.errors import UserError
from retrieval.embeddings import Embedder, HashEmbedder, get_embedder
from tests.support.conformance.embedder import EmbedderConformance


@pytest.mark.unit
class TestHashEmbedder(EmbedderConformance):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return HashEmbedder()


@pytest.mark.slow
class TestMiniLMEmbedder(EmbedderConformance):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return get_embedder("minilm")


@pytest.mark.unit
def test_an_unknown_embedder_is_named_with_the_known_ones() -> None:
    with pytest.raises(UserError, match=r"unknown embedder 'bert'.*hash, minilm"):
        get_embedder("bert")
