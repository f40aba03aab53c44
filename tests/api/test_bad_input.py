"""Bad input gets a 4xx that names the problem (and the upload's own filename, never a
server path), and changes nothing; no bad input reaches a 500."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    home = tmp_path_factory.mktemp("bad-input")
    app = create_app(
        Settings(home=home, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    load_folder(app.state.services.store, SAMPLE)
    key = app.state.services.store.keys.create("hr", name="bad-input")["key"]
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, key


def _upload(client: TestClient, key: str, name: str, content: bytes, entity: str = "data-analyst"):  # type: ignore[no-untyped-def]
    return client.post(
        "/v1/documents",
        headers=auth(key),
        files={"file": (name, content, "application/octet-stream")},
        data={"kind": "job_description", "entity_id": entity},
    )


@pytest.mark.parametrize("by", ["2027-13-45", "2027-02-30", "2999-01-01", "2020-01-01"])
def test_an_impossible_or_implausible_scenario_date_is_a_4xx(
    client: tuple[TestClient, str], by: str
) -> None:
    c, key = client
    response = c.post(
        "/v1/scenarios",
        headers=auth(key),
        json={"role_id": "ml-engineer", "headcount": 2, "by": by},
    )
    assert 400 <= response.status_code < 500, response.text
    assert by in response.json()["detail"]


def test_a_very_long_filename_is_a_4xx_naming_it(client: tuple[TestClient, str]) -> None:
    c, key = client
    name = "j" * 300 + ".md"
    response = _upload(c, key, name, b"# Analyst\n- SQL\n")
    assert 400 <= response.status_code < 500, response.text
    assert "filename" in response.json()["detail"]


def test_a_broken_docx_is_a_4xx_naming_the_upload_not_a_server_path(
    client: tuple[TestClient, str],
) -> None:
    c, key = client
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types")
        docx.writestr("word/document.xml", "<w:document><w:body><w:p>broken")
    response = _upload(c, key, "analyst.docx", buffer.getvalue())
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "analyst.docx" in detail and "/tmp" not in detail and "tmp" not in detail.split()[0]


def test_an_empty_upload_names_the_upload_not_a_server_path(
    client: tuple[TestClient, str],
) -> None:
    c, key = client
    response = _upload(c, key, "empty.md", b"   \n")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("empty.md") and "/" not in detail.split(":")[0]


@pytest.mark.parametrize("entity", ["E01' OR '1'='1", "../../etc/passwd", "a b", "x" * 200])
def test_an_id_that_is_not_an_id_is_refused(client: tuple[TestClient, str], entity: str) -> None:
    c, key = client
    response = _upload(c, key, "jd.md", b"# Analyst\n- SQL\n", entity=entity)
    assert response.status_code in (400, 422), response.text
    roles = c.get("/v1/roles", headers=auth(key)).json()["roles"]
    assert entity not in {r["role_id"] for r in roles}


def test_a_garbage_plan_id_or_skill_id_is_a_404_or_422(client: tuple[TestClient, str]) -> None:
    c, key = client
    for path in ("/v1/plans/%00%01", "/v1/skills/" + "x" * 5000, "/v1/roles/%E2%80%AE"):
        response = c.get(path, headers=auth(key))
        assert response.status_code in (404, 422), (path, response.status_code)
