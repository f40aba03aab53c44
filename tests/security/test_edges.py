"""The edges of the HTTP API: streamed bodies count against the limit, guessing keys is
slowed down per client address, uploads go only where the uploader says, a role cannot wear
a person's name, probes reveal nothing, and responses carry the headers browsers need."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from core.errors import UserError
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth, serve_in_thread

LIMIT = 4096
UPLOAD_LIMIT = 8192


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    application = create_app(
        Settings(
            home=tmp_path / "home",
            embedder="hash",
            vector_store="memory",
            as_of=SAMPLE_AS_OF,
            max_body_bytes=LIMIT,
            max_upload_bytes=UPLOAD_LIMIT,
            auth_failures_per_minute=5,
        )
    )
    load_folder(application.state.services.store, SAMPLE)
    return application


@pytest.fixture
def keys(app: FastAPI) -> dict[str, str]:
    store = app.state.services.store
    return {
        "hr": store.keys.create("hr", name="edges-hr")["key"],
        "ingrid": store.keys.create("manager", "E012", "edges-ingrid")["key"],
    }


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def _chunks(total: int, size: int = 1024) -> Iterator[bytes]:
    """A body sent with Transfer-Encoding: chunked, so no Content-Length announces it."""
    yield b'{"message": "'
    for _ in range(total // size):
        yield b"a" * size
    yield b'"}'


# --- body limits ------------------------------------------------------------------------


def test_a_chunked_body_over_the_limit_is_refused(client: TestClient, keys: dict[str, str]) -> None:
    headers = {**auth(keys["hr"]), "content-type": "application/json"}
    response = client.post("/v1/chat", content=_chunks(LIMIT * 4), headers=headers)
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_chunked_body_under_the_limit_is_served(client: TestClient, keys: dict[str, str]) -> None:
    def small() -> Iterator[bytes]:
        yield b'{"message": "What are the '
        yield b'gaps of the Data team?"}'

    headers = {**auth(keys["hr"]), "content-type": "application/json"}
    assert client.post("/v1/chat", content=small(), headers=headers).status_code == 200


def test_a_chunked_body_over_the_limit_is_refused_by_a_real_server(
    app: FastAPI, keys: dict[str, str]
) -> None:
    headers = {**auth(keys["hr"]), "content-type": "application/json"}
    with serve_in_thread(app) as url:
        response = httpx.post(
            f"{url}/v1/chat", content=_chunks(1_000_000), headers=headers, timeout=60
        )
        assert response.status_code == 413


def test_a_chunked_upload_over_the_upload_limit_is_refused(
    client: TestClient, keys: dict[str, str]
) -> None:
    boundary = "x-boundary"

    def multipart() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nprofile\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="entity_id"\r\n\r\nE013\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="cv.md"\r\nContent-Type: text/markdown\r\n\r\n# CV\n'
        ).encode()
        for _ in range(UPLOAD_LIMIT // 512 * 3):
            yield b"b" * 512
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {**auth(keys["hr"]), "content-type": f"multipart/form-data; boundary={boundary}"}
    response = client.post("/v1/documents", content=multipart(), headers=headers)
    assert response.status_code == 413, response.text


# --- failed authentication --------------------------------------------------------------


def test_guessing_keys_is_rate_limited_per_client_address(
    app: FastAPI, keys: dict[str, str]
) -> None:
    guesser = TestClient(app, client=("203.0.113.7", 40000))
    codes = [guesser.get("/v1/me", headers=auth(f"ti_guess-{i}")).status_code for i in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429], codes
    limited = guesser.get("/v1/me", headers=auth("ti_guess-again"))
    assert int(limited.headers["retry-after"]) >= 1
    # A right key from that address waits too: the point is to stop guessing from it.
    assert guesser.get("/v1/me", headers=auth(keys["hr"])).status_code == 429
    # Another address is not affected.
    other = TestClient(app, client=("198.51.100.20", 40000))
    assert other.get("/v1/me", headers=auth(keys["hr"])).status_code == 200
    assert other.get("/v1/me").status_code == 401


def test_successful_requests_do_not_count_as_failures(app: FastAPI, keys: dict[str, str]) -> None:
    caller = TestClient(app, client=("192.0.2.44", 40000))
    for _ in range(12):
        assert caller.get("/v1/me", headers=auth(keys["hr"])).status_code == 200


# --- uploads go where the uploader says -------------------------------------------------


def _upload(client: TestClient, key: str, text: str, **form: str) -> httpx.Response:
    files = {"file": ("doc.md", text.encode(), "text/markdown")}
    return client.post("/v1/documents", headers=auth(key), files=files, data=form)


def test_an_upload_must_name_its_kind_and_target(client: TestClient, keys: dict[str, str]) -> None:
    text = "---\nemployee_id: E004\n---\n# Bob\nNothing but Kubernetes.\n"
    for form in ({}, {"kind": "auto"}, {"kind": "profile"}, {"entity_id": "E004"}):
        response = _upload(client, keys["hr"], text, **form)
        assert response.status_code in (400, 422), (form, response.text)
    profiles = client.get("/v1/documents", headers=auth(keys["hr"])).json()["profiles"]
    assert "E004" not in {p["employee_id"] for p in profiles}


def test_front_matter_cannot_redirect_an_upload_to_another_person(
    client: TestClient, keys: dict[str, str]
) -> None:
    text = "---\nemployee_id: E004\n---\n# CV\nTen years of Spark.\n"
    response = _upload(client, keys["hr"], text, kind="profile", entity_id="E013")
    assert response.status_code == 400
    assert "E004" in response.json()["detail"] and "E013" in response.json()["detail"]
    profiles = client.get("/v1/documents", headers=auth(keys["hr"])).json()["profiles"]
    assert not {"E004", "E013"} & {p["employee_id"] for p in profiles}


def test_front_matter_cannot_turn_a_profile_into_a_job_description(
    client: TestClient, keys: dict[str, str]
) -> None:
    text = "---\nrole_id: data-engineer\ntitle: Data Engineer\n---\n# Data Engineer\n- Cobol\n"
    response = _upload(client, keys["hr"], text, kind="profile", entity_id="E013")
    assert response.status_code == 400, response.text
    role = client.get("/v1/roles/data-engineer", headers=auth(keys["hr"])).json()
    assert "Cobol" not in str(role)


def test_front_matter_cannot_overwrite_another_roles_description(
    client: TestClient, keys: dict[str, str]
) -> None:
    before = client.get("/v1/documents", headers=auth(keys["hr"])).json()["job_descriptions"]
    text = "---\nrole_id: data-engineer\n---\n# Data Engineer\n- Only COBOL now\n"
    response = _upload(client, keys["hr"], text, kind="job_description", entity_id="data-analyst")
    assert response.status_code == 400
    after = client.get("/v1/documents", headers=auth(keys["hr"])).json()["job_descriptions"]
    assert after == before


def test_an_upload_whose_front_matter_agrees_is_stored(
    client: TestClient, keys: dict[str, str]
) -> None:
    text = "---\nemployee_id: E013\n---\n# Dana\nPySpark pipelines on Airflow.\n"
    response = _upload(client, keys["hr"], text, kind="profile", entity_id="E013")
    assert response.status_code == 201, response.text
    plain = _upload(client, keys["hr"], "# Dana\nKafka too.\n", kind="profile", entity_id="E013")
    assert plain.status_code == 201, plain.text


# --- a role cannot wear a person's name -------------------------------------------------


def test_a_job_description_titled_like_a_person_is_refused(
    client: TestClient, keys: dict[str, str]
) -> None:
    text = "---\ntitle: Bob Lindqvist\n---\n# Bob Lindqvist\n- Kubernetes\n"
    response = _upload(client, keys["hr"], text, kind="job_description", entity_id="bob-role")
    assert response.status_code == 400
    assert "Bob Lindqvist" in response.json()["detail"]
    roles = client.get("/v1/roles", headers=auth(keys["hr"])).json()["roles"]
    assert "bob-role" not in {r["role_id"] for r in roles}
    asked = client.post(
        "/v1/chat", headers=auth(keys["hr"]), json={"message": "What are Bob Lindqvist's gaps?"}
    ).json()
    assert asked["data"]["employee_id"] == "E004"


def test_a_roles_file_with_a_persons_name_as_title_is_refused_with_its_line(
    app: FastAPI, tmp_path: Path
) -> None:
    store = app.state.services.store
    folder = tmp_path / "roles-only"
    folder.mkdir()
    (folder / "roles.yaml").write_text(
        "- role_id: quality-lead\n  title: Quality Lead\n  department: IT\n"
        "- role_id: ravi\n  title: 'Dana  okafor'\n  department: IT\n"
    )
    before = {r.role_id for r in store.roles()}
    with pytest.raises(UserError, match=r"roles\.yaml, line 5, field 'title'.*person \(E013\)"):
        load_folder(store, folder)
    assert {r.role_id for r in store.roles()} == before  # nothing from the file was kept


# --- probes and headers -----------------------------------------------------------------


def test_healthz_says_only_that_the_process_is_up(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert set(body) <= {"status", "version"}
    ready = client.get("/readyz").json()
    assert "records" not in ready and "index_chunks" not in ready


def test_readyz_names_no_model(client: TestClient, keys: dict[str, str]) -> None:
    """Anyone may ask /readyz: which embedder answers and whether a model is set up is for
    HR and admins (/v1/status)."""
    ready = client.get("/readyz").json()
    assert set(ready) == {"status", "store", "index", "index_stale", "pending_work"}
    assert "hash" not in str(ready) and "llm" not in str(ready)
    status = client.get("/v1/status", headers=auth(keys["hr"])).json()
    assert status["embedder"] == "hash" and status["llm"] == "not configured"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"message": "What are my gaps?"}'.encode("utf-16"), "application/json"),
        ('{"message": "What are my gaps?"}'.encode("utf-16-le"), "application/json"),
        ('{"message": "What are my gaps?"}'.encode("utf-32"), "application/json"),
        ('{"message": "What are my gaps?"}'.encode("utf-8-sig"), "application/json"),
        (b'{"message": "What are my gaps?"}', "application/json; charset=utf-16"),
        (b'{"message": "caf\xe9"}', "application/json"),  # Latin-1
    ],
)
def test_a_json_body_not_in_utf8_is_refused(
    client: TestClient, keys: dict[str, str], body: bytes, content_type: str
) -> None:
    response = client.post(
        "/v1/chat", content=body, headers={**auth(keys["hr"]), "Content-Type": content_type}
    )
    assert response.status_code == 415, response.text
    assert "UTF-8" in response.json()["detail"]
    fine = client.post("/v1/chat", json={"message": "What are my gaps?"}, headers=auth(keys["hr"]))
    assert fine.status_code == 200


def test_record_counts_need_a_key(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get("/v1/status").status_code == 401
    assert client.get("/v1/status", headers=auth(keys["ingrid"])).status_code == 403
    status = client.get("/v1/status", headers=auth(keys["hr"])).json()
    # rows on record: 66 people employed today and 11 who have left (their history stays)
    assert status["records"]["employees"] == 77 and "index_chunks" in status


def test_api_responses_are_not_sniffed_or_cached(client: TestClient, keys: dict[str, str]) -> None:
    for path, key in (("/v1/me", keys["hr"]), ("/v1/employees/E004", keys["hr"])):
        response = client.get(path, headers=auth(key))
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "no-store" in response.headers["cache-control"]
    refused = client.get("/v1/me")
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in refused.headers["cache-control"]
    for path in ("/", "/static/app.css", "/healthz", "/openapi.json"):
        assert client.get(path).headers["x-content-type-options"] == "nosniff", path


def test_the_api_docs_pages_have_a_content_security_policy(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "http:" not in policy and "https:" not in policy and "*" not in policy
        # every inline script the page runs is allowed by its hash, nothing else inline
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


# --- refusals name nobody ---------------------------------------------------------------


def test_a_managers_refusal_does_not_reveal_the_name_behind_an_id(
    client: TestClient, keys: dict[str, str]
) -> None:
    response = client.get("/v1/employees/E004", headers=auth(keys["ingrid"]))
    assert response.status_code == 403
    assert "Bob" not in response.text and "Lindqvist" not in response.text
    asked = client.post(
        "/v1/chat", headers=auth(keys["ingrid"]), json={"message": "What are E004's gaps?"}
    ).json()
    assert asked["refused"] and "Bob" not in asked["answer"] and "Lindqvist" not in asked["answer"]


# --- one request is bounded ------------------------------------------------------------


@pytest.fixture
def roomy(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """The default body limit (1 MB): what the caps inside it bound; and an HR key."""
    application = create_app(
        Settings(home=tmp_path / "roomy", embedder="hash", vector_store="memory")
    )
    store = application.state.services.store
    load_folder(store, SAMPLE)
    with TestClient(application) as c:
        yield c, store.keys.create("hr", name="roomy-hr")["key"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"phrases": ["x" * 501]}, "at most 500 characters"),
        ({"phrases": ["python"] * 1001}, "at most 1000 items"),
        ({"phrases": ["y" * 200] * 300}, "at most 50,000 in all"),
        ({"phrases": ["you will run our data platform every day"] * 51}, "at most 50 per"),
    ],
)
def test_one_match_request_is_bounded_and_says_its_cap(
    roomy: tuple[TestClient, str], body: dict[str, Any], says: str
) -> None:
    c, key = roomy
    refused = c.post("/v1/skills/match", headers=auth(key), json=body)
    assert refused.status_code == 422 and says in refused.json()["detail"], refused.text


def test_one_extract_request_is_bounded_and_says_its_cap(roomy: tuple[TestClient, str]) -> None:
    c, key = roomy
    refused = c.post("/v1/skills/extract", headers=auth(key), json={"text": "z" * 20_001})
    assert refused.status_code == 422 and "at most 20000 characters" in refused.json()["detail"]
