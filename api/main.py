"""The FastAPI application. Routers stay thin; the work happens in the layers below."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

import web
from api import errors
from api.deps import ServicesDep
from api.limits import BodySizeLimit, RateLimiter
from api.routers import chat, documents, resources
from core.settings import Settings, get_settings
from services import Services

VERSION = "0.1.0"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # The API docs pages (/docs, /redoc) serve Swagger UI and ReDoc from the package, not a CDN.
    app = FastAPIOffline(
        title="talent-insights",
        version=VERSION,
        description=(
            "Skills-gap analytics, learning plans and grounded answers over your competency "
            "framework, job descriptions and employee profiles. Answers are AI-generated advice; "
            "people decide. Authenticate with `Authorization: Bearer <API key>` "
            "(`talent keys create`)."
        ),
    )
    services = Services.from_settings(settings)
    app.state.services = services
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    services.store.audit.purge(settings.audit_retention_days)
    errors.install(app)
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Conversation-Id"],
        )
    app.include_router(chat.router)
    app.include_router(resources.router)
    app.include_router(documents.router)
    web.mount(app, settings.embed_origins)

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    def healthz(services: ServicesDep) -> dict[str, Any]:
        return {"status": "ok", "version": VERSION, "records": services.store.counts()}

    @app.get("/readyz", tags=["operations"], summary="Store, index and model ready")
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
                import httpx

                url = services.settings.llm_base_url.rstrip("/") + "/models"
                llm = "reachable" if httpx.get(url, timeout=2).status_code < 500 else "error"
            except httpx.HTTPError:
                llm = "unreachable (answers fall back to the offline planner)"
        return {"status": "ready", **checks, "llm": llm}

    return app
