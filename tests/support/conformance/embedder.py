"""What every `retrieval.embeddings.Embedder` must do. A subclass provides the `embedder`
fixture."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.embeddings import Embedder


class EmbedderConformance:
    @pytest.fixture
    def embedder(self) -> Embedder:  # pragma: no cover - overridden
        raise NotImplementedError

    def test_shape_dtype_and_unit_length(self, embedder: Embedder) -> None:
        vectors = embedder.embed(["Apache Spark", "Kubernetes operators", "coaching juniors"])
        assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    def test_no_texts_no_rows(self, embedder: Embedder) -> None:
        assert embedder.embed([]).shape[0] == 0

    def test_deterministic(self, embedder: Embedder) -> None:
        first = embedder.embed(["PySpark jobs on Databricks"])
        np.testing.assert_allclose(first, embedder.embed(["PySpark jobs on Databricks"]), atol=1e-6)

    def test_a_text_is_nearer_a_paraphrase_than_an_unrelated_text(self, embedder: Embedder) -> None:
        anchor, near, far = embedder.embed(
            ["Python programming", "programming in Python", "forklift operation"]
        )
        assert float(anchor @ near) > float(anchor @ far)

    def test_has_a_name(self, embedder: Embedder) -> None:
        assert embedder.name and isinstance(embedder.name, str)
