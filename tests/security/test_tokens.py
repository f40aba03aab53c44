"""Attacks on the bearer token: every forged, stale or misdirected token is refused with
401 and a reason, and none reaches data. The keys come from a local issuer on loopback
(tests/support/oidc_issuer.py); the forgeries are built by hand, as an attacker would."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.main import create_app
from core.settings import Settings
from tests.support.oidc_issuer import Issuer, claims_of, new_key, sample_app

AUDIENCE = "api://talent-insights"
HR = {"sub": "u-hr", "employee_id": "E001", "groups": ["people-team"]}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    started = Issuer(AUDIENCE).start()
    yield started
    started.stop()


def _client(home: Path, issuer: Issuer, **extra: Any) -> TestClient:
    # failed sign-ins are not limited unless a test says so: each test sends many
    return TestClient(sample_app(home, issuer, **{"auth_failures_per_minute": 1000, **extra}))


@pytest.fixture(scope="module")
def client(issuer: Issuer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(tmp_path_factory.mktemp("tokens"), issuer) as c:
        yield c


def _refused(client: TestClient, token: str, reason: str) -> None:
    response = client.get("/v1/employees", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert reason in response.json()["detail"]
    assert "employees" not in response.json()


def test_the_genuine_token_is_accepted(client: TestClient, issuer: Issuer) -> None:
    """The control: every forgery below starts from a token like this one."""
    response = client.get("/v1/employees", headers={"Authorization": f"Bearer {issuer.mint(HR)}"})
    assert response.status_code == 200 and response.json()["total"] > 10


def test_an_expired_token(client: TestClient, issuer: Issuer) -> None:
    token = issuer.mint({**HR, "iat": 1_700_000_000, "nbf": 1_700_000_000, "exp": 1_700_000_300})
    _refused(client, token, "expired")


def test_a_token_expired_within_the_leeway_still_works(client: TestClient, issuer: Issuer) -> None:
    token = issuer.mint(HR, lifetime_s=-10)  # clocks drift: 30 s of leeway by default
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_token_not_valid_yet(client: TestClient, issuer: Issuer) -> None:
    token = issuer.mint({**HR, "nbf": 4_000_000_000}, lifetime_s=10**9)
    _refused(client, token, "not valid yet")


def test_a_token_for_another_service(client: TestClient, issuer: Issuer) -> None:
    _refused(client, issuer.mint(HR, audience="api://payroll"), "not meant for this service")


def test_a_token_from_another_issuer(client: TestClient, issuer: Issuer) -> None:
    _refused(client, issuer.mint({**HR, "iss": "https://evil.example"}), "not issued by")
    # near misses: iss is compared whole, never as a prefix or a substring
    for near in (issuer.url + "/", issuer.url + "x", issuer.url[:-1], "x" + issuer.url):
        _refused(client, issuer.mint({**HR, "iss": near}), "not issued by")


def test_an_issuer_written_with_a_trailing_slash_is_matched_exactly(
    issuer: Issuer, tmp_path: Path
) -> None:
    """Some providers' `iss` ends in a slash (Entra v1, Auth0): configured that way, their
    tokens are accepted, and tokens without the slash are not."""
    with _client(tmp_path, issuer, oidc_issuer=issuer.url + "/") as c:
        slashed = issuer.mint({**HR, "iss": issuer.url + "/"})
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {slashed}"}).is_success
        _refused(c, issuer.mint(HR), "not issued by")


def test_a_token_without_an_expiry(client: TestClient, issuer: Issuer) -> None:
    _refused(client, issuer.mint(HR, drop=("exp",)), "lacks the 'exp' claim")


def test_a_token_signed_by_a_key_the_issuer_never_published(
    client: TestClient, issuer: Issuer
) -> None:
    _refused(client, issuer.mint(HR, key=new_key()), "not among the issuer's published keys")


def test_a_forged_key_under_a_published_kid(client: TestClient, issuer: Issuer) -> None:
    impostor = new_key()
    impostor.kid = issuer.current.kid
    _refused(client, issuer.mint(HR, key=impostor), "signature does not verify")


def test_a_tampered_payload(client: TestClient, issuer: Issuer) -> None:
    """An employee's genuine token, its payload rewritten to grant HR: the signature no
    longer matches."""
    genuine = issuer.mint({"sub": "u-dana", "employee_id": "E013"})
    header, _body, signature = genuine.split(".")
    promoted = {**claims_of(genuine), "groups": ["people-team"]}
    forged = f"{header}.{_b64(json.dumps(promoted).encode())}.{signature}"
    _refused(client, forged, "signature does not verify")


def test_alg_none(client: TestClient, issuer: Issuer) -> None:
    claims = claims_of(issuer.mint(HR))
    for alg in ("none", "None", "NONE"):
        _refused(client, _unsigned({"alg": alg, "kid": issuer.current.kid}, claims) + ".", alg)


def test_hmac_signed_with_the_issuers_public_key(client: TestClient, issuer: Issuer) -> None:
    """The classic confusion: the public key (which anyone can fetch) used as an HMAC
    secret. HMAC algorithms are never accepted, whatever key the token names."""
    claims = claims_of(issuer.mint(HR))
    public = issuer.current.private.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    for alg, digest in (("HS256", hashlib.sha256), ("HS512", hashlib.sha512)):
        signing_input = _unsigned({"alg": alg, "kid": issuer.current.kid, "typ": "JWT"}, claims)
        signature = hmac.new(pem, signing_input.encode(), digest).digest()
        _refused(client, f"{signing_input}.{_b64(signature)}", f"'{alg}' are not accepted")


def test_a_token_naming_another_algorithm_than_its_key(client: TestClient, issuer: Issuer) -> None:
    """A genuine RS256 signature under a header that says ES256 (an accepted algorithm):
    the key is published for RS256 only."""
    genuine = issuer.mint(HR)
    _header, body, signature = genuine.split(".")
    relabelled = _b64(json.dumps({"alg": "ES256", "kid": issuer.current.kid}).encode())
    _refused(client, f"{relabelled}.{body}.{signature}", "its key is for 'RS256'")


def test_a_relabelled_algorithm_where_keys_publish_none(issuer: Issuer, tmp_path: Path) -> None:
    """Entra's JWKS names no `alg`: the key's type must still match the header's."""
    issuer.publish_alg = False
    try:
        with _client(tmp_path, issuer) as c:
            genuine = issuer.mint(HR)
            assert c.get("/v1/me", headers={"Authorization": f"Bearer {genuine}"}).is_success
            _header, body, signature = genuine.split(".")
            relabelled = _b64(json.dumps({"alg": "ES256", "kid": issuer.current.kid}).encode())
            _refused(c, f"{relabelled}.{body}.{signature}", "invalid token")
    finally:
        issuer.publish_alg = True


def test_garbage_that_looks_like_a_token(client: TestClient, issuer: Issuer) -> None:
    _refused(client, "eyJhbGciOi.not-base64!.x", "not a readable token")
    claims = claims_of(issuer.mint(HR))
    for kid in (123, ["a"], {"k": 1}):  # a kid that is not a string: 401, not a crash
        header = {"alg": "RS256", "kid": kid}
        _refused(client, _unsigned(header, claims) + ".c2ln", "not a readable token")


def test_key_rotation(issuer: Issuer, tmp_path: Path) -> None:
    """The provider publishes a new key and signs with it: the service fetches the keys
    again on the unknown kid and accepts. When the old key is retired, tokens it signed stop
    working at the next fetch."""
    with _client(tmp_path, issuer) as c:
        old_token = issuer.mint(HR)
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {old_token}"}).is_success
        fetches = issuer.jwks_fetches
        issuer.rotate()
        new_token = issuer.mint(HR)
        time.sleep(1.1)  # keys are fetched again at most once a second here (10 s by default)
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {new_token}"}).is_success
        assert issuer.jwks_fetches == fetches + 1
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {old_token}"}).is_success
        issuer.rotate(retire_old=True)
        newest = issuer.mint(HR)
        time.sleep(1.1)
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {newest}"}).is_success
        _refused(c, old_token, "not among the issuer's published keys")


def test_made_up_kids_do_not_flood_the_provider(issuer: Issuer, tmp_path: Path) -> None:
    with _client(tmp_path, issuer, oidc_jwks_min_refresh_s=60) as c:
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {issuer.mint(HR)}"}).is_success
        fetches = issuer.jwks_fetches
        for n in range(20):
            _refused(c, issuer.mint(HR, headers={"kid": f"made-up-{n}"}), "not among")
        assert issuer.jwks_fetches <= fetches + 1


def test_a_down_provider_is_not_asked_on_every_request(issuer: Issuer, tmp_path: Path) -> None:
    """While the provider answers 503, the discovery document is asked for at most once a
    `TALENT_OIDC_JWKS_MIN_REFRESH_S`, however many pages and tokens arrive, and API keys
    keep working."""
    issuer.down = True
    try:
        with _client(tmp_path, issuer, oidc_jwks_min_refresh_s=60) as c:
            key = c.app.state.services.store.keys.create("hr")["key"]  # type: ignore[attr-defined]
            before = issuer.discovery_fetches
            for _ in range(10):
                assert c.get("/v1/auth/config").json()["sign_in"] is None
                response = c.get("/v1/me", headers={"Authorization": f"Bearer {issuer.mint(HR)}"})
                assert response.status_code == 503
                assert c.get("/v1/me", headers={"Authorization": f"Bearer {key}"}).is_success
            assert issuer.discovery_fetches - before == 1
    finally:
        issuer.down = False


def test_an_expired_genuine_token_is_not_counted_as_guessing(
    issuer: Issuer, tmp_path: Path
) -> None:
    """An office behind one address whose hour-long tokens expire is sent to sign in again,
    not locked out."""
    with _client(tmp_path, issuer, auth_failures_per_minute=3) as c:
        expired = issuer.mint(HR, lifetime_s=-3600)
        statuses = {
            c.get("/v1/me", headers={"Authorization": f"Bearer {expired}"}).status_code
            for _ in range(6)
        }
        assert statuses == {401}


def test_failed_tokens_count_as_failed_sign_ins(issuer: Issuer, tmp_path: Path) -> None:
    with _client(tmp_path, issuer, auth_failures_per_minute=3) as c:
        forged = issuer.mint(HR, key=new_key())
        statuses = [
            c.get("/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code
            for _ in range(5)
        ]
        assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429]


def test_an_unreachable_provider_is_503_not_a_crash(tmp_path: Path) -> None:
    gone = Issuer(AUDIENCE).start()
    token = gone.mint(HR)
    gone.stop()
    with _client(tmp_path, gone) as c:
        response = c.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 503
        assert "did not answer" in response.json()["detail"]


def test_cached_keys_keep_working_while_the_provider_is_down(tmp_path: Path) -> None:
    provider = Issuer(AUDIENCE).start()
    app = sample_app(tmp_path, provider)
    with TestClient(app) as c:
        token = provider.mint(HR, lifetime_s=7200)
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).is_success
        provider.stop()
        app.state.oidc.jwks._fetched_at -= 7200  # the cache is past its lifetime
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).is_success
        # a key it never saw cannot be checked now: 503, not a guess
        other = provider.mint(HR, key=new_key())
        time.sleep(1.1)  # past the refresh throttle: it does try the provider
        assert c.get("/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 503


def test_a_token_is_not_taken_when_no_issuer_is_configured(issuer: Issuer, tmp_path: Path) -> None:
    with TestClient(
        create_app(Settings(home=tmp_path, embedder="hash", vector_store="memory"))
    ) as c:
        response = c.get("/v1/me", headers={"Authorization": f"Bearer {issuer.mint(HR)}"})
        assert response.status_code == 401


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("oidc_algorithms", ["none"], "not accepted"),
        ("oidc_algorithms", ["RS256", "HS256"], "not accepted"),
        ("oidc_issuer", "http://idp.example.com", "http only on loopback"),
        ("oidc_role_map", {"everyone": "superuser"}, "maps to one of"),
    ],
)
def test_unsafe_settings_are_refused_at_start(setting: str, value: Any, message: str) -> None:
    base: dict[str, Any] = {"oidc_issuer": "https://idp.example.com", "oidc_audience": "a"}
    with pytest.raises(ValidationError, match=message):
        Settings(**{**base, setting: value})


def test_an_issuer_without_an_audience_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="TALENT_OIDC_AUDIENCE"):
        Settings(oidc_issuer="https://idp.example.com")
