"""/healthz and /readyz for load balancers and orchestrators (no key needed, so they say
nothing about the data), and /v1/status with the record counts (HR, admin)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import APIRouter

from agent.access import require_hr_or_admin
from api.deps import PrincipalDep, ServicesDep
from api.schemas.operations import HealthPublic, ReadyPublic, StatusPublic
from services import Services

VERSION = "0.1.0"
router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    response_model=HealthPublic,
    response_model_exclude_unset=True,
    summary="The process is up",
)
def healthz() -> dict[str, Any]:
    return {"status": "ok", "version": VERSION}


@router.get(
    "/readyz",
    response_model=ReadyPublic,
    response_model_exclude_unset=True,
    summary="Store, index and model ready",
)
def readyz(services: ServicesDep) -> dict[str, Any]:
    return {"status": "ready", **_checks(services)}


@router.get(
    "/v1/status",
    response_model=StatusPublic,
    response_model_exclude_unset=True,
    summary="Version, record counts, index size and model (HR, admin)",
)
def status(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    require_hr_or_admin(principal.caller, "The service status")
    return {
        "status": "ready",
        "version": VERSION,
        "records": services.store.counts(),
        "index_chunks": services.knowledge.vectors.count(),
        **_checks(services),
        **_models(services),
    }


def _checks(services: Services) -> dict[str, Any]:
    knowledge = services.knowledge
    pending = services.store.pending
    checks: dict[str, Any] = {
        "store": services.store.counts()["skills"] >= 0,
        "index": "ready" if knowledge.vectors.count() else "empty",
        # another process re-indexed and this one still serves the snapshot before it;
        # the reload starts now (searches start it too), so this clears within seconds
        "index_stale": knowledge.searcher.is_stale(),
        # work under way, or left by a stopped process and being finished now: until it
        # is, the index may lack what the store holds
        "pending_work": pending.count(),
    }
    if checks["pending_work"]:
        checks["index_stale"] = True
        if pending.abandoned():
            services.recover_in_background()
    _ = knowledge.model_ready  # loads the model now: ready means the first request will not wait
    if checks["index_stale"]:
        knowledge.searcher.reload_in_background()
    return checks


def _models(services: Services) -> dict[str, Any]:
    """Which models answer (HR and admins only: /readyz says nothing of them)."""
    llm = "not configured"
    if services.settings.llm_base_url:
        try:
            url = services.settings.llm_base_url.rstrip("/") + "/models"
            llm = "reachable" if httpx.get(url, timeout=2).status_code < 500 else "error"
        except httpx.HTTPError:
            llm = "unreachable (answers fall back to the offline planner)"
    return {"embedder": services.knowledge.embedder.name, "llm": llm}
