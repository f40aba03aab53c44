"""The capability catalogue: one declaration per capability, complete and consistent, with
its access rule run before anything is read."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import get_args

import pytest

from agent.access import AccessDenied, Caller, CallerRole
from agent.assistant import CAPABILITY_INTENTS, Intent
from agent.capabilities import CATALOGUE, call_tool
from prompts import ROOT as PROMPTS
from prompts import version
from tests.support.organisations import sample_services

pytestmark = pytest.mark.unit
DOCS = Path(__file__).resolve().parents[2] / "docs"
PLACEHOLDERS = {"PERSON", "ROLE", "SKILL", "TEAM", "DEPARTMENT", "DURATION", "DATE", "NUMBER",
                "HOURS", "TEXT"}  # fmt: skip


def test_the_intents_are_the_catalogue_and_what_the_assistant_does_instead() -> None:
    assert set(CAPABILITY_INTENTS) == set(CATALOGUE)
    assert set(get_args(Intent)) - set(CATALOGUE) == {
        "clarify",
        "unknown",
        "help",
        "out_of_scope",
        "not_allowed",
        "several",
    }


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_declaration_is_complete(name: str) -> None:
    capability = CATALOGUE[name]
    assert capability.name == name and capability.description.endswith(".")
    assert (PROMPTS / capability.template).exists()
    assert version(capability.template).startswith(capability.template[:-3].split("/")[0])
    assert len(capability.examples) >= 6, "the router learns a capability from its examples"
    assert len(set(capability.examples)) == len(capability.examples)
    for example in capability.examples:
        assert set(re.findall(r"<([A-Z]+)>", example)) <= PLACEHOLDERS, example
    assert name in (DOCS / "agent.md").read_text(encoding="utf-8")


def test_examples_are_not_shared_between_capabilities() -> None:
    seen: dict[str, str] = {}
    for capability in CATALOGUE.values():
        for example in capability.examples:
            assert example.lower() not in seen, (example, seen.get(example.lower()))
            seen[example.lower()] = capability.name


def test_only_drafting_a_plan_or_a_programme_writes() -> None:
    assert [c.name for c in CATALOGUE.values() if c.writes] == [
        "draft_learning_plan",
        "draft_programme",
    ]


@pytest.mark.integration
def test_the_access_rule_runs_before_the_capability_reads_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = sample_services(tmp_path)
    ran: list[str] = []
    original = CATALOGUE["person_gaps"]

    def spy(ctx: object, args: object) -> object:
        ran.append("run")
        return original.run(ctx, args)  # type: ignore[arg-type]

    monkeypatch.setitem(CATALOGUE, "person_gaps", replace(original, run=spy))
    bob = services.context(Caller(CallerRole.EMPLOYEE, "E004"))
    with pytest.raises(AccessDenied):
        call_tool(bob, "person_gaps", {"employee": "E013"})
    assert ran == []
    call_tool(bob, "person_gaps", {"employee": "E004"})
    assert ran == ["run"]
