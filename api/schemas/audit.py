from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas.base import Public


class AuditEvent(Public):
    id: int
    time: str
    key_id: str | None = Field(description="the API key's id; none when no valid key was sent")
    key_name: str
    role: str = Field(description="the key's role, or 'none' when no valid key was sent")
    method: str | None
    path: str | None = Field(description="the path as requested, without the query string")
    endpoint: str = Field(description="method and route template, e.g. GET /v1/plans/{plan_id}")
    status: int
    outcome: str | None = Field(
        description="allowed, denied (403), unauthenticated (401), rejected (other 4xx), "
        "failed (5xx)"
    )
    question: str
    details: dict[str, Any]
    latency_ms: float


class AuditPublic(Public):
    events: list[AuditEvent]
