"""The learning-plan workflow cannot be used to read colleagues' levels or to skip the
approval: an employee plans toward their own role or goal, sees mentors' names but not
their levels, nobody approves their own plan, and a plan is completed by doing it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent.access import AccessDenied, Caller, CallerRole
from agent.capabilities import call_tool
from core.errors import UserError
from services import Services
from tests.support.organisations import sample_services

DANA = Caller(CallerRole.EMPLOYEE, "E013")  # data-engineer, goal senior-data-engineer
INGRID = Caller(CallerRole.MANAGER, "E012")  # Dana's manager (Data team)
HR = Caller(CallerRole.HR, name="hr")
LEVEL = re.compile(r"\blevel \d\b|\b20\d\d-\d\d-\d\d\b|\b(assessment|certification|self|peer)\b")


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return sample_services(tmp_path)


def _mentor_actions(plan: dict[str, object]) -> list[dict[str, object]]:
    actions = [*plan["actions"], *plan["next_horizon"]]  # type: ignore[misc]
    return [a for a in actions if a["mentor_id"]]


def test_an_employee_plans_toward_their_own_role_or_goal_only(services: Services) -> None:
    ctx = services.context(DANA)
    for role in (None, "senior-data-engineer", "data-engineer"):
        assert call_tool(ctx, "draft_learning_plan", {"employee": "E013", "role": role}).data
    with pytest.raises(AccessDenied, match="goal"):
        call_tool(ctx, "draft_learning_plan", {"employee": "E013", "role": "ml-engineer"})
    answer = services.assistant.ask("Draft a plan for me to become an ML Engineer", DANA)
    assert answer.refused and not answer.data


def test_an_employee_sees_mentors_names_not_their_levels(services: Services) -> None:
    data = call_tool(
        services.context(DANA),
        "draft_learning_plan",
        {"employee": "E013", "role": "senior-data-engineer"},
    ).data
    mentored = _mentor_actions(data)
    assert mentored, "Dana's plan proposes a mentor"
    for action in mentored:
        name = services.org().employees[str(action["mentor_id"])].name
        assert name in str(action["title"])
        assert not LEVEL.search(str(action["reason"])), action["reason"]
    answer = services.assistant.ask("Draft a learning plan for me", DANA)
    assert "is at level" not in answer.answer


def test_a_manager_sees_levels_only_of_their_own_reports(services: Services) -> None:
    data = call_tool(
        services.context(INGRID),
        "draft_learning_plan",
        {"employee": "E013", "role": "senior-data-engineer"},
    ).data
    # her own levels are hers to see (she may be the mentor herself); nobody else's
    visible = set(services.org().reports("E012")) | {"E012"}
    hidden = [a for a in _mentor_actions(data) if a["mentor_id"] not in visible]
    assert hidden, "a mentor from outside her line is proposed"
    for action in hidden:
        assert not LEVEL.search(str(action["reason"])), action["reason"]
    stored = services.store.plans.get(str(data["plan_id"]))
    assert any(LEVEL.search(str(a["reason"])) for a in _mentor_actions(stored))  # HR sees it


def test_plans_read_back_hide_levels_the_reader_may_not_see(services: Services) -> None:
    plan = call_tool(
        services.context(HR),
        "draft_learning_plan",
        {"employee": "E013", "role": "senior-data-engineer"},
    ).data
    shown = call_tool(services.context(DANA), "show_plans", {"employee": "E013"}).data
    assert shown["plans"][0]["plan_id"] == plan["plan_id"]
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(services.settings)
    key = services.store.keys.create("employee", "E013", "dana")["key"]
    with TestClient(app) as client:
        body = client.get(
            f"/v1/plans/{plan['plan_id']}", headers={"Authorization": f"Bearer {key}"}
        ).json()
    for action in _mentor_actions(body):
        assert not LEVEL.search(str(action["reason"])), action["reason"]


@pytest.mark.parametrize("status", ["approved", "rejected"])
def test_nobody_approves_their_own_plan_whatever_their_role(
    services: Services, status: str
) -> None:
    plan = call_tool(services.context(HR), "draft_learning_plan", {"employee": "E042"}).data
    hr_who_is_nadia = Caller(CallerRole.HR, "E042", "nadia")
    with pytest.raises(AccessDenied, match="their own"):
        from agent.access import require_plan_decision

        require_plan_decision(hr_who_is_nadia, services.org(), plan, status)


def test_a_plan_is_completed_by_doing_it(services: Services) -> None:
    from agent.access import require_plan_decision

    plan = call_tool(services.context(HR), "draft_learning_plan", {"employee": "E013"}).data
    services.store.plans.set_status(str(plan["plan_id"]), "approved", "ingrid")
    approved = services.store.plans.get(str(plan["plan_id"]))
    with pytest.raises(UserError, match="actions are done"):
        require_plan_decision(DANA, services.org(), approved, "completed")
    with pytest.raises(UserError, match="comment"):
        require_plan_decision(INGRID, services.org(), approved, "completed")
    require_plan_decision(INGRID, services.org(), approved, "completed", "closed: role changed")


def test_what_is_my_plan_shows_it_and_drafts_nothing(services: Services) -> None:
    call_tool(services.context(HR), "draft_learning_plan", {"employee": "E013"})
    before = len(services.store.plans.list())
    answer = services.assistant.ask("What is my plan?", DANA)
    assert answer.intent == "show_plans" and answer.data["plans"]
    assert len(services.store.plans.list()) == before
