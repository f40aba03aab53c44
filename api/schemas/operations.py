from __future__ import annotations

from pydantic import Field

from api.schemas.base import Public


class HealthPublic(Public):
    status: str
    version: str


class ReadyPublic(Public):
    """What a load balancer needs, and nothing about the software or its models (anyone
    may ask: no key is needed)."""

    status: str
    store: bool
    index: str = Field(description="ready, or empty (nothing indexed yet)")
    index_stale: bool = Field(
        description="the index changed elsewhere and this process is still reloading it"
    )


class StatusPublic(ReadyPublic):
    embedder: str
    llm: str
    version: str
    records: dict[str, int]
    index_chunks: int
