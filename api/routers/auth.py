"""/v1/auth: how callers may sign in (no key needed to ask), and the web app's code exchange
for "Sign in with <provider>" (authorization code + PKCE; api/oidc.py)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request

from api.deps import AuthFailuresDep
from api.oidc import IssuerUnavailable, OidcVerifier, TokenRejected
from api.schemas.auth import AuthConfigPublic, TokenExchangeRequest, TokenPublic
from core.errors import NotFoundError

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/auth", tags=["operations"])


def _verifier(request: Request) -> OidcVerifier | None:
    verifier: OidcVerifier | None = request.app.state.oidc
    return verifier


@router.get("/config", response_model=AuthConfigPublic, summary="How to sign in")
def config(request: Request) -> dict[str, Any]:
    verifier = _verifier(request)
    sign_in = None
    if verifier:
        try:
            sign_in = verifier.sign_in_config()
        except IssuerUnavailable as exc:  # keys still work: the page offers them alone
            log.warning("no sign-in button: %s", exc)
    return {"api_keys": True, "tokens": verifier is not None, "sign_in": sign_in}


@router.post(
    "/token",
    response_model=TokenPublic,
    summary="Exchange an authorization code (PKCE) for a token this service accepts",
)
def token(
    body: TokenExchangeRequest, request: Request, failures: AuthFailuresDep
) -> dict[str, Any]:
    address = request.client.host if request.client else "unknown"
    failures.check(address)
    verifier = _verifier(request)
    if verifier is None or not verifier.settings.oidc_client_id:
        raise NotFoundError("sign-in through an identity provider is not configured here")
    # Only codes meant for this service's own sign-in page are redeemed (with its secret).
    allowed = verifier.settings.oidc_redirect_uris or [str(request.base_url)]
    if body.redirect_uri not in allowed:
        failures.hit(address)
        raise TokenRejected(f"'{body.redirect_uri[:200]}' is not this service's sign-in page")
    try:
        access_token = verifier.exchange_code(body.code, body.code_verifier, body.redirect_uri)
    except TokenRejected:
        failures.hit(address)
        raise
    return {"access_token": access_token, "token_type": "Bearer"}
