"""Stored embeddings of framework texts, by content hash (see schema.text_vectors)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from storage import schema

BATCH = 500


class TextVectorRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def get(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        table = schema.text_vectors
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), BATCH):
                part = wanted[start : start + BATCH]
                for key, blob in conn.execute(
                    select(table.c.key, table.c.vector).where(table.c.key.in_(part))
                ):
                    found[key] = np.frombuffer(blob, dtype="<f4")
        return found

    def any(self) -> bool:
        """Whether any text's vector is stored (by any model)."""
        with self.engine.connect() as conn:
            return conn.scalar(select(schema.text_vectors.c.key).limit(1)) is not None

    def put(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Store the vectors not stored yet. Another process storing the same text at the
        same moment is fine: the vector is the same, and the first one stays."""
        rows: list[dict[str, str | bytes]] = [
            {"key": key, "vector": np.asarray(vector, dtype="<f4").tobytes()}
            for key, vector in vectors.items()
        ]
        for start in range(0, len(rows), BATCH):
            part = rows[start : start + BATCH]
            try:
                with self.engine.begin() as conn:
                    present = _present(conn, [str(r["key"]) for r in part])
                    fresh = [r for r in part if r["key"] not in present]
                    if fresh:
                        conn.execute(insert(schema.text_vectors), fresh)
            except IntegrityError:
                continue  # stored meanwhile by another process


def _present(conn: Connection, keys: list[str]) -> set[str]:
    table = schema.text_vectors
    return set(conn.execute(select(table.c.key).where(table.c.key.in_(keys))).scalars())
