"""People who share a name: chat asks which (with team and role), as REST answers 409,
instead of picking one; an id still picks; a name hiding invisible characters is the same
name, not a way to take over another person's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.access import Caller, CallerRole
from core.settings import Settings
from ingest.native_folder import load_folder
from services import Services
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF

HR = Caller(CallerRole.HR, name="hr")
# Bidi override and zero-width space: shown as "Dana Okafor", stored as it.
HIDDEN = "\u202eDana\u200b Okafor"


@pytest.fixture
def services(tmp_path: Path) -> Services:
    folder = tmp_path / "org"
    shutil.copytree(SAMPLE, folder)
    with (folder / "employees.csv").open("a") as f:
        f.write(
            f"E950,{HIDDEN},dana.o2@kestrel-mutual.example,HR,Talent Acquisition,"
            "hr-business-partner,,2020-01-01,\n"
        )
    s = Services.from_settings(
        Settings(home=tmp_path / "home", embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    load_folder(s.store, folder)
    return s


def test_invisible_characters_are_stripped_on_import(services: Services) -> None:
    assert services.org().employees["E950"].name == "Dana Okafor"


@pytest.mark.parametrize(
    "question", ["What are Dana Okafor's gaps?", "dana okafor profile", "plan for Dana Okafor"]
)
def test_a_shared_name_is_asked_about_not_guessed(services: Services, question: str) -> None:
    answer = services.assistant.ask(question, HR)
    assert answer.intent != "clarify" or answer.choices
    assert "E013" in answer.answer and "E950" in answer.answer, answer.answer
    assert "Data team" in answer.answer and "HR Business Partner" in answer.answer
    assert not answer.data, "no one's record was used"


def test_an_id_picks_one_of_them(services: Services) -> None:
    answer = services.assistant.ask("What are E950's gaps?", HR)
    assert answer.data["employee_id"] == "E950"


def test_rest_and_chat_agree(services: Services) -> None:
    from agent.capabilities import call_tool
    from core.errors import AmbiguousNameError

    with pytest.raises(AmbiguousNameError):
        call_tool(services.context(HR), "person_gaps", {"employee": "Dana Okafor"})


def test_the_namesake_themself_is_answered(services: Services) -> None:
    dana = Caller(CallerRole.EMPLOYEE, "E013")
    answer = services.assistant.ask("What are Dana Okafor's gaps?", dana)
    assert answer.data["employee_id"] == "E013"
