"""/healthz and /readyz: for load balancers and orchestrators (no key needed)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import APIRouter

from api.deps import ServicesDep
from api.schemas.operations import HealthPublic, ReadyPublic

VERSION = "0.1.0"
router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    response_model=HealthPublic,
    response_model_exclude_unset=True,
    summary="The process is up",
)
def healthz(services: ServicesDep) -> dict[str, Any]:
    return {"status": "ok", "version": VERSION, "records": services.store.counts()}


@router.get(
    "/readyz",
    response_model=ReadyPublic,
    response_model_exclude_unset=True,
    summary="Store, index and model ready",
)
def readyz(services: ServicesDep) -> dict[str, Any]:
    knowledge = services.knowledge
    checks = {
        "store": services.store.counts()["skills"] >= 0,
        "index_chunks": knowledge.vectors.count(),
        "embedder": knowledge.embedder.name,
    }
    llm = "not configured"
    if services.settings.llm_base_url:
        try:
            url = services.settings.llm_base_url.rstrip("/") + "/models"
            llm = "reachable" if httpx.get(url, timeout=2).status_code < 500 else "error"
        except httpx.HTTPError:
            llm = "unreachable (answers fall back to the offline planner)"
    return {"status": "ready", **checks, "llm": llm}
