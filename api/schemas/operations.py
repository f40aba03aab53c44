from __future__ import annotations

from pydantic import Field

from api.schemas.base import Public


class HealthPublic(Public):
    status: str
    version: str


class ReadyPublic(Public):
    status: str
    store: bool
    index: str = Field(description="ready, or empty (nothing indexed yet)")
    embedder: str
    llm: str


class StatusPublic(ReadyPublic):
    version: str
    records: dict[str, int]
    index_chunks: int
