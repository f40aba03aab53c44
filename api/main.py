"""The FastAPI application. Routers stay thin; the work happens in the layers below."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

import web
from api import errors
from api.audit import AuditMiddleware
from api.headers import SecurityHeaders
from api.limits import BodySizeLimit, Limiter, RateLimiter, SharedRateLimiter, Utf8Json
from api.oidc import OidcVerifier
from api.routers import (
    audit,
    auth,
    capabilities,
    chat,
    completions,
    departments,
    documents,
    employees,
    frameworks,
    imports,
    initiatives,
    jobs,
    me,
    mentors,
    openai_compat,
    operations,
    plans,
    programmes,
    roles,
    scenarios,
    scim,
    scorecard,
    search,
    skills,
    talent_flow,
    teams,
    xapi,
)
from api.scim import ScimDoor
from core.settings import Settings, get_settings
from services import Services

# One router per resource (api/routers/), each with its prefix and tag.
ROUTERS = [
    operations.router,
    auth.router,
    me.router,
    chat.router,
    capabilities.router,
    openai_compat.router,
    skills.router,
    roles.router,
    employees.router,
    teams.router,
    departments.router,
    talent_flow.router,
    scorecard.router,
    mentors.router,
    search.router,
    plans.router,
    programmes.router,
    initiatives.router,
    completions.router,
    scenarios.router,
    documents.router,
    frameworks.router,
    imports.router,
    jobs.router,
    audit.router,
    scim.router,
    xapi.router,
]


def _limiter(services: Services, name: str, per_minute: int) -> Limiter:
    """Counted in the database (every worker shares it) unless configured in memory."""
    if services.settings.rate_limit_store == "memory":
        return RateLimiter(per_minute)
    return SharedRateLimiter(services.store.rate_limits, name, per_minute)


def _warm(services: Services) -> None:
    try:
        services.warm()
    except Exception:  # the first request will say what is wrong, in its own answer
        logging.getLogger(__name__).exception("warming up on start failed")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    services = Services.from_settings(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_on_start:
            threading.Thread(target=_warm, args=(services,), name="warm", daemon=True).start()
        await to_thread.run_sync(services.jobs.start)  # this process runs long work too
        yield
        await to_thread.run_sync(services.jobs.stop)
        # Plan events still queued get a few seconds to reach the portal.
        await to_thread.run_sync(services.webhook.close)
        # Audit rows still queued are written before the process exits.
        await to_thread.run_sync(services.store.audit.flush)

    # The API docs pages (/docs, /redoc) serve Swagger UI and ReDoc from the package, not a CDN.
    app = FastAPIOffline(
        title="talent-insights",
        version=operations.VERSION,
        description=(
            "Skills-gap analytics, learning plans and grounded answers over your competency "
            "framework, job descriptions and employee profiles. Answers are AI-generated advice; "
            "people decide. Authenticate with `Authorization: Bearer <API key>` "
            "(`talent keys create`)."
        ),
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.limiter = _limiter(services, "requests", settings.rate_limit_per_minute)
    app.state.system_limiter = _limiter(
        services, "system-requests", settings.system_rate_limit_per_minute
    )
    app.state.auth_failures = _limiter(services, "auth-failures", settings.auth_failures_per_minute)
    app.state.oidc = OidcVerifier.from_settings(settings)
    app.state.scim = ScimDoor(
        services.store.directory,
        lambda: settings.as_of or date.today(),
        services.forget_employee,
    )
    services.store.audit.keep_for(settings.audit_retention_days)
    errors.install(app)
    app.add_middleware(errors.UnexpectedErrors)  # innermost: the layers above see a 500
    app.add_middleware(Utf8Json)  # inside the size limit, which bounds what it reads
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Conversation-Id", "If-Match"],
            expose_headers=["ETag"],
        )
    app.add_middleware(SecurityHeaders)  # outside the limits: a 413 is not sniffed either
    # Outermost, so requests refused by the layers above (size, CORS) are audited too.
    app.add_middleware(AuditMiddleware, audit=services.store.audit)
    if settings.trusted_proxies:
        # Outside everything: the audit, the limits and sign-in see the client's address,
        # taken from X-Forwarded-For only when the peer is a listed proxy.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    for router in ROUTERS:
        app.include_router(router)
    web.mount(app, settings.embed_origins)
    return app
