"""A tiny organisation written by hand; the expected numbers in the tests are worked out
from these records by hand (see the comments in each test)."""

from __future__ import annotations

from datetime import date

from domain.advice import AdviceSettings
from domain.insights import Insights
from domain.models import (
    Employee,
    LearningResource,
    Requirement,
    ResourceSkill,
    ResourceType,
    Role,
    Skill,
    SkillAssertion,
    Source,
)
from domain.org import Org
from domain.talent_flow import FlowSettings, TopTechnologists

AS_OF = date(2026, 11, 22)  # 24 months earlier: 2024-11-22

SKILLS = [
    Skill("py", "Python", "Software Engineering"),
    Skill("spark", "Spark", "Data"),
    Skill("k8s", "Kubernetes", "Cloud & Platform"),
    Skill("ml", "Machine Learning", "AI"),
    Skill("coach", "Coaching", "Leadership"),
]
ROLES = [
    Role(
        "de",
        "Data Engineer",
        "IT",
        requirements=(
            Requirement("py", 3, 5),
            Requirement("spark", 4, 4),
            Requirement("k8s", 2, 2),
        ),
    ),
    Role(
        "lead",
        "Team Lead",
        "IT",
        requirements=(Requirement("coach", 4, 5), Requirement("py", 2, 2)),
    ),
    Role("mle", "ML Engineer", "IT", requirements=(Requirement("ml", 3, 5),)),
]
EMPLOYEES = [
    Employee("A", "Ann", "a@x.org", "IT", "T1", "lead"),
    Employee("B", "Ben", "b@x.org", "IT", "T1", "de", "A"),
    Employee("C", "Cat", "c@x.org", "IT", "T1", "de", "A"),
    Employee("D", "Dev", "d@x.org", "HR", "T2", "de"),
    Employee("E", "Eve", "e@x.org", "HR", "T2", "lead", "D"),
]


def _a(who: str, skill: str, level: int, source: Source, day: str) -> SkillAssertion:
    return SkillAssertion(who, skill, level, source, date.fromisoformat(day))


ASSERTIONS = [
    _a("A", "coach", 4, Source.MANAGER, "2025-01-10"),
    _a("A", "py", 3, Source.SELF, "2024-05-01"),  # stale
    _a("A", "spark", 4, Source.ASSESSMENT, "2025-03-01"),
    _a("B", "py", 4, Source.SELF, "2026-03-01"),
    _a("B", "py", 2, Source.ASSESSMENT, "2024-01-10"),  # wins despite age; stale
    _a("B", "spark", 2, Source.MANAGER, "2023-01-01"),
    _a("B", "spark", 3, Source.MANAGER, "2025-06-01"),  # same source, later: wins
    _a("C", "py", 4, Source.PEER, "2025-01-01"),
    _a("C", "spark", 5, Source.CERTIFICATION, "2025-05-01"),
    _a("C", "k8s", 2, Source.SELF, "2026-01-01"),
    _a("D", "spark", 4, Source.ASSESSMENT, "2025-09-01"),
    _a("D", "py", 1, Source.SELF, "2026-02-01"),
    _a("E", "coach", 5, Source.ASSESSMENT, "2025-10-01"),
    _a("E", "spark", 5, Source.SELF, "2026-01-01"),
    _a("E", "ml", 5, Source.SELF, "2027-01-01"),  # in the future: ignored
]


def _r(
    rid: str,
    kind: ResourceType,
    internal: bool,
    skill: str,
    level: int,
    hours: float,
    cost: float = 0.0,
    prerequisites: tuple[str, ...] = (),
) -> LearningResource:
    return LearningResource(
        rid,
        f"Resource {rid}",
        kind,
        "Acme" if internal else "Vendor",
        internal,
        (ResourceSkill(skill, level),),
        hours,
        cost,
        "",
        prerequisites,
    )


RESOURCES = [
    _r("R1", ResourceType.COURSE, True, "py", 2, 10),
    _r("R2", ResourceType.COURSE, True, "py", 3, 20, prerequisites=("R1",)),
    _r("R3", ResourceType.COURSE, False, "py", 3, 15, cost=500),
    _r("R4", ResourceType.CERTIFICATION, False, "spark", 4, 30, cost=300, prerequisites=("R5",)),
    _r("R5", ResourceType.COURSE, True, "spark", 3, 12),
    _r("R6", ResourceType.WORKSHOP, True, "k8s", 2, 8),
]


STALE_AFTER_MONTHS = 24


def make_org() -> Org:
    return Org.build(
        SKILLS,
        ROLES,
        EMPLOYEES,
        ASSERTIONS,
        RESOURCES,
        as_of=AS_OF,
        stale_after_months=STALE_AFTER_MONTHS,
    )


def make_insights(
    org: Org,
    *,
    min_group_size: int = 5,
    max_mentees: int = 2,
    hours_per_week: float = 4.0,
    build_weeks: int = 26,
    plan_weeks: int = 12,
    readiness_threshold: float = 0.8,
) -> Insights:
    """The analytics with the thresholds these tests' expectations were worked out for."""
    return Insights(
        org,
        ai_categories=("AI",),
        min_group_size=min_group_size,
        max_mentees=max_mentees,
        advice=AdviceSettings(hours_per_week=hours_per_week, build_weeks=build_weeks),
        plan_weeks=plan_weeks,
        readiness_threshold=readiness_threshold,
        flow=FlowSettings(window_months=12, long_open_days=90, top=TopTechnologists(4, ("AI",))),
    )
