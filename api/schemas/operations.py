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
    index_stale: bool = Field(
        description="the index changed elsewhere and this process is still reloading it"
    )
    embedder: str
    llm: str


class StatusPublic(ReadyPublic):
    version: str
    records: dict[str, int]
    index_chunks: int
