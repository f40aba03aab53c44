"""POST /v1/imports: an HRIS export and its mapping, as HR uploads them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.organisations import SAMPLE

WORKDAY = SAMPLE.parent / "hris" / "workday"


def _files(export: bytes | None = None) -> dict[str, tuple[str, bytes, str]]:
    return {
        "file": ("workers.csv", export or (WORKDAY / "workers.csv").read_bytes(), "text/csv"),
        "mapping": ("mapping.yaml", (WORKDAY / "mapping.yaml").read_bytes(), "application/yaml"),
    }


def test_hr_imports_an_export_and_a_dry_run_writes_nothing(
    client: TestClient, keys: dict[str, str]
) -> None:
    hr = {"Authorization": f"Bearer {keys['hr']}"}
    text = (WORKDAY / "workers.csv").read_text(encoding="utf-8")
    moved = text.replace(
        ",Data,Data Engineer,E012,10/04/2021,", ",Data,Senior Data Engineer,E012,10/04/2021,"
    )
    dry = client.post(
        "/v1/imports", files=_files(moved.encode()), data={"dry_run": "true"}, headers=hr
    )
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert (body["system"], body["rows"], body["dry_run"]) == ("Workday", 77, True)
    assert body["records"]["employees"] == {"created": 0, "changed": 1, "unchanged": 76}
    assert body["changes"] == ["E013: role_id data-engineer → senior-data-engineer"]
    same = client.post("/v1/imports", files=_files(), headers=hr).json()
    assert same["records"]["employees"]["changed"] == 0


def test_a_bad_export_is_a_400_naming_line_and_column(
    client: TestClient, keys: dict[str, str]
) -> None:
    hr = {"Authorization": f"Bearer {keys['hr']}"}
    text = (WORKDAY / "workers.csv").read_text(encoding="utf-8").replace("09/14/2015", "14/09/2015")
    refused = client.post("/v1/imports", files=_files(text.encode()), headers=hr)
    assert refused.status_code == 400
    assert "workers.csv, line 3, field 'Hire Date'" in refused.json()["detail"]


def test_only_hr_and_admins_import(client: TestClient, keys: dict[str, str]) -> None:
    for who in ("employee", "manager"):
        answer = client.post(
            "/v1/imports", files=_files(), headers={"Authorization": f"Bearer {keys[who]}"}
        )
        assert answer.status_code == 403
