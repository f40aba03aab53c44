"""A target's status from its series, worked out by hand; the figures laid side by side."""

from __future__ import annotations

from datetime import date

import pytest

from domain.scorecard import (
    Direction,
    Target,
    assemble,
    meets,
    owner_problem,
    quarter_end,
    status,
    trend,
)

Q = [date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]


def target(
    value: float, direction: Direction = Direction.AT_MOST, due: date = date(2027, 6, 30)
) -> Target:
    return Target("t1", "time_to_fill_median_days", value, direction, due, "E048", "E001")


def test_meets_in_either_direction() -> None:
    assert meets(60, target(60)) and not meets(61, target(60))
    assert meets(0.9, target(0.9, Direction.AT_LEAST)) and not meets(
        0.89, target(0.9, Direction.AT_LEAST)
    )


def test_the_trend_is_the_least_squares_line() -> None:
    # 100, 90, 80, 70 over four quarter ends (90, 91, 92 days apart): about -0.11 a day
    slope, _intercept = trend(list(zip(Q, [100.0, 90.0, 80.0, 70.0], strict=True))) or (0, 0)
    assert slope == pytest.approx(-30 / 273, rel=0.01)
    assert trend([(Q[0], 5.0)]) is None


@pytest.mark.parametrize(
    ("values", "goal", "expected"),
    [
        ([100, 90, 80, 58], 60, "met"),  # the latest meets it
        # falling ~10 days a quarter from 70: about 30 by mid-2027, well under 60
        ([100, 90, 80, 70], 60, "on_track"),
        # flat at about 74: the trend stays near 73.6, 22% above 60
        ([74, 75, 73, 74], 60, "off_track"),
        ([66, 66, 65, 65], 60, "at_risk"),  # ~63.6 by the due date: 6% short
    ],
)
def test_status_from_the_trend(values: list[float], goal: float, expected: str) -> None:
    found = status(list(zip(Q, values, strict=True)), target(goal), date(2026, 11, 22))
    assert found["status"] == expected, found


def test_a_passed_date_unmet_is_off_track_and_no_value_is_at_risk() -> None:
    passed = target(60, due=date(2026, 6, 30))
    assert status([(Q[0], 80.0), (Q[3], 70.0)], passed, date(2026, 11, 22))["status"] == "off_track"
    assert status([(Q[0], None)], target(60), date(2026, 11, 22))["status"] == "at_risk"


def test_owners_come_one_from_each_side() -> None:
    departments = {"E048": "HR", "E001": "IT"}
    assert owner_problem("E048", departments, ["HR"], "HR") is None
    assert "not HR" in (owner_problem("E001", departments, ["HR"], "HR") or "")
    assert "unknown employee" in (owner_problem("E999", departments, ["HR"], "HR") or "")
    assert "needs one IT owner" in (owner_problem(None, departments, ["IT"], "IT") or "")


def test_quarter_labels() -> None:
    assert quarter_end("2026Q3") == date(2026, 9, 30) and quarter_end("2025Q4") == date(
        2025, 12, 31
    )
    with pytest.raises(ValueError):
        quarter_end("2026-Q3")


def test_assemble_lays_out_computed_and_recorded_figures_with_their_targets() -> None:
    computed = [
        {"quarter": "2026Q2", "as_of": "2026-06-30", "time_to_fill_median_days": 67.0},
        {"quarter": "2026Q3", "as_of": "2026-09-30", "time_to_fill_median_days": 74.0},
    ]
    recorded = [
        {"series": "engagement", "quarter": "2026Q2", "value": 0.70, "unit": "share",
         "title": "Engagement", "direction": "at_least"},
        {"series": "engagement", "quarter": "2026Q3", "value": 0.72, "unit": "share",
         "title": "Engagement", "direction": "at_least"},
    ]  # fmt: skip
    figures = {
        f["name"]: f
        for f in assemble(computed, recorded, [target(60)], date(2026, 11, 22), {"E048": "Sarah"})
    }
    ttf = figures["time_to_fill_median_days"]
    assert (ttf["latest"], ttf["previous"], ttf["change"]) == (74.0, 67.0, 7.0)
    assert ttf["targets"][0]["hr_owner_name"] == "Sarah"
    assert ttf["targets"][0]["status"] == "off_track"  # rising, away from 60
    assert figures["engagement"]["recorded"] and figures["engagement"]["change"] == 0.02


def test_learning_hours_are_counted_by_the_day_an_action_was_done() -> None:
    from domain.scorecard import learning_hours

    plans = [
        {"status": "in_progress", "actions": [
            {"done": True, "done_on": "2026-08-10", "hours": 12},
            {"done": True, "done_on": "2025-08-10", "hours": 30},  # before the window
            {"done": False, "hours": 8},
        ]},
        {"status": "draft", "actions": [{"done": True, "done_on": "2026-08-10", "hours": 99}]},
        {"status": "completed", "actions": [{"done": True, "done_on": "2026-09-30", "hours": 4.5}]},
    ]  # fmt: skip
    assert learning_hours(plans, date(2025, 9, 30), date(2026, 9, 30)) == 16.5
