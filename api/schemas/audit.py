from __future__ import annotations

from typing import Any

from api.schemas.base import Public


class AuditEvent(Public):
    id: int
    time: str
    key_name: str
    role: str
    endpoint: str
    status: int
    question: str
    details: dict[str, Any]
    latency_ms: float


class AuditPublic(Public):
    events: list[AuditEvent]
