from __future__ import annotations

from api.schemas.base import Public


class HealthPublic(Public):
    status: str
    version: str
    records: dict[str, int]


class ReadyPublic(Public):
    status: str
    store: bool
    index_chunks: int
    embedder: str
    llm: str
