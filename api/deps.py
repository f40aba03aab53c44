"""Shared services and the `Annotated` dependencies routers use."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from agent.access import Caller, CallerRole
from agent.capabilities import call_tool
from api.errors import Unauthorized
from api.limits import RateLimiter
from services import Services


@dataclass(frozen=True)
class Principal:
    """The authenticated key: its label (for the audit log) and the caller it speaks for."""

    key_name: str
    caller: Caller


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


ServicesDep = Annotated[Services, Depends(get_services)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]


def authenticate(request: Request, services: ServicesDep, limiter: LimiterDep) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("missing API key: send 'Authorization: Bearer <key>'")
    record = services.store.keys.verify(key.strip())
    if record is None:
        raise Unauthorized("invalid or revoked API key")
    limiter.hit(record["key_id"])
    principal = Principal(
        record["name"], Caller(CallerRole(record["role"]), record["employee_id"], record["name"])
    )
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def record_audit(
    services: Services,
    principal: Principal,
    endpoint: str,
    started: float,
    details: dict[str, Any],
    status: int = 200,
    question: str = "",
) -> None:
    """One audit-log entry for a request, timed from `started` (time.perf_counter())."""
    services.store.audit.record(
        key_name=principal.key_name,
        role=principal.caller.role.value,
        endpoint=endpoint,
        status=status,
        latency_ms=(time.perf_counter() - started) * 1000,
        question=question,
        details=details,
    )


def run_tool(
    request: Request, services: Services, principal: Principal, tool: str, args: dict[str, Any]
) -> dict[str, Any]:
    """Call one tool as the caller (the tool enforces the access rules), audit the request,
    and return the tool's JSON: the same contract as the CLI's `--json`."""
    started = time.perf_counter()
    result = call_tool(services.context(principal.caller), tool, args)
    record_audit(
        services,
        principal,
        f"{request.method} {request.url.path}",
        started,
        {"tools": [tool], "cited": [f"{c.type}:{c.id}" for c in result.citations]},
    )
    return result.data
