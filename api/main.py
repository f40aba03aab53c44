"""The FastAPI application. Routers stay thin; the work happens in the layers below."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from agent.assistant import Assistant
from api import errors
from api.deps import Services, ServicesDep
from api.routers import chat
from core.settings import Settings, get_settings
from retrieval.knowledge import Knowledge

VERSION = "0.1.0"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="talent-insights",
        version=VERSION,
        description=(
            "Skills-gap analytics, learning plans and grounded answers over your competency "
            "framework, job descriptions and employee profiles. Answers are AI-generated advice; "
            "people decide. Authenticate with `Authorization: Bearer <API key>` "
            "(`talent keys create`)."
        ),
    )
    knowledge = Knowledge(settings)
    app.state.services = Services(settings, knowledge, Assistant(knowledge, settings))
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Conversation-Id"],
        )
    app.include_router(chat.router)

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    def healthz(services: ServicesDep) -> dict[str, Any]:
        return {"status": "ok", "version": VERSION, "records": services.knowledge.store.counts()}

    return app
