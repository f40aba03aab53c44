"""A tiny OpenID Connect provider on loopback, for the token tests: a discovery document, a
JWKS, signing keys the tests rotate, an authorization endpoint that signs in whoever the
test says (no login form) and a token endpoint that checks PKCE. Tokens are signed with
PyJWT, as a real provider would sign them; nothing here is shared with the code under test."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF


@dataclass
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey

    def public_jwk(self, with_alg: bool = True) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        jwk = {**jwk, "kid": self.kid, "use": "sig"}
        return {**jwk, "alg": "RS256"} if with_alg else jwk  # Entra publishes no alg


def new_key() -> SigningKey:
    return SigningKey(
        secrets.token_hex(4), rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )


@dataclass
class Issuer:
    """Start with `start()`; `url` is the issuer (and its `iss`)."""

    audience: str
    client_id: str = "talent-web"
    keys: list[SigningKey] = field(default_factory=lambda: [new_key()])
    # The claims the authorization endpoint signs in (the test sets who "logs in").
    login_claims: dict[str, Any] = field(default_factory=dict)
    jwks_fetches: int = 0
    discovery_fetches: int = 0
    # Ways real providers differ: keys published without `alg`; an access token that is
    # not a JWT (Google: the ID token is the one to use); a confidential client's secret;
    # a provider that answers 503 to everything.
    publish_alg: bool = True
    opaque_access_token: bool = False
    client_secret: str = ""
    down: bool = False
    url: str = ""
    _codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    _server: http.server.ThreadingHTTPServer | None = None

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def rotate(self, retire_old: bool = False) -> SigningKey:
        """Publish a new key and sign with it from now on; retire the old ones or keep them
        published (as providers do during a rotation)."""
        key = new_key()
        self.keys = [key] if retire_old else [*self.keys, key]
        return key

    def mint(
        self,
        claims: dict[str, Any] | None = None,
        *,
        key: SigningKey | None = None,
        lifetime_s: int = 300,
        headers: dict[str, Any] | None = None,
        audience: str | None = None,
        drop: tuple[str, ...] = (),
    ) -> str:
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": self.url,
            "aud": self.audience if audience is None else audience,
            "sub": "subject-1",
            "iat": now,
            "nbf": now,
            "exp": now + lifetime_s,
            **(claims or {}),
        }
        for name in drop:
            body.pop(name, None)
        signer = key or self.current
        return jwt.encode(
            body, signer.private, algorithm="RS256", headers={"kid": signer.kid, **(headers or {})}
        )

    # ------------------------------------------------------------- HTTP

    def start(self) -> Issuer:
        issuer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if issuer.down:
                    self._json({"error": "unavailable"}, 503)
                    if url.path == "/.well-known/openid-configuration":
                        issuer.discovery_fetches += 1
                    return
                if url.path == "/.well-known/openid-configuration":
                    issuer.discovery_fetches += 1
                    self._json(
                        {
                            "issuer": issuer.url,
                            "jwks_uri": f"{issuer.url}/jwks",
                            "authorization_endpoint": f"{issuer.url}/authorize",
                            "token_endpoint": f"{issuer.url}/token",
                            "id_token_signing_alg_values_supported": ["RS256"],
                            "code_challenge_methods_supported": ["S256"],
                        }
                    )
                elif url.path == "/jwks":
                    issuer.jwks_fetches += 1
                    self._json({"keys": [k.public_jwk(issuer.publish_alg) for k in issuer.keys]})
                elif url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    if (
                        query.get("client_id") != issuer.client_id
                        or query.get("response_type") != "code"
                        or query.get("code_challenge_method") != "S256"
                    ):
                        self._json({"error": "invalid_request"}, 400)
                        return
                    code = secrets.token_urlsafe(16)
                    issuer._codes[code] = {
                        "challenge": query["code_challenge"],
                        "redirect_uri": query["redirect_uri"],
                        "claims": dict(issuer.login_claims),
                    }
                    target = (
                        query["redirect_uri"]
                        + "?"
                        + urlencode({"code": code, "state": query.get("state", "")})
                    )
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                if urlsplit(self.path).path != "/token":
                    self._json({"error": "not_found"}, 404)
                    return
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                grant = issuer._codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = (
                    base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                    .rstrip(b"=")
                    .decode()
                )
                if (
                    grant is None
                    or form.get("client_id") != issuer.client_id
                    or form.get("client_secret", "") != issuer.client_secret
                    or form.get("redirect_uri") != grant["redirect_uri"]
                    or challenge != grant["challenge"]
                ):
                    self._json({"error": "invalid_grant", "error_description": "bad code"}, 400)
                    return
                id_token = issuer.mint(grant["claims"], audience=issuer.client_id)
                access = (
                    secrets.token_urlsafe(24)
                    if issuer.opaque_access_token
                    else issuer.mint(grant["claims"])
                )
                self._json(
                    {
                        "access_token": access,
                        "id_token": id_token,
                        "token_type": "Bearer",
                        "expires_in": 300,
                    }
                )

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


# The groups a test organisation's provider sends, and what each grants here.
ROLE_MAP = {
    "talent-admins": "admin",
    "people-team": "hr",
    "line-managers": "manager",
    "eval-team": "evaluator",
}


def oidc_settings(issuer: Issuer, **extra: Any) -> dict[str, Any]:
    """Settings that accept this issuer's tokens (as keyword arguments for Settings)."""
    return {
        "oidc_issuer": issuer.url,
        "oidc_audience": issuer.audience,
        "oidc_client_id": issuer.client_id,
        "oidc_provider_name": "Test IdP",
        "oidc_role_map": ROLE_MAP,
        "oidc_jwks_min_refresh_s": 1.0,
        **extra,
    }


def sample_app(home: Path, issuer: Issuer, **extra: Any) -> FastAPI:
    """The API over the sample organisation (hash embedder, in-memory index), accepting
    this issuer's tokens; `extra` overrides any setting."""
    settings = Settings(
        home=home,
        embedder="hash",
        vector_store="memory",
        as_of=SAMPLE_AS_OF,
        **oidc_settings(issuer, **extra),
    )
    application = create_app(settings)
    load_folder(application.state.services.store, SAMPLE)
    return application


def claims_of(token: str) -> dict[str, Any]:
    """A token's payload, read without checking anything (what an attacker can read)."""
    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
