from __future__ import annotations

from api.schemas.base import Public


class SearchHit(Public):
    id: str
    type: str
    title: str
    score: float
    snippet: str
    chunk_id: str
    section: str


class SearchPublic(Public):
    query: str
    results: list[SearchHit]
