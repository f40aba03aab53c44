"""/scim/v2 as an identity provider uses it: look a user up, create, update, deactivate,
delete; groups; and what the rest of the service sees next."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.organisations import SAMPLE_AS_OF

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture(scope="module")
def idp(app: FastAPI) -> dict[str, str]:
    key = app.state.services.store.keys.create("provisioning", name="entra")["key"]
    return {"Authorization": f"Bearer {key}", "Content-Type": "application/scim+json"}


@pytest.fixture(scope="module")
def hr(app: FastAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.services.store.keys.create('hr')['key']}"}


def _user(user_name: str, **extra: Any) -> dict[str, Any]:
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": user_name,
        "name": {"givenName": "Zoe", "familyName": "Quinn"},
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "active": True,
        ENTERPRISE: {"department": "IT", "manager": {"value": "E012"}},
        **extra,
    }


def test_discovery_describes_only_what_we_keep(client: TestClient, idp: dict[str, str]) -> None:
    config = client.get("/scim/v2/ServiceProviderConfig")  # RFC 7643 §5: no key needed
    assert config.status_code == 200
    assert config.json()["patch"]["supported"] is True
    assert config.json()["bulk"]["supported"] is False
    schemas = client.get("/scim/v2/Schemas", headers=idp).json()["Resources"]
    user = next(s for s in schemas if s["id"] == USER)
    names = {a["name"] for a in user["attributes"]}
    assert {"userName", "name", "emails", "active", "title"} <= names
    assert not names & {"phoneNumbers", "addresses", "photos", "password", "x509Certificates"}
    types = client.get("/scim/v2/ResourceTypes", headers=idp).json()["Resources"]
    assert {t["name"] for t in types} == {"User", "Group"}


def test_an_existing_employee_is_found_by_user_name(
    client: TestClient, idp: dict[str, str]
) -> None:
    found = client.get(
        "/scim/v2/Users",
        params={"filter": 'userName eq "Dana.Okafor@kestrel-mutual.example"'},
        headers=idp,
    ).json()
    assert found["totalResults"] == 1
    (dana,) = found["Resources"]
    assert dana["id"] == "E013"
    assert dana[ENTERPRISE]["manager"]["value"] == "E012"
    listing = client.get("/scim/v2/Users", params={"count": 5}, headers=idp).json()
    assert listing["itemsPerPage"] == 5 and listing["totalResults"] >= 60


def test_filters_and_pages_as_providers_use_them(client: TestClient, idp: dict[str, str]) -> None:
    def ids(**params: object) -> tuple[int, list[str]]:
        found = client.get("/scim/v2/Users", params=params, headers=idp).json()
        return found["totalResults"], [u["id"] for u in found.get("Resources", [])]

    assert ids(filter='userName sw "dana." and active eq true') == (1, ["E013"])
    assert ids(
        filter='urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "E012"'
    ) == (1, ["E012"])
    assert ids(filter='emails[value eq "ingrid.halvorsen@kestrel-mutual.example"]') == (1, ["E012"])
    total, first = ids(startIndex=1, count=3)
    _, second = ids(startIndex=4, count=3)
    assert len(first) == len(second) == 3 and not set(first) & set(second)
    assert total > 60
    assert ids(filter='userName eq "nobody@nowhere.example"') == (0, [])
    bad = client.get("/scim/v2/Users", params={"filter": "userName eq"}, headers=idp)
    assert bad.status_code == 400 and bad.json()["scimType"] == "invalidFilter"


def test_a_created_user_is_seen_by_the_next_request(
    client: TestClient, idp: dict[str, str], hr: dict[str, str]
) -> None:
    created = client.post(
        "/scim/v2/Users",
        json=_user(
            "zoe.quinn@kestrel-mutual.example",
            title="Data Engineer",
            externalId="entra-1",
            # standard attributes we do not keep: dropped unread, never stored
            phoneNumbers=[{"value": "+44 20 7946 0000", "type": "work"}],
        ),
        headers=idp,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"].startswith("U-")
    assert "phoneNumbers" not in body
    assert created.headers["location"].endswith(f"/scim/v2/Users/{body['id']}")
    employee = client.get(f"/v1/employees/{body['id']}", headers=hr)
    assert employee.status_code == 200, employee.text
    assert employee.json()["name"] == "Zoe Quinn"
    assert employee.json()["role_id"] == "data-engineer"
    # found again by the provider's own id, as Okta and Entra ID look users up
    again = client.get(
        "/scim/v2/Users", params={"filter": 'externalId eq "entra-1"'}, headers=idp
    ).json()
    assert [u["id"] for u in again["Resources"]] == [body["id"]]


def test_deactivating_records_a_leave_the_scorecard_counts(
    client: TestClient, idp: dict[str, str], hr: dict[str, str]
) -> None:
    before = client.get("/v1/talent-flow", headers=hr).json()
    # as Entra ID sends it: a capitalised op and the boolean as a string
    patched = client.patch(
        "/scim/v2/Users/E017",
        json={
            "schemas": [PATCH],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
        headers=idp,
    )
    assert patched.status_code == 204, patched.text  # RFC 7644 §3.5.2: no body asked for
    events = client.get("/v1/events", headers=hr).json()["events"]
    leave = [e for e in events if e["employee_id"] == "E017" and e["type"] == "leave"]
    assert [(e["date"], e["voluntary"]) for e in leave] == [(SAMPLE_AS_OF, None)]
    # no longer in the organisation; still on record
    assert client.get("/v1/employees/E017", headers=hr).status_code == 404
    assert client.get("/scim/v2/Users/E017", headers=idp).json()["active"] is False
    after = client.get("/v1/talent-flow", headers=hr).json()
    assert after != before


def test_bad_requests_get_scim_errors_naming_the_problem(
    client: TestClient, idp: dict[str, str], app: FastAPI
) -> None:
    store = app.state.services.store
    version = store.data_version()
    wrong_schema = client.post(
        "/scim/v2/Users", json={"schemas": [GROUP], "userName": "x@y.example"}, headers=idp
    )
    assert wrong_schema.status_code == 400
    assert wrong_schema.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert USER in wrong_schema.json()["detail"]
    manager = client.post(
        "/scim/v2/Users",
        json=_user("new@kestrel-mutual.example", **{ENTERPRISE: {"manager": {"value": "E999"}}}),
        headers=idp,
    )
    assert manager.status_code == 400
    assert manager.json()["scimType"] == "invalidValue"
    assert "manager: 'E999' is no user here" in manager.json()["detail"]
    taken = client.post(
        "/scim/v2/Users", json=_user("dana.okafor@kestrel-mutual.example"), headers=idp
    )
    assert taken.status_code == 409 and taken.json()["scimType"] == "uniqueness"
    assert client.get("/scim/v2/Users/E999", headers=idp).status_code == 404
    assert store.data_version() == version


def test_groups_carry_members(client: TestClient, idp: dict[str, str]) -> None:
    created = client.post(
        "/scim/v2/Groups",
        json={"schemas": [GROUP], "displayName": "talent-hr", "members": [{"value": "E013"}]},
        headers=idp,
    )
    assert created.status_code == 201, created.text
    group_id = created.json()["id"]
    added = client.patch(
        f"/scim/v2/Groups/{group_id}",
        json={
            "schemas": [PATCH],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": "E012"}]}],
        },
        headers=idp,
    )
    assert added.status_code == 204, added.text
    group = client.get(f"/scim/v2/Groups/{group_id}", headers=idp).json()
    assert {m["value"] for m in group["members"]} == {"E012", "E013"}
    dana = client.get("/scim/v2/Users/E013", headers=idp).json()
    assert [g["display"] for g in dana["groups"]] == ["talent-hr"]
    stranger = client.patch(
        f"/scim/v2/Groups/{group_id}",
        json={
            "schemas": [PATCH],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": "E999"}]}],
        },
        headers=idp,
    )
    assert stranger.status_code == 400 and "E999 is no user here" in stranger.json()["detail"]


def test_delete_erases_the_person(
    client: TestClient, idp: dict[str, str], hr: dict[str, str]
) -> None:
    assert client.get("/v1/employees/E021", headers=hr).status_code == 200
    deleted = client.delete("/scim/v2/Users/E021", headers=idp)
    assert deleted.status_code == 204
    assert client.get("/scim/v2/Users/E021", headers=idp).status_code == 404
    assert client.get("/v1/employees/E021", headers=hr).status_code == 404
    found = client.get(
        "/scim/v2/Users",
        params={"filter": 'userName eq "hugo.lefevre@kestrel-mutual.example"'},
        headers=idp,
    ).json()
    assert found["totalResults"] == 0


def test_a_deleted_users_id_leaves_the_audit_trail(
    client: TestClient, idp: dict[str, str], app: FastAPI
) -> None:
    assert client.get("/scim/v2/Users/E020", headers=idp).status_code == 200
    assert client.delete("/scim/v2/Users/E020", headers=idp).status_code == 204
    audit = app.state.services.store.audit
    audit.flush()
    assert not [r for r in audit.list(limit=1000) if "E020" in r["path"]]
