"""/xapi: learning completions from an LMS as xAPI statements (1.0.3), with an LMS key
(`talent keys create --role lms`, one per LMS; Bearer or HTTP Basic with the key as the
password), which can report completions and read nothing.

Not a learning record store: "completed" and "passed" statements about a catalogue
resource complete the matching actions of the learner's approved plans and are kept as
their evidence; other verbs are acknowledged and dropped; statements naming nobody or no
resource we know are kept for HR to resolve (GET /v1/completions?status=unmatched). Not in
the OpenAPI document: xAPI is its own specification."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import AuthFailuresDep, ServicesDep, SystemLimiterDep, authenticate_system
from api.errors import Unauthorized
from api.limits import TooManyRequests
from api.routers.plans import notify_as
from core.errors import ConflictError
from ingest.completions import XAPI_VERSIONS, statements
from ingest.native_format import ImportFailed
from services import Services

router = APIRouter(prefix="/xapi", tags=["learning completions"], include_in_schema=False)
VERSION = "1.0.3"


def _answer(status: int, body: Any = None, **headers: str) -> Response:
    headers = {"X-Experience-API-Version": VERSION, **headers}
    if body is None:
        return Response(status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


@router.get("/about")
async def about() -> Response:
    return _answer(200, {"version": [VERSION]})


@router.post("/statements")
async def post_statements(
    request: Request, services: ServicesDep, limiter: SystemLimiterDep, failures: AuthFailuresDep
) -> Response:
    return await _receive(request, services, limiter, failures, None)


@router.put("/statements")
async def put_statement(
    request: Request,
    services: ServicesDep,
    limiter: SystemLimiterDep,
    failures: AuthFailuresDep,
    statementId: str = "",
) -> Response:
    if not statementId:
        return _answer(400, {"error": "PUT /xapi/statements needs the statementId parameter"})
    return await _receive(request, services, limiter, failures, statementId)


async def _receive(
    request: Request,
    services: Services,
    limiter: Any,
    failures: Any,
    statement_id: str | None,
) -> Response:
    try:
        lms = await run_in_threadpool(
            authenticate_system, request, services, limiter, failures, "lms"
        )
    except Unauthorized as exc:
        return _answer(401, {"error": str(exc)}, **{"WWW-Authenticate": 'Basic realm="xapi"'})
    except TooManyRequests as exc:
        return _answer(429, {"error": str(exc)}, **{"Retry-After": str(exc.retry_after)})
    version = request.headers.get("x-experience-api-version", "")
    if version not in XAPI_VERSIONS:
        wanted = f"send the X-Experience-API-Version header (1.0.x; this LRS speaks {VERSION})"
        return _answer(400, {"error": wanted})
    try:
        body = json.loads(await request.body())
        received = statements(body, statement_id)
        report = await run_in_threadpool(services.record_completions, received, lms.key_name)
    except json.JSONDecodeError as exc:
        return _answer(400, {"error": f"the body is not JSON: {exc.msg}"})
    except ImportFailed as exc:
        return _answer(400, {"error": str(exc), "problems": [str(e) for e in exc.errors]})
    except ConflictError as exc:
        return _answer(409, {"error": str(exc)})
    for plan in report.plans:
        event = "plan.completed" if plan["status"] == "completed" else "plan.action_done"
        await run_in_threadpool(notify_as, services, event, plan, lms.key_name)
    if statement_id is not None:
        return _answer(204)
    return _answer(200, [c if isinstance(c, str) else c.statement_id for c in received])
