"""The offline planner, case by case: a question (as people type them) → the capability and
its arguments, or what it asks back, or what it refuses. Expected values are read by hand
from data/sample (employees.csv, roles.yaml, skills.csv). The router runs on the
deterministic hash embedder here; tests/eval run it on the real model."""

from __future__ import annotations

from typing import Any

import pytest

from agent.capabilities import CATALOGUE
from agent.planner import Plan, Planner, screen
from agent.router import Router
from agent.slots import Vocabulary
from retrieval.embeddings import HashEmbedder
from tests.support.organisations import sample_org

pytestmark = pytest.mark.unit

DANA, BOB, INGRID, PRIYA = "E013", "E004", "E012", "E018"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(sample_org())


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(Router(CATALOGUE, HashEmbedder(), None), min_score=0.35, margin=0.02)


# (question, the caller's employee id, capability, arguments that must be in the plan)
CASES: list[tuple[str, str | None, str, dict[str, Any]]] = [
    (
        "What does Dana Okafor lack for Senior Data Engineer?",
        None,
        "person_gaps",
        {"employee": DANA, "role": "senior-data-engineer"},
    ),
    (
        "what should I learn to become an ML Engineer",
        BOB,
        "person_gaps",
        {"employee": BOB, "role": "ml-engineer"},
    ),
    (
        "Could Bob Lindqvist move into site reliability engineering?",
        None,
        "person_gaps",
        {"employee": BOB, "role": "site-reliability-engineer"},
    ),
    (
        "Which AI skills is the Platform team missing?",
        None,
        "team_gaps",
        {"team": "Platform", "ai_only": True},
    ),
    ("heatmap Platform team", None, "team_heatmap", {"team": "Platform"}),
    (
        "Should we train or hire for MLOps in the Data team?",
        None,
        "build_buy_borrow",
        {"team": "Data", "skill": "mlops"},
    ),
    (
        "Which IT skills rest on just one person?",
        None,
        "single_points_of_failure",
        {"department": "IT", "team": None},
    ),
    ("Who are our Kubernetes experts?", None, "skill_experts", {"skill": "kubernetes"}),
    (
        "Which people could fill the open Data Scientist seat?",
        None,
        "internal_candidates",
        {"role": "data-scientist"},
    ),
    (
        "Who can coach Dana in Spark?",
        None,
        "find_mentors",
        # Dana's goal role, Senior Data Engineer, needs Apache Spark at level 4
        {"skill": "apache-spark", "learner": DANA, "level": 4},
    ),
    (
        "Draft a 90-day plan for Dana Okafor",
        INGRID,
        "draft_learning_plan",
        {"employee": DANA, "weeks": 13, "hours_per_week": None},
    ),
    (
        "make me a learning plan, 3 hours a week",
        DANA,
        "draft_learning_plan",
        {"employee": DANA, "weeks": None, "hours_per_week": 3.0},
    ),
    ("Show my approved plan", DANA, "show_plans", {"employee": DANA, "status": "approved"}),
    (
        "Next year we need 4 more ML engineers: who can we grow?",
        None,
        "workforce_scenario",
        {"role": "ml-engineer", "headcount": 4, "by": "2027-12-31"},
    ),
    (
        "How much Python does an ML Engineer need?",
        None,
        "get_role",
        {"role": "ml-engineer", "skill": "python"},
    ),
    ("What is MLOps?", None, "get_skill", {"skill": "mlops"}),
    ("Tell me about Priya Raman", None, "get_employee_profile", {"employee": PRIYA}),
    (
        "Which courses cover Kubernetes? Internal only.",
        None,
        "learning_catalogue",
        {"skill": "kubernetes", "internal": True},
    ),
    ("What are our HR-IT KPIs?", None, "kpis", {}),
    ("search for dashboards", None, "search_documents", {"query": "dashboards"}),
    (
        "Compare Dana Okafor and Noura Haddad for Senior Data Engineer",
        None,
        "compare_people",
        {"employees": [DANA, "E016"], "role": "senior-data-engineer"},
    ),
]


@pytest.mark.parametrize(("question", "caller", "capability", "args"), CASES)
def test_question_to_capability(
    planner: Planner,
    vocabulary: Vocabulary,
    question: str,
    caller: str | None,
    capability: str,
    args: dict[str, Any],
) -> None:
    plan = planner.plan(question, vocabulary, caller, {})
    assert (plan.intent, plan.tool) == (capability, capability), plan.scores
    assert {k: plan.args.get(k) for k in args} == args, plan.args


# (question, the caller's employee id, what the planner asks or refuses)
UNANSWERABLE: list[tuple[str, str | None, str, str]] = [
    ("Who could step into the role?", None, "problem", "which role"),
    ("Who can mentor Dana?", None, "problem", "which skill"),
    ("Draft a plan for everyone in Platform", None, "refusal", "one at a time"),
    ("We need 3 more Data Engineers", None, "problem", "by when"),
]


@pytest.mark.parametrize(("question", "caller", "kind", "says"), UNANSWERABLE)
def test_questions_it_cannot_act_on(
    planner: Planner,
    vocabulary: Vocabulary,
    question: str,
    caller: str | None,
    kind: str,
    says: str,
) -> None:
    plan: Plan = planner.plan(question, vocabulary, caller, {})
    assert plan.tool is None
    assert says.lower() in (getattr(plan, kind) or "").lower(), plan


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Should we fire Dana?", "not_allowed"),
        ("Decide who gets promoted, Dana or Noura", "not_allowed"),
        ("How old is Bob Lindqvist?", "not_allowed"),
        ("Which of my team members are over 50?", "not_allowed"),
        ("Is Priya pregnant?", "not_allowed"),
        ("What's the weather tomorrow?", "out_of_scope"),
        ("What does Dana earn?", "out_of_scope"),
        ("Book me a meeting room for Thursday", "out_of_scope"),
    ],
)
def test_refused_whoever_asks(
    planner: Planner, vocabulary: Vocabulary, question: str, kind: str
) -> None:
    assert screen(question) is not None and screen(question)[0] == kind  # type: ignore[index]
    plan = planner.plan(question, vocabulary, None, {})
    assert (plan.intent, plan.tool, plan.refusal_kind) == (kind, None, kind)


@pytest.mark.parametrize(
    "question",
    [
        "Let me go through Dana's gaps for Senior Data Engineer",  # not "let go"
        "What is Dana's readiness score for Senior Data Engineer?",  # not a match score
        "Should we hire or train for MLOps in the Data team?",  # advice, not a decision
    ],
)
def test_ordinary_questions_are_not_screened_out(question: str) -> None:
    assert screen(question) is None


def test_follow_ups_take_what_they_leave_out_from_the_last_turn(
    planner: Planner, vocabulary: Vocabulary
) -> None:
    first = planner.plan(
        "What does Dana Okafor lack for Senior Data Engineer?", vocabulary, None, {}
    )
    memory = {"last": {"capability": first.intent, "args": first.args, "person": DANA}}
    other = planner.plan("and for Bob Lindqvist?", vocabulary, None, memory)
    assert (other.tool, other.args) == (
        "person_gaps",
        {"employee": BOB, "role": "senior-data-engineer"},
    )
    drafted = planner.plan("Draft a plan for Dana Okafor", vocabulary, None, {})
    memory = {"last": {"capability": drafted.intent, "args": drafted.args, "person": DANA}}
    longer = planner.plan("make it 6 months", vocabulary, None, memory)
    assert (longer.tool, longer.args["employee"], longer.args["weeks"]) == (
        "draft_learning_plan",
        DANA,
        26,
    )


def test_a_pronoun_points_back_at_the_previous_subject(
    planner: Planner, vocabulary: Vocabulary
) -> None:
    memory = {
        "last": {
            "capability": "team_gaps",
            "args": {"team": "Platform", "department": None, "ai_only": False},
            "person": None,
        }
    }
    plan = planner.plan("Should we train or hire for MLOps there?", vocabulary, None, memory)
    assert (plan.tool, plan.args["team"], plan.args["skill"]) == (
        "build_buy_borrow",
        "Platform",
        "mlops",
    )
