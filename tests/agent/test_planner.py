"""The offline planner, case by case: a question (as people type them) → the intent, the tool
and its arguments. Expected values are read by hand from data/sample (employees.csv,
roles.yaml, skills.csv); the org is read from its folder, with no store and no model."""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner import Plan, Vocabulary, duration_weeks, plan_question
from tests.support.organisations import sample_org

pytestmark = pytest.mark.unit

DANA, BOB, INGRID = "E013", "E004", "E012"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(sample_org())


# (question, the caller's employee id, intent, tool, arguments that must be in the plan)
CASES: list[tuple[str, str | None, str, str, dict[str, Any]]] = [
    (
        "What does Dana Okafor lack for Senior Data Engineer?",
        None,
        "person_gaps",
        "person_gaps",
        {"employee": DANA, "role": "senior-data-engineer"},
    ),
    (
        "what should I learn to become an ML Engineer",
        BOB,
        "person_gaps",
        "person_gaps",
        {"employee": BOB, "role": "ml-engineer"},
    ),
    ("How ready is Bob Lindqvist?", None, "person_gaps", "person_gaps", {"employee": BOB}),
    (
        "Which AI skills is the Platform team missing?",
        None,
        "team_gaps",
        "team_gaps",
        {"team": "Platform", "ai_only": True},
    ),
    (
        "gaps in the IT department",
        None,
        "team_gaps",
        "team_gaps",
        {"department": "IT", "team": None, "ai_only": False},
    ),
    (
        "Who could move into the open ML Engineer role?",
        None,
        "candidates",
        "internal_candidates",
        {"role": "ml-engineer"},
    ),
    (
        "Who can mentor Dana in Spark?",
        None,
        "mentors",
        "find_mentors",
        # Dana's goal role, Senior Data Engineer, needs Apache Spark at level 4
        {"skill": "apache-spark", "learner": DANA, "level": 4},
    ),
    (
        "Draft a 90-day plan for Dana Okafor",
        INGRID,
        "plan",
        "draft_learning_plan",
        {"employee": DANA, "weeks": 13, "hours_per_week": None},
    ),
    (
        "make me a learning plan, 3 hours a week",
        DANA,
        "plan",
        "draft_learning_plan",
        {"employee": DANA, "weeks": None, "hours_per_week": 3.0},
    ),
    (
        "Next year we need 4 more ML engineers by 2027-06-30: who can we grow?",
        None,
        "scenario",
        "workforce_scenario",
        {"role": "ml-engineer", "headcount": 4, "by": "2027-06-30"},
    ),
    ("What is MLOps?", None, "definition", "get_skill", {"skill": "mlops"}),
    ("what is k8s", None, "definition", "get_skill", {"skill": "kubernetes"}),
    ("What does a Data Analyst do?", None, "definition", "get_role", {"role": "data-analyst"}),
    ("Tell me about Priya Raman", None, "profile", "get_employee_profile", {"employee": "E018"}),
    ("search for dashboards", None, "search", "search_documents", {"query": "dashboards"}),
]


@pytest.mark.parametrize(("question", "caller", "intent", "tool", "args"), CASES)
def test_question_to_tool(
    vocabulary: Vocabulary,
    question: str,
    caller: str | None,
    intent: str,
    tool: str,
    args: dict[str, Any],
) -> None:
    plan = plan_question(question, vocabulary, caller, {})
    assert (plan.intent, plan.tool) == (intent, tool), plan
    assert {k: plan.args.get(k) for k in args} == args, plan.args


# (question, the caller's employee id, what the planner asks or refuses)
UNANSWERABLE: list[tuple[str, str | None, str, str]] = [
    ("whose gaps are these?", None, "problem", "Name a person"),
    ("Who could step into the role?", None, "problem", "which role"),
    ("Who can mentor Dana?", None, "problem", "which skill"),
    ("Draft a plan for everyone in Platform", None, "refusal", "one at a time"),
    ("We need 3 more Data Engineers", None, "problem", "by when"),
]


@pytest.mark.parametrize(("question", "caller", "kind", "says"), UNANSWERABLE)
def test_questions_it_cannot_act_on(
    vocabulary: Vocabulary, question: str, caller: str | None, kind: str, says: str
) -> None:
    plan: Plan = plan_question(question, vocabulary, caller, {})
    assert plan.tool is None
    assert says.lower() in (getattr(plan, kind) or "").lower(), plan


def test_follow_ups_take_what_they_leave_out_from_the_last_turn(vocabulary: Vocabulary) -> None:
    first = plan_question(
        "What does Dana Okafor lack for Senior Data Engineer?", vocabulary, None, {}
    )
    memory = {
        "last": {
            "intent": first.intent,
            "args": first.args,
            "person": DANA,
            "role": "senior-data-engineer",
        }
    }
    other = plan_question("and for Bob Lindqvist?", vocabulary, None, memory)
    assert (other.tool, other.args) == (
        "person_gaps",
        {"employee": BOB, "role": "senior-data-engineer"},
    )


@pytest.mark.parametrize(
    ("text", "weeks"),
    [("in 12 weeks", 12), ("6 months", 26), ("a 90-day plan", 13), ("1 year", 52), ("", None)],
)
def test_durations(text: str, weeks: int | None) -> None:
    assert duration_weeks(text) == weeks
