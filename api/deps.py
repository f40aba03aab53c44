"""Shared services and the `Annotated` dependencies routers use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from agent.access import Caller, CallerRole
from agent.assistant import Assistant
from api.errors import Unauthorized
from api.limits import RateLimiter
from core.settings import Settings
from retrieval.knowledge import Knowledge


@dataclass
class Services:
    settings: Settings
    knowledge: Knowledge
    assistant: Assistant
    limiter: RateLimiter


@dataclass(frozen=True)
class Principal:
    """The authenticated key: its label (for the audit log) and the caller it speaks for."""

    key_name: str
    caller: Caller


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def authenticate(request: Request, services: ServicesDep) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("missing API key: send 'Authorization: Bearer <key>'")
    record = services.knowledge.store.keys.verify(key.strip())
    if record is None:
        raise Unauthorized("invalid or revoked API key")
    services.limiter.hit(record["key_id"])
    principal = Principal(
        record["name"], Caller(CallerRole(record["role"]), record["employee_id"], record["name"])
    )
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]
