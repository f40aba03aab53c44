"""Bearer tokens from the organisation's identity provider (OIDC), beside API keys.

A token is accepted only when its signature verifies with one of the issuer's published keys
(its JWKS, found through its discovery document), its `alg` is one we allow (asymmetric:
never `none`, never HMAC, so a public key can't be used as a shared secret), and `iss`,
`aud`, `exp` and `nbf` hold. The claims then say who the caller is: one claim names the
employee, one lists groups that map to a role. PyJWT does the cryptography.

The web app's "Sign in with …" runs the authorization-code flow with PKCE in the browser;
the code is exchanged here (`exchange_code`), so the browser talks to nobody but this
service and the provider's sign-in page."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt

from api.errors import Unauthorized
from core.errors import DependencyError
from core.settings import ROLES, Settings

log = logging.getLogger(__name__)
FETCH_TIMEOUT_S = 5.0
REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]
# The key type (JWK `kty`) each accepted algorithm verifies with.
KEY_TYPES = {
    **dict.fromkeys(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"), "RSA"),
    **dict.fromkeys(("ES256", "ES384"), "EC"),
    "EdDSA": "OKP",
}


class TokenRejected(Unauthorized):
    """The token is not one this service accepts; the message says which check failed.
    `forged` is False for a genuine token that has only expired (or is not valid yet): that
    is a person to send to sign in again, not an address guessing tokens."""

    def __init__(self, message: str, forged: bool = True):
        super().__init__(message)
        self.forged = forged


class IssuerUnavailable(DependencyError):
    """The identity provider's discovery document or keys could not be fetched."""


def looks_like_jwt(credential: str) -> bool:
    """A compact JWS (three base64url parts), not one of our API keys."""
    return credential.count(".") == 2 and credential.startswith("eyJ")


def claim(claims: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (`realm_access.roles`), or None."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def role_for(groups: Any, role_map: dict[str, str]) -> str:
    """The role a token's groups grant: the highest any mapped group names, else employee
    (an unmapped group never grants more)."""
    values = [groups] if isinstance(groups, str) else groups if isinstance(groups, list) else []
    granted = {role_map[g] for g in values if isinstance(g, str) and g in role_map}
    return next((role for role in ROLES if role in granted), "employee")


def token_key_id(issuer: str, subject: str) -> str:
    """A stable id for the audit log and rate limits: one per person at one issuer."""
    return "oidc-" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TokenClaims:
    subject: str
    role: str
    person: str  # the value of the employee claim ("" when absent)
    claims: dict[str, Any]
    # the groups claim's strings; None when the token has no such claim
    groups: list[str] | None = None


class Jwks:
    """The issuer's signing keys, fetched through its discovery document and cached.

    A `kid` not in the cache fetches the keys again (the provider rotated them), at most
    once per `min_refresh_s`, so a stream of made-up `kid`s cannot turn into a stream of
    requests to the provider."""

    def __init__(self, issuer: str, ttl_s: float, min_refresh_s: float, client: httpx.Client):
        self.issuer = issuer
        self.ttl_s = ttl_s
        self.min_refresh_s = min_refresh_s
        self.client = client
        self._lock = threading.Lock()
        self._discovery: dict[str, Any] | None = None
        # kid → the key, and the algorithm it is published for (if the JWKS says)
        self._keys: dict[str | None, tuple[jwt.PyJWK, str | None]] = {}
        self._fetched_at = float("-inf")  # when the keys were last fetched
        self._attempted_at = float("-inf")  # when a fetch was last tried
        self._discovery_tried_at = float("-inf")
        self._discovery_error = ""
        self._refresh_error = ""
        self.fetches = 0

    def discovery(self) -> dict[str, Any]:
        """The provider's discovery document, fetched once. While the provider does not
        answer, it is asked again at most every `min_refresh_s`, and never under the lock
        (requests with cached keys or API keys don't wait on it)."""
        with self._lock:
            if self._discovery is not None:
                return self._discovery
            now = time.monotonic()
            if now - self._discovery_tried_at < self.min_refresh_s:
                raise IssuerUnavailable(
                    self._discovery_error or "the identity provider is being asked; retry shortly"
                )
            self._discovery_tried_at = now
        url = f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"
        try:
            document = self._get(url)
            if str(document.get("issuer", "")).rstrip("/") != self.issuer.rstrip("/"):
                raise IssuerUnavailable(
                    f"the discovery document at {url} names issuer "
                    f"'{document.get('issuer')}', not '{self.issuer}'"
                )
            if not isinstance(document.get("jwks_uri"), str):
                raise IssuerUnavailable(f"the discovery document at {url} has no jwks_uri")
        except IssuerUnavailable as exc:
            self._discovery_error = str(exc)
            raise
        with self._lock:
            self._discovery = document
        return document

    def key(self, kid: str | None) -> tuple[jwt.PyJWK, str | None]:
        now = time.monotonic()
        with self._lock:
            found = self._find(kid)
            if found is not None and now - self._fetched_at < self.ttl_s:
                return found
            may_fetch = now - self._attempted_at >= self.min_refresh_s
            if may_fetch:
                self._attempted_at = now
            elif self._fetched_at == float("-inf"):  # never had keys: the provider is down
                raise IssuerUnavailable(self._refresh_error or "the identity provider is down")
        if may_fetch:
            try:
                self._refresh()
            except IssuerUnavailable as exc:
                self._refresh_error = str(exc)
                if found is None:
                    raise
                # The provider is down: the keys it published last still verify.
                log.warning("keeping the cached signing keys: %s", exc)
                return found
            with self._lock:
                found = self._find(kid)
        if found is None:
            raise TokenRejected(
                f"the token's signing key (kid '{str(kid)[:64]}') is not among the issuer's "
                "published keys"
            )
        return found

    def _find(self, kid: str | None) -> tuple[jwt.PyJWK, str | None] | None:
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))  # a provider with one key may omit kid
        return self._keys.get(kid)

    def _refresh(self) -> None:
        uri = self.discovery()["jwks_uri"]
        document = self._get(uri)
        keys: dict[str | None, tuple[jwt.PyJWK, str | None]] = {}
        for entry in document.get("keys", []):
            if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
                continue
            try:
                parsed = jwt.PyJWK(entry)
            except jwt.PyJWKError as exc:  # a key type we can't use: skip it, not them all
                log.info("skipping a key in %s: %s", uri, exc)
                continue
            keys[entry.get("kid")] = (parsed, entry.get("alg"))
        with self._lock:
            self._keys = keys
            self._fetched_at = time.monotonic()
            self.fetches += 1

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = self.client.get(url)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise IssuerUnavailable(
                f"the identity provider did not answer at {url}: {exc}"
            ) from exc
        if not isinstance(document, dict):
            raise IssuerUnavailable(f"{url} did not return a JSON object")
        return document


class OidcVerifier:
    """Checks bearer tokens from one issuer and reads who they speak for."""

    def __init__(self, settings: Settings, client: httpx.Client | None = None):
        self.settings = settings
        self.issuer = settings.oidc_issuer
        self.client = client or httpx.Client(timeout=FETCH_TIMEOUT_S, follow_redirects=False)
        self.jwks = Jwks(
            self.issuer,
            settings.oidc_jwks_ttl_s,
            settings.oidc_jwks_min_refresh_s,
            self.client,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> OidcVerifier | None:
        return cls(settings) if settings.oidc_issuer else None

    def verify(self, token: str) -> TokenClaims:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:  # unreadable, or a header field of the wrong type
            raise TokenRejected(f"not a readable token: {exc}") from exc
        algorithm = header.get("alg")
        if algorithm not in self.settings.oidc_algorithms:
            raise TokenRejected(
                f"tokens signed with '{str(algorithm)[:32]}' are not accepted "
                f"(accepted: {', '.join(self.settings.oidc_algorithms)})"
            )
        key, published = self.jwks.key(header.get("kid"))
        if published and published != algorithm:
            raise TokenRejected(f"the token says '{algorithm}' but its key is for '{published}'")
        if key.key_type != KEY_TYPES[algorithm]:  # a JWKS without `alg` (Entra's)
            raise TokenRejected(
                f"invalid token: '{algorithm}' needs a {KEY_TYPES[algorithm]} key, "
                f"its key is {key.key_type}"
            )
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self.settings.oidc_audience,
                issuer=self.issuer,
                leeway=self.settings.oidc_leeway_s,
                options={"require": REQUIRED_CLAIMS},
            )
        # PyJWT checks the signature before the claims: these two are genuine tokens.
        except jwt.ExpiredSignatureError as exc:
            raise TokenRejected("the token has expired: sign in again", forged=False) from exc
        except jwt.ImmatureSignatureError as exc:
            raise TokenRejected(
                "the token is not valid yet (nbf or iat in the future)", forged=False
            ) from exc
        except jwt.InvalidAudienceError as exc:
            raise TokenRejected(
                f"the token is not meant for this service (aud must include "
                f"'{self.settings.oidc_audience}')"
            ) from exc
        except jwt.InvalidIssuerError as exc:
            raise TokenRejected(f"the token was not issued by {self.issuer}") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise TokenRejected(f"the token lacks the '{exc.claim}' claim") from exc
        except jwt.InvalidSignatureError as exc:
            raise TokenRejected("the token's signature does not verify") from exc
        except jwt.PyJWTError as exc:  # malformed, or a key of another type than `alg`
            raise TokenRejected(f"invalid token: {exc}") from exc
        person = claim(claims, self.settings.oidc_employee_claim)
        groups = claim(claims, self.settings.oidc_roles_claim)
        listed = (
            [groups] if isinstance(groups, str) else groups if isinstance(groups, list) else None
        )
        return TokenClaims(
            subject=str(claims["sub"]),
            role=role_for(groups, self.settings.oidc_role_map),
            person=person.strip() if isinstance(person, str) else "",
            claims=claims,
            groups=None if listed is None else [g for g in listed if isinstance(g, str)],
        )

    # ------------------------------------------------------------- the web app's sign-in

    @property
    def provider_name(self) -> str:
        return self.settings.oidc_provider_name or (urlsplit(self.issuer).hostname or self.issuer)

    def sign_in_config(self) -> dict[str, Any] | None:
        """What the web app needs to send a person to the provider's sign-in page; None
        without a client id (tokens are still accepted: a portal signs people in)."""
        if not self.settings.oidc_client_id:
            return None
        endpoint = self.jwks.discovery().get("authorization_endpoint")
        if not isinstance(endpoint, str):
            raise IssuerUnavailable(
                "the provider's discovery document has no authorization_endpoint"
            )
        return {
            "provider": self.provider_name,
            "authorization_endpoint": endpoint,
            "client_id": self.settings.oidc_client_id,
            "scope": self.settings.oidc_scopes,
        }

    def exchange_code(self, code: str, code_verifier: str, redirect_uri: str) -> str:
        """The token for an authorization code the browser got back (PKCE: the verifier
        proves the same browser started the flow). Returns a token this service accepts:
        the access token, or the ID token where the provider's access token is not a JWT
        for this audience (Google's)."""
        endpoint = self.jwks.discovery().get("token_endpoint")
        if not isinstance(endpoint, str) or not self.settings.oidc_client_id:
            raise TokenRejected("sign-in through the identity provider is not configured")
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": code_verifier,
            "redirect_uri": redirect_uri,
            "client_id": self.settings.oidc_client_id,
        }
        if self.settings.oidc_client_secret:
            form["client_secret"] = self.settings.oidc_client_secret
        try:
            response = self.client.post(endpoint, data=form)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise IssuerUnavailable(
                f"the identity provider's token endpoint failed: {exc}"
            ) from exc
        if response.status_code != 200 or not isinstance(body, dict):
            reason = (
                body.get("error_description") or body.get("error") if isinstance(body, dict) else ""
            )
            raise TokenRejected(
                f"the identity provider refused the sign-in: {reason or response.status_code}"
            )
        first_error: TokenRejected | None = None
        for name in ("access_token", "id_token"):
            token = body.get(name)
            if not isinstance(token, str) or not looks_like_jwt(token):
                continue
            try:
                self.verify(token)
                return token
            except TokenRejected as exc:
                first_error = first_error or exc
        raise first_error or TokenRejected("the identity provider returned no token")
