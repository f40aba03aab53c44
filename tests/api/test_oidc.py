"""Bearer tokens from the organisation's identity provider, beside API keys: a local issuer
on loopback (tests/support/oidc_issuer.py) signs them; the service maps their claims to a
role and an employee. The attacks on the token itself: tests/security/test_tokens.py."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.oidc import claim, role_for
from core.settings import Settings
from tests.support.oidc_issuer import ROLE_MAP, Issuer, claims_of, sample_app

AUDIENCE = "api://talent-insights"


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    started = Issuer(AUDIENCE).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def client(issuer: Issuer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(sample_app(tmp_path_factory.mktemp("oidc"), issuer)) as c:
        yield c


def _me(client: TestClient, token: str) -> httpx.Response:
    return client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (["talent-admins"], "admin"),
        (["people-team"], "hr"),
        (["line-managers"], "manager"),
        (["eval-team"], "evaluator"),
        ([], "employee"),
        (["all-staff", "vpn-users"], "employee"),  # unmapped groups never grant more
        (["line-managers", "people-team", "all-staff"], "hr"),  # the highest mapped one
    ],
)
def test_a_token_speaks_for_its_employee_with_the_role_its_groups_map_to(
    client: TestClient, issuer: Issuer, groups: list[str], role: str
) -> None:
    token = issuer.mint({"sub": "u-ingrid", "employee_id": "E012", "groups": groups})
    me = _me(client, token)
    assert me.status_code == 200, me.text
    body = me.json()
    assert (body["role"], body["employee_id"], body["name"]) == (role, "E012", "Ingrid Halvorsen")
    assert body["key_name"] == "oidc:u-ingrid as E012"


def test_api_keys_still_work_beside_tokens(client: TestClient) -> None:
    store = client.app.state.services.store  # type: ignore[attr-defined]
    key = store.keys.create("employee", "E004", "bob-key")["key"]
    assert _me(client, key).json()["name"] == "Bob Lindqvist"


def test_an_employee_token_is_refused_a_colleagues_data(client: TestClient, issuer: Issuer) -> None:
    dana = {"Authorization": f"Bearer {issuer.mint({'sub': 'u-dana', 'employee_id': 'E013'})}"}
    assert client.get("/v1/employees/E013/gaps", headers=dana).status_code == 200
    refused = client.get("/v1/employees/E004/gaps", headers=dana)
    assert refused.status_code == 403
    assert "your own" in refused.json()["detail"]
    listed = client.get("/v1/employees", headers=dana).json()
    assert [e["employee_id"] for e in listed["employees"]] == ["E013"]


def test_a_manager_token_sees_reports_but_not_another_team(
    client: TestClient, issuer: Issuer
) -> None:
    token = issuer.mint({"sub": "u-ingrid", "employee_id": "E012", "groups": ["line-managers"]})
    ingrid = {"Authorization": f"Bearer {token}"}
    assert client.get("/v1/employees/E013/gaps", headers=ingrid).status_code == 200  # a report
    assert client.get("/v1/employees/E004/gaps", headers=ingrid).status_code == 403  # Platform


def test_a_token_for_nobody_known_gets_403_saying_so(client: TestClient, issuer: Issuer) -> None:
    for claims in ({"sub": "u-x", "employee_id": "E999"}, {"sub": "u-y"}):
        response = _me(client, issuer.mint(claims))
        assert response.status_code == 403
        assert "matches no employee" in response.json()["detail"]


def test_requests_with_a_token_are_audited_with_its_subject_and_role(
    client: TestClient, issuer: Issuer
) -> None:
    token = issuer.mint({"sub": "u-priya-77", "employee_id": "E018"})
    assert client.get("/v1/employees/E018", headers={"Authorization": f"Bearer {token}"}).is_success
    audit = client.app.state.services.store.audit  # type: ignore[attr-defined]
    rows = [r for r in audit.list(50) if r["key_name"].startswith("oidc:u-priya-77")]
    assert rows and rows[0]["role"] == "employee" and rows[0]["outcome"] == "allowed"
    assert rows[0]["key_id"].startswith("oidc-")


def test_the_employee_may_be_matched_by_email(issuer: Issuer, tmp_path: Path) -> None:
    app = sample_app(tmp_path, issuer, oidc_employee_claim="email", oidc_employee_match="email")
    with TestClient(app) as c:
        dana = {"sub": "00u1", "email": "Dana.Okafor@Kestrel-Mutual.example"}
        token = issuer.mint({**dana, "email_verified": True})
        assert _me(c, token).json()["employee_id"] == "E013"
        other = issuer.mint({"sub": "00u2", "email": "someone@elsewhere.example"})
        assert _me(c, other).status_code == 403
        # An address the provider has not verified (anyone can type Dana's) names nobody.
        for unverified in ({**dana, "email_verified": False}, dana):
            refused = _me(c, issuer.mint(unverified))
            assert refused.status_code == 403
            assert "not verified" in refused.json()["detail"]


def test_keycloak_style_roles_in_a_nested_claim(issuer: Issuer, tmp_path: Path) -> None:
    app = sample_app(tmp_path, issuer, oidc_roles_claim="realm_access.roles")
    with TestClient(app) as c:
        token = issuer.mint(
            {"sub": "kc-1", "employee_id": "E001", "realm_access": {"roles": ["people-team"]}}
        )
        assert _me(c, token).json()["role"] == "hr"


def test_groups_provisioned_over_scim_map_to_roles(issuer: Issuer, tmp_path: Path) -> None:
    """Entra ID's tokens list group object ids, which SCIM sent as the groups' externalId;
    a token with no groups claim gets the groups the person is a provisioned member of."""
    from storage.directory import GroupChange

    app = sample_app(tmp_path, issuer)
    directory = app.state.services.store.directory
    directory.create_group(GroupChange("people-team", "6f1c0e2a-objectid", ("E012",)))
    with TestClient(app) as c:
        by_id = issuer.mint({"sub": "e1", "employee_id": "E012", "groups": ["6f1c0e2a-objectid"]})
        assert _me(c, by_id).json()["role"] == "hr"
        no_claim = issuer.mint({"sub": "e2", "employee_id": "E012"})
        assert _me(c, no_claim).json()["role"] == "hr"
        # a token's own groups claim, when present, is what counts: an empty one grants
        # nothing more than employee, whatever was provisioned
        empty = issuer.mint({"sub": "e3", "employee_id": "E012", "groups": []})
        assert _me(c, empty).json()["role"] == "employee"
        # someone in no provisioned group
        other = issuer.mint({"sub": "e4", "employee_id": "E013"})
        assert _me(c, other).json()["role"] == "employee"


def test_an_erased_persons_token_stops_working_at_once(issuer: Issuer, tmp_path: Path) -> None:
    app = sample_app(tmp_path, issuer)
    with TestClient(app) as c:
        token = issuer.mint({"sub": "u-liam", "employee_id": "E006"})
        assert _me(c, token).status_code == 200
        hr = issuer.mint({"sub": "u-hr", "employee_id": "E001", "groups": ["people-team"]})
        erased = c.delete("/v1/employees/E006", headers={"Authorization": f"Bearer {hr}"})
        assert erased.status_code == 200, erased.text
        refused = _me(c, token)
        assert refused.status_code == 403
        assert "unknown, or erased" in refused.json()["detail"]
        audit = app.state.services.store.audit
        assert not [
            r for r in audit.list(100) if "E006" in r["key_name"] or "u-liam" in r["key_name"]
        ]


# ------------------------------------------------------------- the web app's sign-in (PKCE)


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def _authorize(config: dict[str, str], challenge: str, redirect_uri: str) -> str:
    """What the browser does: go to the provider, come back with a code."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config["client_id"],
            "redirect_uri": redirect_uri,
            "scope": config["scope"],
            "state": "s1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    back = httpx.get(f"{config['authorization_endpoint']}?{query}")
    assert back.status_code == 302
    returned = parse_qs(urlsplit(back.headers["location"]).query)
    assert returned["state"] == ["s1"]
    return returned["code"][0]


def test_refused_tokens_are_audited_with_the_reason(client: TestClient, issuer: Issuer) -> None:
    expired = issuer.mint({"sub": "u-z", "employee_id": "E013"}, lifetime_s=-3600)
    assert _me(client, expired).status_code == 401
    audit = client.app.state.services.store.audit  # type: ignore[attr-defined]
    row = next(r for r in audit.list(20) if r["path"] == "/v1/me" and r["status"] == 401)
    assert row["details"] == {"auth": "token", "refused": "the token has expired: sign in again"}
    assert _me(client, issuer.mint({"sub": "u-w", "employee_id": "E999"})).status_code == 403
    row = next(r for r in audit.list(20) if r["path"] == "/v1/me" and r["status"] == 403)
    assert row["details"] == {"auth": "token", "refused": "names no employee"}


HOME = "http://testserver/"  # the test client's root: the service's own sign-in page


def _sign_in(
    client: TestClient,
    issuer: Issuer,
    claims: dict[str, object],
    redirect: str = HOME,
    wrong_verifier: bool = False,
) -> httpx.Response:
    """The browser's part of the code flow: to the provider and back with a code, then the
    code and its PKCE verifier to POST /v1/auth/token."""
    config = client.get("/v1/auth/config").json()["sign_in"]
    issuer.login_claims = claims
    verifier, challenge = _pkce()
    code = _authorize(config, challenge, redirect)
    sent = _pkce()[0] if wrong_verifier else verifier
    return client.post(
        "/v1/auth/token", json={"code": code, "code_verifier": sent, "redirect_uri": redirect}
    )


def test_sign_in_with_the_provider_exchanges_a_code_with_pkce(
    client: TestClient, issuer: Issuer
) -> None:
    config = client.get("/v1/auth/config").json()
    assert config["tokens"] is True and config["sign_in"]["provider"] == "Test IdP"
    exchanged = _sign_in(client, issuer, {"sub": "u-chen", "employee_id": "E015"})
    assert exchanged.status_code == 200, exchanged.text
    assert _me(client, exchanged.json()["access_token"]).json()["name"] == "Chen Wei"


def test_a_code_for_another_redirect_uri_is_not_redeemed(
    client: TestClient, issuer: Issuer
) -> None:
    """The client's secret redeems codes for this service's own page only, not for any
    redirect URI registered on the client (a developer's localhost)."""
    elsewhere = "http://localhost:3000/"
    refused = _sign_in(client, issuer, {"sub": "u-chen", "employee_id": "E015"}, elsewhere)
    assert refused.status_code == 401
    assert "not this service's sign-in page" in refused.json()["detail"]


def test_google_style_the_id_token_is_used_when_the_access_token_is_opaque(
    issuer: Issuer, tmp_path: Path
) -> None:
    """A confidential client (its secret goes with the code) whose provider hands out an
    opaque access token: the ID token, whose audience is the client id, is the one kept."""
    issuer.opaque_access_token, issuer.client_secret = True, "s3cret"
    try:
        app = sample_app(
            tmp_path, issuer, oidc_audience=issuer.client_id, oidc_client_secret="s3cret"
        )
        with TestClient(app) as c:
            exchanged = _sign_in(c, issuer, {"sub": "g-1", "employee_id": "E016"})
            assert exchanged.status_code == 200, exchanged.text
            token = exchanged.json()["access_token"]
            assert claims_of(token)["aud"] == issuer.client_id
            assert _me(c, token).json()["name"] == "Noura Haddad"
    finally:
        issuer.opaque_access_token, issuer.client_secret = False, ""


def test_a_code_with_the_wrong_verifier_is_refused(client: TestClient, issuer: Issuer) -> None:
    claims = {"sub": "u-chen", "employee_id": "E015"}
    refused = _sign_in(client, issuer, claims, wrong_verifier=True)
    assert refused.status_code == 401
    assert "refused the sign-in" in refused.json()["detail"]


def test_without_an_issuer_only_keys_are_accepted(tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, embedder="hash", vector_store="memory"))
    with TestClient(app) as c:
        assert c.get("/v1/auth/config").json() == {
            "api_keys": True,
            "tokens": False,
            "sign_in": None,
        }
        assert (
            c.post(
                "/v1/auth/token", json={"code": "x", "code_verifier": "a" * 43, "redirect_uri": "/"}
            ).status_code
            == 404
        )


# ------------------------------------------------------------- claims, without a server


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (None, "employee"),
        ("people-team", "hr"),  # some providers send one group as a string
        (["eval-team", "line-managers"], "manager"),
        ([{"name": "talent-admins"}, 7], "employee"),  # not strings: ignored
    ],
)
def test_role_for_takes_the_highest_mapped_group(groups: object, role: str) -> None:
    assert role_for(groups, ROLE_MAP) == role


def test_claims_are_read_by_dotted_path() -> None:
    claims = {"realm_access": {"roles": ["a"]}, "email": "x@y"}
    assert claim(claims, "realm_access.roles") == ["a"]
    assert claim(claims, "email") == "x@y"
    assert claim(claims, "realm_access.missing") is None
    assert claim(claims, "email.local") is None
