"""The FastAPI application. Routers stay thin; the work happens in the layers below."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from core.settings import Settings, get_settings
from retrieval.store import Store

VERSION = "0.1.0"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="talent-insights",
        version=VERSION,
        description=(
            "Skills-gap analytics, learning plans and grounded answers over your competency "
            "framework, job descriptions and employee profiles. Answers are AI-generated advice; "
            "people decide."
        ),
    )
    store = Store.from_settings(settings)
    app.state.settings = settings
    app.state.store = store

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": VERSION, "records": store.counts()}

    return app
