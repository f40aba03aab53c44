"""Every access rule, caller by caller. The sample org (data/sample): Ingrid Halvorsen (E012)
manages the Data team (E013–E021) and belongs to it; Tomasz Wójcik (E002) manages Platform,
Bob Lindqvist's (E004) team; Dana Okafor (E013) is an employee in Data; IT Leadership has
one person. Who may do what is written out by hand from agent/access.py's docstring."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from agent import access
from agent.access import AccessDenied, Caller, CallerRole
from core.errors import NotFoundError
from domain.org import Org
from tests.support.organisations import sample_org

pytestmark = pytest.mark.unit

CALLERS = {
    "admin": Caller(CallerRole.ADMIN, name="admin"),
    "hr": Caller(CallerRole.HR, name="hr"),
    "ingrid": Caller(CallerRole.MANAGER, "E012"),
    "tomasz": Caller(CallerRole.MANAGER, "E002"),
    "dana": Caller(CallerRole.EMPLOYEE, "E013"),
    "bob": Caller(CallerRole.EMPLOYEE, "E004"),
    "evaluator": Caller(CallerRole.EVALUATOR, name="eval"),
}
EVERYONE = set(CALLERS)
DANAS_PLAN = {"plan_id": "PLAN-1", "employee_id": "E013"}
Rule = Callable[[Caller, Org], object]


def _data_team(org: Org) -> list[str]:
    return [p.employee_id for p in org.members(team="Data")]


# (what is checked, the check, who is allowed)
RULES: list[tuple[str, Rule, set[str]]] = [
    (
        "Dana's records",
        lambda c, o: access.require_employee(c, o, "E013"),
        {"admin", "hr", "ingrid", "dana"},
    ),
    (
        "Bob's records",
        lambda c, o: access.require_employee(c, o, "E004"),
        {"admin", "hr", "tomasz", "bob"},
    ),
    (
        "Data team figures",
        lambda c, o: access.require_group(c, o, _data_team(o), "Data"),
        {"admin", "hr", "ingrid", "evaluator"},
    ),
    (
        "Data team figures, minimum group 5",
        lambda c, o: access.require_group_figures(c, o, _data_team(o), "Data", 5),
        {"admin", "hr", "ingrid", "evaluator"},
    ),
    (
        "IT Leadership figures (one person)",
        lambda c, o: access.require_group_figures(
            c, o, [p.employee_id for p in o.members(team="IT Leadership")], "IT Leadership", 5
        ),
        set(),
    ),
    (
        "candidate and mentor lists",
        lambda c, o: access.require_people_lists(c, "Lists"),
        {"admin", "hr", "ingrid", "tomasz"},
    ),
    (
        "drafting Dana's plan",
        lambda c, o: access.require_plan_drafting(c, o, "E013"),
        {"admin", "hr", "ingrid", "dana"},
    ),
    (
        "approving Dana's plan",
        lambda c, o: access.require_plan_decision(c, o, DANAS_PLAN, "approved"),
        {"admin", "hr", "ingrid"},
    ),
    (
        "rejecting Dana's plan",
        lambda c, o: access.require_plan_decision(c, o, DANAS_PLAN, "rejected"),
        {"admin", "hr", "ingrid"},
    ),
    (
        "marking plan actions done",
        lambda c, o: access.require_plan_progress(c),
        EVERYONE - {"evaluator"},
    ),
    (
        "the Data team's heatmap",
        lambda c, o: access.require_heatmap(c, o, _data_team(o)),
        {"admin", "hr", "ingrid"},
    ),
    ("listing teams", lambda c, o: access.visible_teams(c, o), EVERYONE - {"dana", "bob"}),
    ("workforce scenarios", lambda c, o: access.require_scenarios(c), {"admin", "hr"}),
    ("erasure", lambda c, o: access.require_erasure(c), {"admin", "hr"}),
    ("requirement review", lambda c, o: access.require_requirement_review(c), {"admin", "hr"}),
    ("document uploads", lambda c, o: access.require_document_curation(c), {"admin", "hr"}),
    ("the audit log", lambda c, o: access.require_audit_reader(c), {"admin"}),
]


@pytest.fixture(scope="module")
def org() -> Org:
    return sample_org()


@pytest.mark.parametrize("who", sorted(CALLERS))
@pytest.mark.parametrize(("what", "rule", "allowed"), RULES, ids=[r[0] for r in RULES])
def test_rule(org: Org, what: str, rule: Rule, allowed: set[str], who: str) -> None:
    if who in allowed:
        rule(CALLERS[who], org)
    else:
        with pytest.raises(AccessDenied) as refused:
            rule(CALLERS[who], org)
        assert str(refused.value)  # every refusal says why


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("admin", None),
        ("hr", None),
        ("ingrid", {"E012", *(f"E0{n}" for n in range(13, 22))}),
        ("dana", {"E013"}),
        ("evaluator", set()),
    ],
)
def test_visible_employees(org: Org, who: str, visible: set[str] | None) -> None:
    assert access.visible_employees(CALLERS[who], org) == visible


def test_a_plan_the_caller_may_not_see_does_not_exist_for_them(org: Org) -> None:
    access.require_plan_visible(CALLERS["ingrid"], org, DANAS_PLAN)
    with pytest.raises(NotFoundError, match="no learning plan with that id"):
        access.require_plan_visible(CALLERS["bob"], org, DANAS_PLAN)


def test_nobody_approves_their_own_plan(org: Org) -> None:
    own = {"plan_id": "PLAN-2", "employee_id": "E012"}
    with pytest.raises(AccessDenied, match="nobody their own"):
        access.require_plan_decision(CALLERS["ingrid"], org, own, "approved")


def test_managers_list_only_their_own_teams(org: Org) -> None:
    assert access.visible_teams(CALLERS["ingrid"], org) == {"Data"}
    assert access.visible_teams(CALLERS["hr"], org) is None


def test_employees_and_managers_must_be_bound_to_a_person() -> None:
    with pytest.raises(Exception, match="bound to an employee id"):
        Caller(CallerRole.EMPLOYEE)
