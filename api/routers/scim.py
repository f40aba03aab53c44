"""/scim/v2: SCIM 2.0 provisioning from the organisation's identity provider, with a
provisioning key (`talent keys create --role provisioning`), which can write people and
read nothing else. Not in the OpenAPI document: SCIM describes itself (/scim/v2/Schemas,
/ResourceTypes, /ServiceProviderConfig)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from scim2_models import TooManyException, UnauthorizedException
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse

from api.deps import AuthFailuresDep, ServicesDep, SystemLimiterDep, authenticate_system
from api.errors import Unauthorized
from api.limits import TooManyRequests
from api.scim import ScimDoor

router = APIRouter(prefix="/scim/v2", tags=["scim"], include_in_schema=False)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@router.api_route("/{path:path}", methods=METHODS)
async def scim(
    path: str,
    request: Request,
    services: ServicesDep,
    limiter: SystemLimiterDep,
    failures: AuthFailuresDep,
) -> Response:
    door: ScimDoor = request.app.state.scim
    scim_request = ScimRequest(
        method=request.method,
        base_url=str(request.base_url).rstrip("/") + "/scim/v2",
        path="/" + path,
        query=dict(request.query_params),
        headers=list(request.headers.items()),
        body=await request.body(),
    )
    if door.guarded(scim_request):
        try:
            await run_in_threadpool(
                authenticate_system, request, services, limiter, failures, "provisioning"
            )
        except Unauthorized as exc:
            return _response(door.refuse(scim_request, UnauthorizedException(detail=str(exc))))
        except TooManyRequests as exc:
            answer = _response(door.refuse(scim_request, TooManyException(detail=str(exc))))
            answer.headers["Retry-After"] = str(exc.retry_after)
            return answer
    return _response(await run_in_threadpool(door.serve, scim_request))


def _response(answer: ScimResponse) -> Response:
    status = int(answer.status)
    body = answer.body
    headers = dict(answer.headers)
    media_type = headers.pop("Content-Type", "application/scim+json")
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    content = b"" if body is None else json.dumps(body).encode()
    return Response(content, status_code=status, headers=headers, media_type=media_type)
