"""The audit trail and the access log, written for every API request in one place.

Routers do not write audit rows; they may add what only they know (the question asked, the
tools called, the records cited) with `note`, and this middleware writes one row when the
response has been sent, whatever its outcome, including requests refused before any router
ran (no key, a body too large) and those that crashed.

The access log line names the route template, never the path: paths carry employee ids and
erasure cannot reach back into an operator's log files."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from storage.audit import AuditRepository

Scope = dict[str, Any]
ACCESS_LOG = logging.getLogger("talent.access")
# The API, and the doors systems use: SCIM provisioning and learning completions.
AUDITED_PREFIXES = ("/v1/", "/scim/", "/xapi/")


def note(request: Request, question: str | None = None, **details: Any) -> None:
    """Add to the audit row of this request (a router's own knowledge of it)."""
    state = request.scope.setdefault("state", {})
    audit = state.setdefault("audit", {"details": {}})
    audit["details"].update(details)
    if question is not None:
        audit["question"] = question


def redact_path(request: Request, path: str) -> None:
    """Record `path` instead of the path as requested (erasure: the id goes with the person)."""
    request.scope.setdefault("state", {})["audit_path"] = path


def outcome(status: int) -> str:
    if status == 401:
        return "unauthenticated"
    if status == 403:
        return "denied"
    if status >= 500:
        return "failed"
    if status >= 400:
        return "rejected"
    return "allowed"


class AuditMiddleware:
    """Pure ASGI, so a streamed answer is audited once, after its last byte."""

    def __init__(self, app: Any, audit: AuditRepository):
        self.app = app
        self.audit = audit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") == "OPTIONS"  # CORS preflight: no key, no data
            or not any(path.startswith(p) or path == p.rstrip("/") for p in AUDITED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def sending(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except BaseException:
            status = status or 500
            raise
        finally:
            self._write(scope, status or 500, started)

    def _write(self, scope: Scope, status: int, started: float) -> None:
        latency_ms = (time.perf_counter() - started) * 1000
        state = scope.get("state") or {}
        route = getattr(scope.get("route"), "path", None) or "(no route)"
        method = str(scope.get("method", ""))
        ACCESS_LOG.info(
            "%s %s %s %.1f ms",
            method,
            route,
            status,
            latency_ms,
            extra={"method": method, "route": route, "status": status},
        )
        principal = state.get("principal")
        noted = state.get("audit") or {}
        # Written by the repository's writer thread, batched: the event loop never waits
        # for the store (a busy store keeps rows queued; none fails a request).
        self.audit.submit(
            at=datetime.now(UTC).replace(tzinfo=None),
            key_id=principal.key_id if principal else None,
            key_name=principal.key_name if principal else "",
            role=principal.role if principal else "none",
            method=method,
            path=state.get("audit_path") or scope.get("path", ""),
            route=route,
            status=status,
            outcome=outcome(status),
            latency_ms=latency_ms,
            question=noted.get("question", ""),
            details=noted.get("details") or {},
        )
