"""Errors as application/problem+json (RFC 9457). The only place errors meet HTTP."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.access import AccessDenied
from api.limits import TooManyRequests
from core.errors import (
    AmbiguousNameError,
    ConflictError,
    DependencyError,
    NotFoundError,
    PreconditionFailed,
    UserError,
)

log = logging.getLogger(__name__)
STORE_RETRY_AFTER_S = 2


class Unauthorized(UserError):
    """No or an invalid API key."""


class UnexpectedErrors:
    """An error nothing else handled: logged with its traceback, answered as a plain 500
    problem that says nothing of it, and not re-raised, so the server keeps the client's
    keep-alive connection (Starlette's last resort answers text and uvicorn then drops it)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            log.exception("unexpected error on %s %s", scope.get("method"), route)
            if started:
                raise  # half a response is out: nothing honest can follow it
            response = problem(500, "Internal Server Error", "an unexpected error; it was logged")
            await response(scope, receive, send)


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
        status_code=status,
        media_type="application/problem+json",
        headers={"WWW-Authenticate": "Bearer"} if status == 401 else None,
    )


STATUS: list[tuple[type[Exception], int, str]] = [
    (TooManyRequests, 429, "Too many requests"),
    (Unauthorized, 401, "Unauthorized"),
    (AccessDenied, 403, "Forbidden"),
    (NotFoundError, 404, "Not found"),
    (AmbiguousNameError, 409, "Ambiguous name"),
    (PreconditionFailed, 412, "Precondition failed"),
    (ConflictError, 409, "Conflict"),
    (UserError, 400, "Bad request"),
    (DependencyError, 503, "Service unavailable"),
]


def install(app: FastAPI) -> None:
    for exc_type, status, title in STATUS:

        def handler(
            _request: Request, exc: Exception, s: int = status, t: str = title
        ) -> JSONResponse:
            response = problem(s, t, str(exc))
            if isinstance(exc, TooManyRequests):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response

        app.add_exception_handler(exc_type, handler)

    def validation(_request: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors
        )
        return problem(422, "Invalid request", detail or str(exc))

    app.add_exception_handler(RequestValidationError, validation)

    def http_error(_request: Request, exc: Exception) -> JSONResponse:
        # Starlette's own (404 for an unknown path, 405, 413 for a streamed body): the same
        # problem+json shape as ours.
        status = getattr(exc, "status_code", 500)
        title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        response = problem(status, title, str(getattr(exc, "detail", "") or title))
        for name, value in (getattr(exc, "headers", None) or {}).items():
            response.headers[name] = value
        return response

    app.add_exception_handler(StarletteHTTPException, http_error)

    def store_unavailable(_request: Request, exc: Exception) -> JSONResponse:
        # Locked by another writer past the busy timeout, or the database went away.
        log.warning("store unavailable: %s", str(exc).splitlines()[0])
        response = problem(
            503, "Service unavailable", "the store is busy or unavailable; retry shortly"
        )
        response.headers["Retry-After"] = str(STORE_RETRY_AFTER_S)
        return response

    app.add_exception_handler(OperationalError, store_unavailable)

    def tool_arguments(_request: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, PydanticValidationError) else []
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Invalid request", detail or str(exc))

    # Arguments that pass the HTTP schema but not a tool's own checks (e.g. an empty name).
    app.add_exception_handler(PydanticValidationError, tool_arguments)
