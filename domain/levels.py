"""A person's current level in a skill, from possibly conflicting assertions.

The most trusted source wins (assessment > certification > manager > peer > self);
among equally trusted ones the latest. The assertion used is kept, so every number
can say where it came from. Old assertions are flagged stale, never dropped: a stale
assessment still beats a fresh self-rating, but a reader should see that it is old.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.models import SOURCE_TRUST, SkillAssertion, Source


@dataclass(frozen=True, slots=True)
class CurrentLevel:
    skill_id: str
    level: int
    source: Source
    assessed_on: date
    evidence: str
    stale: bool


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (clamped to the month's end)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_stale(assessed_on: date, as_of: date, stale_after_months: int) -> bool:
    return assessed_on < months_before(as_of, stale_after_months)


def _precedence(assertion: SkillAssertion) -> tuple[int, date]:
    return SOURCE_TRUST[assertion.source], assertion.assessed_on


def current_levels(
    assertions: Iterable[SkillAssertion], as_of: date, stale_after_months: int
) -> dict[str, CurrentLevel]:
    """skill_id -> the level that counts, with the assertion behind it."""
    best: dict[str, SkillAssertion] = {}
    for assertion in assertions:
        if assertion.assessed_on > as_of:
            continue  # not yet true on the day asked about
        held = best.get(assertion.skill_id)
        if held is None or _precedence(assertion) > _precedence(held):
            best[assertion.skill_id] = assertion
    return {
        skill_id: CurrentLevel(
            skill_id=skill_id,
            level=a.level,
            source=a.source,
            assessed_on=a.assessed_on,
            evidence=a.evidence,
            stale=is_stale(a.assessed_on, as_of, stale_after_months),
        )
        for skill_id, a in best.items()
    }
