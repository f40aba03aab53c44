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
        description="the index changed elsewhere and this process is still reloading it, "
        "or work that changes it is under way (pending_work)"
    )
    pending_work: int = Field(
        description="uploads, ingests and erasures under way, or left unfinished by a "
        "stopped process and being finished now (then the index may lack what the store holds)"
    )


class StatusPublic(ReadyPublic):
    embedder: str
    llm: str
    version: str
    records: dict[str, int]
    index_chunks: int
