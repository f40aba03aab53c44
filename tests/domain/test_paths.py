"""Career paths (domain/paths.py): provenance, step-backs, moves seen, and the next roles of
three sample people, worked out by hand from data/sample (employee_skills.csv, roles.yaml,
events.csv; current levels by domain/levels.py's rule: assessment > certification >
manager > peer > self)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.models import EmploymentEvent, EventType, Requirement, Role
from domain.org import Org
from domain.paths import CareerPaths, overlap, role_changes, steps_back
from tests.support.organisations import sample_org


def _role(
    role_id: str, *requirements: tuple[str, int, int], next_roles: tuple[str, ...] = ()
) -> Role:
    return Role(
        role_id,
        role_id.title(),
        requirements=tuple(
            Requirement(s, level, importance) for s, level, importance in requirements
        ),
        next_roles=next_roles,
    )


JUNIOR = _role("junior", ("py", 2, 5), ("sql", 2, 4))
SENIOR = _role("senior", ("py", 4, 5), ("sql", 3, 4), ("mentoring", 2, 2))


def test_overlap_weighs_as_readiness_does() -> None:
    # junior meets senior: py min(2,4)*5 = 10, sql min(2,3)*4 = 8, mentoring 0 → 18 of 20+12+4
    assert overlap(JUNIOR, SENIOR) == pytest.approx(18 / 36)
    # senior meets all of junior
    assert overlap(SENIOR, JUNIOR) == 1.0
    assert steps_back(SENIOR, JUNIOR) and not steps_back(JUNIOR, SENIOR)
    assert overlap(JUNIOR, _role("empty")) == 0.0


def _event(
    event_id: str, who: str | None, kind: EventType, on: str, role: str | None
) -> EmploymentEvent:
    return EmploymentEvent(event_id, who, kind, date.fromisoformat(on), role_id=role)


def test_role_changes_chain_each_persons_events_up_to_the_day() -> None:
    events = [
        _event("1", "A", EventType.HIRE, "2024-01-01", "junior"),
        _event("2", "A", EventType.MOVE, "2025-01-01", "senior"),
        _event("3", "A", EventType.LEAVE, "2026-01-01", None),  # no role: the one held
        _event("4", "B", EventType.MOVE, "2025-06-01", "senior"),  # no hire on record
        _event("5", None, EventType.HIRE, "2025-02-01", "junior"),  # erased: stands alone
        _event("6", "A", EventType.MOVE, "2027-01-01", "junior"),  # after the day
    ]
    changes = [(c.employee_id, c.before, c.after) for c in role_changes(events, date(2026, 6, 30))]
    assert changes == [
        ("A", None, "junior"),
        ("A", "junior", "senior"),
        (None, None, "junior"),
        ("B", None, "senior"),  # a move whose role before is unknown
        ("A", "senior", None),
    ]


def _paths_org() -> Org:
    analyst = _role("analyst", ("py", 2, 5), ("sql", 3, 4), next_roles=("lead",))
    lead = _role("lead", ("py", 2, 5), ("sql", 3, 4), ("people", 3, 4))
    scientist = _role("scientist", ("py", 4, 5), ("sql", 3, 4))
    events = [
        _event("1", "A", EventType.HIRE, "2024-01-01", "analyst"),
        _event("2", "A", EventType.MOVE, "2025-01-01", "scientist"),
    ]
    return Org.build(
        [],
        [analyst, lead, scientist],
        [],
        [],
        [],
        date(2026, 1, 1),
        stale_after_months=24,
        events=events,
    )


def test_a_path_says_where_it_comes_from_and_a_step_back_is_no_path() -> None:
    paths = CareerPaths(_paths_org())
    found = {p.to_role: p for p in paths.paths_from("analyst")}
    # lead: declared, and analyst meets (10+12)/(10+12+12) = 0.647 of it
    assert found["lead"].sources == ["declared", "overlap"]
    assert found["lead"].overlap == round(22 / 34, 4)
    # scientist: one move seen; overlap (10+12)/(20+12) = 0.6875
    assert found["scientist"].sources == ["observed", "overlap"] and found["scientist"].moves == 1
    # from scientist, analyst is a step back (scientist covers it all); lead is not covered
    back = {p.to_role: p.sources for p in paths.paths_from("scientist")}
    assert "analyst" not in back
    # one move is fewer than a minimum group of 5: not counted for callers who see groups
    hidden = {p.to_role: p for p in paths.paths_from("analyst", floor=5)}
    assert hidden["scientist"].moves == 0 and hidden["scientist"].sources == ["overlap"]


# --------------------------------------------------------------- the sample organisation


@pytest.fixture(scope="module")
def sample_paths() -> CareerPaths:
    return CareerPaths(sample_org())


def _options(data: dict) -> list[tuple[str, float, list[str]]]:  # type: ignore[type-arg]
    return [(r["role_id"], r["readiness"], r["sources"]) for r in data["next_roles"]]


def test_priya_a_data_analyst_aiming_at_data_scientist(sample_paths: CareerPaths) -> None:
    data = sample_paths.next_roles("E018")
    # Priya (E018): python 2 (assessment beats self 4), sql 4, data visualisation 4 (Power BI),
    # data literacy 3, statistics 3, machine learning 1.
    # People Analytics Analyst: hr-analytics 0/20, sql 12/12, python 2*4=8/12, statistics 12/12,
    #   data-vis 12/12, data literacy 3*4=12/16, ai-governance 0/6, hr-systems 0/4,
    #   spark 0/4 → 56/98 = 0.5714; declared from Data Analyst, Data Analyst's own
    #   requirements meet over half of it, and so do hers.
    # Data Scientist: python 10/20, ML 5/15, statistics 15/20, sql 12/12, model evaluation
    #   0/12, data-vis 9/9, deep learning 0/4, prompt engineering 0/4 → 51/96 = 0.5312;
    #   declared, Amara's move (EV-011 → EV-020) seen, over half met, her goal role.
    assert _options(data) == [
        ("people-analytics-analyst", 0.5714, ["declared", "overlap", "skills"]),
        ("data-scientist", 0.5312, ["declared", "observed", "skills", "goal"]),
    ]
    scientist = data["next_roles"][1]
    assert scientist["moves"] == 1 and not scientist["ready_now"]
    # gaps by priority: model evaluation 3*4 = 12, ML 2*5 = 10, python 2*5 = 10, statistics 5
    assert [g["skill_id"] for g in scientist["gaps"][:4]] == [
        "model-evaluation",
        "machine-learning",
        "python",
        "statistics",
    ]


def test_kwame_leaves_the_role_he_came_from_out(sample_paths: CareerPaths) -> None:
    data = sample_paths.next_roles("E010")
    # Kwame (E010): hired as a Service Desk Analyst (EV-015), Platform Engineer since EV-024.
    # Levels: kubernetes 1, terraform 2, aws 2, linux 1, ci-cd 3, containers 1,
    #   site reliability 2, observability 2, incident management 2.
    # SRE: 10/15 + 10/20 + 4/12 + 8/12 + 4/12 + 0/9 + 0/6 + 9/9 = 45/95 = 0.4737
    # Senior Platform Engineer: 5/20 + 10/20 + 8/16 + 12/16 + 8/12 + 3/12 + 0/9 + 0/4 + 0/4
    #   = 46/113 = 0.4071; declared, and Platform Engineer meets 63% of it
    assert _options(data) == [
        ("site-reliability-engineer", 0.4737, ["declared", "observed", "goal"]),
        ("senior-platform-engineer", 0.4071, ["declared", "overlap"]),
    ]
    assert data["held_before"] == ["service-desk-analyst"]


def test_emily_new_on_the_service_desk_gets_three(sample_paths: CareerPaths) -> None:
    data = sample_paths.next_roles("E040")
    # Emily (E040): customer service 3, service desk tooling 2, incident management 2,
    #   endpoint management 2, ITSM 2, identity & access management 1.
    # Service Desk Lead: itsm 10/20, incident 10/20, people 0/15, problem 0/12, tooling 8/16,
    #   coaching 0/12, stakeholders 0/12, customer service 9/12 = 37/119 = 0.3109
    # Security Analyst: only IAM 1*3 = 3 of 56 → 0.0536
    # Platform Engineer: nothing → 0.0, seen once (Kwame's move) from her role
    assert _options(data) == [
        ("service-desk-lead", 0.3109, ["declared"]),
        ("security-analyst", 0.0536, ["declared"]),
        ("platform-engineer", 0.0, ["observed"]),
    ]
    # for a caller who sees only groups of five, one move is no path
    hidden = sample_paths.next_roles("E040", floor=5)
    assert [r["role_id"] for r in hidden["next_roles"]] == ["service-desk-lead", "security-analyst"]


def test_a_roles_page_says_where_its_holders_came_from_and_went(sample_paths: CareerPaths) -> None:
    data = sample_paths.role_flow("platform-engineer")
    # events.csv: hired E011 (EV-009), E006 (EV-012); Kwame moved in from the service desk
    # (EV-024); E006 moved on to SRE (EV-021); E074 left (EV-038). Seven on employees.csv
    # hold it, E074 has left: six.
    assert (data["hired"], data["left"], data["holders"]) == (2, 1, 6)
    assert data["moved_in"] == [
        {"role_id": "service-desk-analyst", "title": "Service Desk Analyst", "people": 1}
    ]
    assert data["moved_out"] == [
        {"role_id": "site-reliability-engineer", "title": "Site Reliability Engineer", "people": 1}
    ]
    assert [p["role_id"] for p in data["leads_to"]] == [
        "site-reliability-engineer",
        "senior-platform-engineer",
    ]
    assert not data["suppressed"]
    withheld = sample_paths.role_flow("platform-engineer", floor=5)
    assert (withheld["hired"], withheld["left"], withheld["suppressed"]) == (None, None, True)
    assert withheld["moved_in"][0]["people"] is None
    assert withheld["comes_from"] == []  # the one move seen is no path to this caller
