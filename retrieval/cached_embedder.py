"""An Embedder that embeds a text once per model, in any process: vectors are stored in the
store by a hash of the model's name and the text (storage/text_vectors.py) and loaded by
every later process, so a framework of 13,900 skills is embedded at ingest, not at every
start. Only framework texts go through it (skills, roles, resources): a person's text is
never kept outside the records erasure removes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from retrieval.embeddings import Embedder
from retrieval.overlap import computed_ahead
from storage.text_vectors import TextVectorRepository

PROGRESS_BATCH = 1024


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


class CachedEmbedder:
    def __init__(self, embedder: Embedder, vectors: TextVectorRepository):
        self.embedder = embedder
        self.vectors = vectors
        self.name = embedder.name
        self.dim = embedder.dim
        self.embedded = 0  # texts this instance had to embed (the rest came from the store)
        self._progress: Callable[[int, int], None] | None = None

    @contextmanager
    def reporting(self, progress: Callable[[int, int], None] | None) -> Iterator[None]:
        """Report (embedded, to embed) while the block runs (a CLI's progress bar)."""
        self._progress = progress
        try:
            yield
        finally:
            self._progress = None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        keys = [text_key(self.name, t) for t in texts]
        found = self.vectors.get(keys)
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        parts = [missing[i : i + PROGRESS_BATCH] for i in range(0, len(missing), PROGRESS_BATCH)]
        done = 0
        # the next part is embedded while this one is stored
        for part, fresh in computed_ahead(parts, self.embedder.embed):
            computed = {text_key(self.name, t): v for t, v in zip(part, fresh, strict=True)}
            self.vectors.put(computed)
            found.update(computed)
            self.embedded += len(part)
            done += len(part)
            if self._progress is not None:
                self._progress(done, len(missing))
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
