"""Which assertion sets a person's current level (domain/levels.py), on the hand-made org in
tests/support/handmade_org.py. Expected values are worked out by hand."""

from __future__ import annotations

from datetime import date

from domain.levels import current_levels, is_stale, months_before
from domain.models import Source
from tests.support.handmade_org import (
    AS_OF,
    ASSERTIONS,
    STALE_AFTER_MONTHS,
)


def test_most_trusted_source_wins_even_when_older_and_stale() -> None:
    levels = current_levels(
        [a for a in ASSERTIONS if a.employee_id == "B"], AS_OF, STALE_AFTER_MONTHS
    )
    assert levels["py"].level == 2  # assessment 2 beats a newer self-rating of 4
    assert levels["py"].source is Source.ASSESSMENT
    assert levels["py"].assessed_on == date(2024, 1, 10)
    assert levels["py"].stale is True


def test_among_equal_sources_the_latest_wins() -> None:
    levels = current_levels(
        [a for a in ASSERTIONS if a.employee_id == "B"], AS_OF, STALE_AFTER_MONTHS
    )
    assert (levels["spark"].level, levels["spark"].assessed_on) == (3, date(2025, 6, 1))
    assert levels["spark"].stale is False


def test_full_precedence_order() -> None:
    from domain.models import SkillAssertion

    day = date(2026, 1, 1)
    rows = [
        SkillAssertion("X", "py", lvl, src, day)
        for lvl, src in [
            (1, Source.SELF),
            (2, Source.PEER),
            (3, Source.MANAGER),
            (4, Source.CERTIFICATION),
        ]
    ]
    assert current_levels(rows, AS_OF, STALE_AFTER_MONTHS)["py"].level == 4
    assert current_levels(rows[:3], AS_OF, STALE_AFTER_MONTHS)["py"].level == 3
    assert current_levels(rows[:2], AS_OF, STALE_AFTER_MONTHS)["py"].level == 2


def test_future_assertions_are_ignored() -> None:
    assert "ml" not in current_levels(
        [a for a in ASSERTIONS if a.employee_id == "E"], AS_OF, STALE_AFTER_MONTHS
    )


def test_staleness_boundary_is_calendar_months() -> None:
    assert months_before(date(2026, 11, 22), 24) == date(2024, 11, 22)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert is_stale(date(2024, 11, 21), AS_OF, 24) is True
    assert is_stale(date(2024, 11, 22), AS_OF, 24) is False
    assert is_stale(date(2025, 11, 21), AS_OF, 12) is True
