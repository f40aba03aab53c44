"""AI initiatives: what a use case needs, what the named teams have, and a dated roadmap.
Open this file to see how each number is made.

An initiative is a use case in text with a target date and the teams involved. Its
**competencies** are requirements (skill, level, importance) read from the text as a job
description's are (ingest/extraction.py), plus the soft skills that go with adopting AI
(SOFT_SKILLS present in the framework: critical thinking, problem solving, change), for HR
and IT to review. Each competency needs `people`: 2 when it is critical (importance ≥ 4,
so it never rests on one person), else 1.

**Coverage** in the named teams, per competency: `meet` members at or above the level,
`near` one level short, `experts` at level 4+; `gap = max(0, people − meet)`. Readiness
is Σ importance·min(meet, people) / Σ importance·people.

**Build / buy / borrow** per competency with a gap, in this order (as domain/advice.py):
  build   team members below the level whom the catalogue takes there before the target
          date at `hours_per_week`, one course after another (soonest ready first, then
          fewest hours): each gets a learning plan, ready by today + ⌈(hours already planned
          for them + these hours) / hours_per_week⌉ weeks;
  borrow  for what is left: people outside the teams already at the level (a count; named
          to HR only), agreed by the start;
  buy     for what is still left: hires, whose vacancies open `fill_days` (the median time
          to fill, or 90 days without one) before the target date.
The **roadmap** lists those steps by date; the initiative is **ready by** a day when every
competency's people are in place by then (met now, built by then, borrowed, or hired by
then).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.advice import ladder_hours
from domain.models import Employee, Requirement
from domain.org import Org

# The soft skills any AI initiative needs besides its technical ones, by skill id; those in
# the framework are added (people must question a model's output, fix what it gets wrong,
# and change how they work).
SOFT_SKILLS = ("critical-thinking", "problem-solving", "change-management")
SOFT_LEVEL = 3
SOFT_IMPORTANCE = 3
SOFT_EVIDENCE = (
    "goes with adopting AI: questioning the output, fixing what it gets wrong, changing how "
    "people work"
)
CRITICAL = 4  # importance from which a competency needs two people
DEFAULT_FILL_DAYS = 90


def with_soft_skills(known: Collection[str], found: Sequence[Requirement]) -> list[Requirement]:
    """The competencies read from the text, and the soft skills that go with them (those of
    SOFT_SKILLS the framework has)."""
    have = {q.skill_id for q in found}
    extra = [
        Requirement(s, SOFT_LEVEL, SOFT_IMPORTANCE, True, SOFT_EVIDENCE, 1.0)
        for s in SOFT_SKILLS
        if s in known and s not in have
    ]
    return [*found, *extra]


def as_stored(requirements: Iterable[Requirement]) -> list[dict[str, Any]]:
    return [
        {
            "skill_id": q.skill_id,
            "level": q.level,
            "importance": q.importance,
            "people": people_needed(q.importance),
            "inferred": q.inferred,
            "evidence": q.evidence,
            "confidence": q.confidence,
            "soft": q.evidence == SOFT_EVIDENCE,  # added, not read from the text
        }
        for q in requirements
    ]


def people_needed(importance: int) -> int:
    return 2 if importance >= CRITICAL else 1


@dataclass(frozen=True)
class Competency:
    skill_id: str
    level: int
    importance: int
    people: int


def competencies(stored: Iterable[dict[str, Any]]) -> list[Competency]:
    return [
        Competency(
            c["skill_id"],
            int(c["level"]),
            int(c["importance"]),
            int(c.get("people") or people_needed(int(c["importance"]))),
        )
        for c in stored
    ]


def team_members(org: Org, teams: Iterable[str]) -> list[Employee]:
    wanted = set(teams)
    return sorted(
        (e for e in org.employees.values() if e.team in wanted), key=lambda e: e.employee_id
    )


def analyse(
    org: Org,
    stored: dict[str, Any],
    on: date,
    hours_per_week: float,
    fill_days: int | None,
) -> dict[str, Any]:
    """Coverage, gaps, build / buy / borrow and the roadmap of a stored initiative."""
    members = team_members(org, stored["teams"])
    inside = {e.employee_id for e in members}
    target = date.fromisoformat(stored["target"])
    weeks_left = max(0, (target - on).days // 7)
    fill = fill_days if fill_days is not None else DEFAULT_FILL_DAYS
    rows: list[dict[str, Any]] = []
    roadmap: list[dict[str, Any]] = []
    taken: set[tuple[str, str]] = set()  # (person, skill) already planned
    planned: dict[str, float] = {}  # catalogue hours already planned per person
    for c in sorted(
        competencies(stored["competencies"]), key=lambda c: (-c.importance, c.skill_id)
    ):
        levels = {e.employee_id: org.level(e.employee_id, c.skill_id) for e in members}
        meet = sorted(p for p, level in levels.items() if level >= c.level)
        gap = max(0, c.people - len(meet))
        row: dict[str, Any] = {
            "skill_id": c.skill_id,
            "name": org.skills[c.skill_id].name if c.skill_id in org.skills else c.skill_id,
            "category": org.skills[c.skill_id].category if c.skill_id in org.skills else "",
            "level": c.level,
            "importance": c.importance,
            "people": c.people,
            "meet": len(meet),
            "meet_ids": meet,
            "meet_people": [{"employee_id": p, "name": org.employees[p].name} for p in meet],
            "near": sum(1 for level in levels.values() if level == c.level - 1),
            "experts": sum(1 for level in levels.values() if level >= 4),
            "gap": gap,
            "build": [],
            "train": 0,  # how many are trained (the build list names them)
            "borrowable": 0,
            "borrowable_ids": [],
            "borrow": 0,
            "buy": 0,
            "advice": "covered" if not gap else "",
        }
        if gap:
            options = []
            for person in members:
                current = levels[person.employee_id]
                if current >= c.level or (person.employee_id, c.skill_id) in taken:
                    continue
                hours = ladder_hours(org, person.employee_id, c.skill_id, current, c.level)
                if hours is None:
                    continue
                # one course after another: what is already planned for them comes first
                total = planned.get(person.employee_id, 0.0) + hours
                weeks = math.ceil(total / hours_per_week) if total else 0
                if weeks <= weeks_left:
                    options.append((weeks, hours, -current, person.employee_id, person, current))
            options.sort(key=lambda o: o[:4])
            for weeks, hours, _, _, person, current in options[:gap]:
                taken.add((person.employee_id, c.skill_id))
                planned[person.employee_id] = planned.get(person.employee_id, 0.0) + hours
                ready = on + timedelta(weeks=weeks)
                row["build"].append(
                    {
                        "employee_id": person.employee_id,
                        "name": person.name,
                        "current": current,
                        "hours": round(hours, 1),
                        "ready_by": ready.isoformat(),
                    }
                )
                roadmap.append(
                    {
                        "on": ready.isoformat(),
                        "kind": "build",
                        "skill_id": c.skill_id,
                        "skill_name": row["name"],
                        "level": c.level,
                        "what": f"{person.name} reaches {row['name']} level {c.level} "
                        f"({round(hours, 1)} catalogue hours)",
                        "employee_id": person.employee_id,
                    }
                )
            left = gap - len(row["build"])
            outside = sorted(
                person
                for person, level in org.skill_holders(c.skill_id)
                if person not in inside and level >= c.level
            )
            row["borrowable"] = len(outside)
            row["borrowable_ids"] = outside
            row["borrow"] = min(left, len(outside))
            if row["borrow"]:
                roadmap.append(
                    {
                        "on": on.isoformat(),
                        "kind": "borrow",
                        "skill_id": c.skill_id,
                        "skill_name": row["name"],
                        "level": c.level,
                        "what": f"agree to borrow {row['borrow']} at {row['name']} level "
                        f"{c.level} from other teams",
                        "employee_id": None,
                    }
                )
            row["buy"] = left - row["borrow"]
            if row["buy"]:
                opens = max(on, target - timedelta(days=fill))
                roadmap.append(
                    {
                        "on": opens.isoformat(),
                        "kind": "buy",
                        "skill_id": c.skill_id,
                        "skill_name": row["name"],
                        "level": c.level,
                        "what": f"open {row['buy']} vacancy for {row['name']} level {c.level} "
                        f"({fill} days to fill before {target.isoformat()})"
                        if row["buy"] == 1
                        else f"open {row['buy']} vacancies for {row['name']} level {c.level} "
                        f"({fill} days to fill before {target.isoformat()})",
                        "employee_id": None,
                    }
                )
            row["train"] = len(row["build"])
            row["advice"] = "+".join(
                k
                for k, n in (
                    ("build", len(row["build"])),
                    ("borrow", row["borrow"]),
                    ("buy", row["buy"]),
                )
                if n
            )
        rows.append(row)
    need = sum(r["importance"] * r["people"] for r in rows)
    have = sum(r["importance"] * min(r["meet"], r["people"]) for r in rows)
    roadmap.sort(key=lambda step: (step["on"], step["kind"], step["skill_id"]))
    return {
        "as_of": on.isoformat(),
        "target": target.isoformat(),
        "teams": list(stored["teams"]),
        "members": len(members),
        "hours_per_week": hours_per_week,
        "fill_days": fill,
        "readiness": round(have / need, 4) if need else 1.0,
        "competencies": rows,
        "gaps": sum(1 for r in rows if r["gap"]),
        "roadmap": roadmap,
        "ready_by": ready_by(rows, roadmap, target),
    }


def ready_by(
    rows: list[dict[str, Any]], roadmap: list[dict[str, Any]], target: date
) -> dict[str, Any]:
    """The day every competency is in place following the roadmap, and whether that is in
    time for the target date. A hire is in place when its vacancy is filled (target day)."""
    if not any(r["gap"] for r in rows):
        return {"on": None, "in_time": True}
    days = [date.fromisoformat(step["on"]) for step in roadmap if step["kind"] == "build"]
    if any(r["buy"] for r in rows):
        days.append(target)
    last = max(days) if days else None
    return {"on": last.isoformat() if last else None, "in_time": last is None or last <= target}


def by_day(analysis: dict[str, Any], day: date) -> dict[str, Any]:
    """Whether the initiative is ready on `day` ("are we ready by June?"): per competency,
    the people in place then (met now, built by then, borrowed); hires count from the
    target date, the day their vacancies are due to be filled."""
    target = date.fromisoformat(analysis["target"])
    short = []
    for row in analysis["competencies"]:
        built = sum(1 for b in row["build"] if date.fromisoformat(b["ready_by"]) <= day)
        hired = row["buy"] if day >= target else 0
        in_place = row["meet"] + built + row["borrow"] + hired
        if in_place < row["people"]:
            short.append(
                {
                    "skill_id": row["skill_id"],
                    "name": row["name"],
                    "short": row["people"] - in_place,
                }
            )
    return {"day": day.isoformat(), "ready": not short, "short": short}
