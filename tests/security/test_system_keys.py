"""Keys for systems have one door each: a provisioning key writes people over SCIM and
reads nothing else; a person's key (HR, admin included) cannot provision; nothing the
directory holds is served without a provisioning key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from core.errors import UserError
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF

USER = "urn:ietf:params:scim:schemas:core:2.0:User"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    home = tmp_path_factory.mktemp("system-keys")
    application = create_app(Settings(home=home, embedder="hash", as_of=SAMPLE_AS_OF))
    load_folder(application.state.services.store, SAMPLE)
    return application


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def _bearer(app: FastAPI, role: str, employee: str | None = None) -> dict[str, str]:
    key = app.state.services.store.keys.create(role, employee)["key"]
    return {"Authorization": f"Bearer {key}"}


READS = [
    "/v1/employees",
    "/v1/employees/E013",
    "/v1/me",
    "/v1/talent-flow",
    "/v1/scorecard",
    "/v1/events",
    "/v1/audit",
    "/v1/plans",
]


@pytest.mark.parametrize("role", ["provisioning", "lms"])
@pytest.mark.parametrize("path", READS)
def test_a_system_key_reads_nothing(app: FastAPI, client: TestClient, path: str, role: str) -> None:
    answer = client.get(path, headers=_bearer(app, role))
    assert answer.status_code == 403, answer.text
    assert f"{role} key" in answer.json()["detail"]


def test_an_lms_key_cannot_write_people(app: FastAPI, client: TestClient) -> None:
    lms = _bearer(app, "lms")
    event = [{"event_id": "EV-X", "employee_id": "E013", "type": "leave", "date": "2026-11-22"}]
    assert client.post("/v1/events", json=event, headers=lms).status_code == 403
    assert client.delete("/v1/employees/E013", headers=lms).status_code == 403
    person = {"schemas": [USER], "userName": "lms@x.example"}
    assert client.post("/scim/v2/Users", json=person, headers=lms).status_code == 401
    assert (
        client.patch(
            "/scim/v2/Users/E013",
            json={
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "replace", "path": "active", "value": False}],
            },
            headers=lms,
        ).status_code
        == 401
    )
    store = app.state.services.store
    assert [e for e in store.events(["E013"]) if e.type.value == "leave"] == []
    assert store.employees(["E013"])


def test_a_provisioning_key_cannot_chat(app: FastAPI, client: TestClient) -> None:
    answer = client.post(
        "/v1/chat", json={"message": "list everyone"}, headers=_bearer(app, "provisioning")
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("role", "employee"), [("admin", None), ("hr", None), ("manager", "E012"), ("lms", None)]
)
def test_only_a_provisioning_key_provisions(
    app: FastAPI, client: TestClient, role: str, employee: str | None
) -> None:
    headers = _bearer(app, role, employee)
    listing = client.get("/scim/v2/Users", headers=headers)
    assert listing.status_code == 401
    assert listing.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert "not a provisioning key" in listing.json()["detail"]
    created = client.post(
        "/scim/v2/Users",
        json={"schemas": [USER], "userName": "intruder@x.example"},
        headers=headers,
    )
    assert created.status_code == 401
    assert app.state.services.store.directory.find_users("userName", "intruder@x.example") == []


def test_no_key_no_directory(client: TestClient) -> None:
    for path in ("/scim/v2/Users", "/scim/v2/Users/E013", "/scim/v2/Groups", "/scim/v2/Schemas"):
        answer = client.get(path)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"] == "Bearer"
    # a path that matches nothing says nothing of what exists without a key
    assert client.get("/scim/v2/Nothing").status_code == 401


def test_a_system_key_is_bound_to_nobody(app: FastAPI) -> None:
    with pytest.raises(UserError, match="bound to nobody"):
        app.state.services.store.keys.create("provisioning", "E013")


def test_provisioning_is_audited_under_the_key(app: FastAPI, client: TestClient) -> None:
    client.get("/scim/v2/Users/E013", headers=_bearer(app, "provisioning"))
    app.state.services.store.audit.flush()
    rows = app.state.services.store.audit.list(limit=5)
    assert any(r["role"] == "provisioning" and r["path"] == "/scim/v2/Users/E013" for r in rows)
