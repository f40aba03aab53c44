"""Shared services and the `Annotated` dependencies routers use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from agent.access import Caller, CallerRole
from agent.capabilities import call_tool
from api import audit
from api.errors import Unauthorized
from api.limits import RateLimiter
from services import Services


@dataclass(frozen=True)
class Principal:
    """The authenticated key: its id and label (for the audit log) and the caller it speaks for."""

    key_id: str
    key_name: str
    caller: Caller


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


def get_auth_failures(request: Request) -> RateLimiter:
    failures: RateLimiter = request.app.state.auth_failures
    return failures


ServicesDep = Annotated[Services, Depends(get_services)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]
AuthFailuresDep = Annotated[RateLimiter, Depends(get_auth_failures)]


def authenticate(
    request: Request, services: ServicesDep, limiter: LimiterDep, failures: AuthFailuresDep
) -> Principal:
    # An address that failed too often waits, whatever it sends now: guessing keys stops.
    address = request.client.host if request.client else "unknown"
    failures.check(address)
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    record = services.store.keys.verify(key.strip()) if scheme.lower() == "bearer" else None
    if record is None:
        failures.hit(address)
        if scheme.lower() != "bearer" or not key.strip():
            raise Unauthorized("missing API key: send 'Authorization: Bearer <key>'")
        raise Unauthorized("invalid or revoked API key")
    principal = Principal(
        record["key_id"],
        record["name"],
        Caller(CallerRole(record["role"]), record["employee_id"], record["name"]),
    )
    request.state.principal = principal  # the audit row names the key, even when limited
    limiter.hit(record["key_id"])
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def run_tool(
    request: Request, services: Services, principal: Principal, tool: str, args: dict[str, Any]
) -> dict[str, Any]:
    """Call one tool as the caller (the tool enforces the access rules), note it for the
    audit row, and return the tool's JSON: the same contract as the CLI's `--json`."""
    result = call_tool(services.context(principal.caller), tool, args)
    audit.note(request, tools=[tool], cited=[f"{c.type}:{c.id}" for c in result.citations])
    return result.data
