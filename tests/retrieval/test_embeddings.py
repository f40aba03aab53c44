"""Every embedder passes the same conformance suite: the deterministic hash twin and the
packaged all-MiniLM-L6-v2 model (loaded offline from its PyPI package)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import UserError
from retrieval.embeddings import Embedder, HashEmbedder, MiniLMEmbedder, get_embedder
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


@pytest.mark.slow
class TestMiniLMOnOnnxRuntime(EmbedderConformance):
    @pytest.fixture(scope="class")
    def exported(self, tmp_path_factory: pytest.TempPathFactory) -> Path:
        cache = tmp_path_factory.mktemp("model-cache")
        first = MiniLMEmbedder(cache=cache)
        assert first.runtime == "_TorchRuntime"  # nothing exported yet: torch, then export
        assert first.onnx_path is not None and first.onnx_path.is_file()
        return cache

    @pytest.fixture
    def embedder(self, exported: Path) -> Embedder:
        second = MiniLMEmbedder(cache=exported)
        assert second.runtime == "_OnnxRuntime"
        return second


TEXTS = [
    "pyspark",
    "k8s",
    "",
    "Kubernetes administration (CKA)",
    "You will prepare monthly VAT returns and chase overdue invoices with our customers.",
    "Führungskompetenz und Teamentwicklung, éducation, 数据分析",
    "word " * 400,  # past the model's 256 tokens: both truncate alike
]


@pytest.mark.slow
def test_both_runtimes_give_the_same_vectors(tmp_path: Path) -> None:
    torch_model = MiniLMEmbedder(cache=tmp_path)
    reference = torch_model.embed(TEXTS)
    onnx_model = MiniLMEmbedder(cache=tmp_path)
    assert onnx_model.runtime == "_OnnxRuntime"
    vectors = onnx_model.embed(TEXTS)
    assert np.abs(vectors - reference).max() < 1e-5
    # batches of mixed lengths (padding) change nothing either
    assert np.abs(onnx_model.embed(TEXTS[::-1])[::-1] - reference).max() < 1e-5


@pytest.mark.slow
def test_a_damaged_export_falls_back_to_torch(tmp_path: Path) -> None:
    model = MiniLMEmbedder(cache=tmp_path)
    assert model.onnx_path is not None
    model.onnx_path.parent.mkdir(parents=True, exist_ok=True)
    model.onnx_path.write_bytes(b"not a model")
    assert model.runtime == "_TorchRuntime"
    assert MiniLMEmbedder(cache=tmp_path).runtime == "_OnnxRuntime"  # exported again


@pytest.mark.unit
def test_an_unknown_embedder_is_named_with_the_known_ones() -> None:
    with pytest.raises(UserError, match=r"unknown embedder 'bert'.*hash, minilm"):
        get_embedder("bert")
