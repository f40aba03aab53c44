"""Titles that read like a person are refused wherever they arrive, and a question that names a
person finds the person whatever titles exist.

The red-team case: a job description titled "Ravi Shah (interim)" was accepted, and HR's
"Tell me about Ravi Shah" answered with that role. 8 of 13 variants got in: "Shah, Ravi", a
first or last name alone, a homoglyph, a zero-width space, an email, an employee id. Here the
person is the sample's Dana Okafor (E013, the only Dana and the only Okafor)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from agent.access import Caller, CallerRole
from api.main import create_app
from core.errors import UserError
from core.settings import Settings
from ingest.native_folder import ImportFailed, load_folder
from services import Services
from storage import schema
from tests.support.organisations import FIXTURES, SAMPLE, SAMPLE_AS_OF, sample_services
from tests.support.servers import auth

HR = Caller(CallerRole.HR, name="hr")
VARIANTS = [
    "Dana Okafor (interim)",
    "Okafor, Dana",
    "OKAFOR DANA",
    "Dana",
    "Okafor",
    "Okafor (acting)",
    "Dɑnɑ Okɑfor",  # Latin alpha
    "Dаnа Okаfor",  # Cyrillic а
    "Dana\u200bOkafor",  # a zero-width space
    "Ｄａｎａ Ｏｋａｆｏｒ",  # full-width letters
    "dana.okafor@kestrel-mutual.example",
    "E013",
    "Data lead E013",
]


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return sample_services(tmp_path)


def _jd(folder: Path, role_id: str, title: str) -> Path:
    path = folder / f"{role_id}.md"
    path.write_text(
        f"---\nrole_id: {role_id}\ntitle: '{title}'\ndepartment: IT\n---\n# Role\n\n"
        "## Must have\n- Solid SQL\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("title", VARIANTS)
def test_a_job_description_titled_like_a_person_is_refused(
    services: Services, tmp_path: Path, title: str
) -> None:
    with pytest.raises(UserError, match=r"interim-role\.md, field 'title': .*\(E013\)"):
        services.ingestor.ingest(_jd(tmp_path, "interim-role", title))
    assert "interim-role" not in {r.role_id for r in services.store.roles()}


def test_the_upload_answers_400_naming_the_collision(tmp_path: Path) -> None:
    app = create_app(
        Settings(home=tmp_path, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    load_folder(app.state.services.store, SAMPLE)
    key = app.state.services.store.keys.create("hr", name="hr")["key"]
    with TestClient(app) as client:
        response = client.post(
            "/v1/documents",
            headers=auth(key),
            data={"kind": "job_description", "entity_id": "interim-role"},
            files={"file": ("interim.md", b"# Shah\n\n## Must have\n- SQL\n")},
        )
        assert response.status_code == 201, response.text  # nobody here is called Shah
        response = client.post(
            "/v1/documents",
            headers=auth(key),
            data={"kind": "job_description", "entity_id": "interim-role-2"},
            files={"file": ("interim.md", b"# Okafor, Dana\n\n## Must have\n- SQL\n")},
        )
    assert response.status_code == 400
    assert "interim.md, field 'heading'" in response.json()["detail"]
    assert "E013" in response.json()["detail"]


def test_a_native_folder_refuses_roles_teams_and_skills_named_like_people(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "org"
    shutil.copytree(SAMPLE, folder)
    roles = folder / "roles.yaml"
    roles.write_text(
        roles.read_text(encoding="utf-8")
        + "\n- role_id: interim\n  title: Dana Okafor (interim)\n  department: IT\n",
        encoding="utf-8",
    )
    people = folder / "employees.csv"
    people.write_text(
        people.read_text(encoding="utf-8").replace(",IT,Security,", ",IT,Ravi Krishnan,", 1),
        encoding="utf-8",
    )
    skills = folder / "skills.csv"
    skills.write_text(
        skills.read_text(encoding="utf-8") + "dana-skill,Dɑnɑ Okɑfor,Data,,,,,,,\n",
        encoding="utf-8",
    )
    services = Services.from_settings(settings)
    with pytest.raises(ImportFailed) as failed:
        load_folder(services.store, folder)
    problems = {(e.file, e.field) for e in failed.value.errors}
    assert ("roles.yaml", "title") in problems
    assert ("employees.csv", "team") in problems
    assert ("skills.csv", "name") in problems
    assert services.store.counts()["employees"] == 0


def test_a_second_skill_named_like_a_stored_one_is_refused(
    tmp_path: Path, services: Services
) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "skills.csv").write_text(
        "skill_id,name,category\npython-2,Python,Software Engineering\npandas,Pandas,Data\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match=r"skills\.csv, line 2, field 'name': 'Python' "):
        load_folder(services.store, folder)
    assert "python-2" not in {s.skill_id for s in services.store.skills()}


def test_a_framework_export_with_an_occupation_named_like_a_person_is_refused(
    services: Services, tmp_path: Path
) -> None:
    export = tmp_path / "esco"
    shutil.copytree(FIXTURES / "esco", export)
    occupations = export / "occupations_en.csv"
    lines = occupations.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    label = first.split(",")[header.split(",").index("preferredLabel")]
    occupations.write_text(
        "\n".join([header, first.replace(label, "Okafor, Dana", 1), *lines[2:]]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match=r"occupations_en\.csv, line 2, field 'title'"):
        services.ingestor.ingest(export)


def _legacy_role(services: Services, role_id: str, title: str) -> None:
    """A role stored before titles were checked (or written around the checks)."""
    with services.store.engine.begin() as conn:
        conn.execute(
            insert(schema.roles).values(
                role_id=role_id,
                title=title,
                department="IT",
                family="",
                description="",
                job_description="",
                jd_source="",
            )
        )
        conn.execute(
            schema.store_meta.update().values(data_version=schema.store_meta.c.data_version + 1)
        )


@pytest.mark.parametrize(
    ("title", "question"),
    [
        ("Dana Okafor (interim)", "Tell me about Dana Okafor"),
        ("Dana Okafor", "What are Dana Okafor's gaps?"),
        ("Dana", "Tell me about Dana"),
        ("Dana Okafor Data Engineer", "what does Dana Okafor lack for Data Engineer"),
    ],
)
def test_a_question_naming_a_person_finds_the_person_whatever_titles_exist(
    services: Services, title: str, question: str
) -> None:
    _legacy_role(services, "legacy-interim", title)
    answer = services.assistant.ask(question, HR)
    assert answer.intent in ("get_employee_profile", "person_gaps"), answer.answer
    assert answer.data.get("employee_id") == "E013", answer.data
