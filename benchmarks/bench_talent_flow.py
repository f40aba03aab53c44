"""Talent-flow figures at scale: each figure's eight-quarter series over 100,000 people,
about 50,000 employment events and 20,000 vacancies, cold (first use builds the indexes)
and warm (the organisation held in memory, as a serving process holds it).

Usage: python benchmarks/bench_talent_flow.py [--employees 100000] [--vacancies 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date

from common import ROOT, synthetic_org

from core.settings import Settings
from domain.kpis import skill_progress
from domain.org import Org
from domain.synthetic import generate_history
from domain.talent_flow import (
    FlowSettings,
    Scope,
    TopTechnologists,
    internal_fill_rate,
    leavers,
    open_vacancies,
    quarter_ends_through,
    retention,
    series,
    time_to_fill,
)

AS_OF = date(2026, 11, 22)


def timed(call, repeats: int = 3) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(first, median of the next `repeats`) seconds."""
    started = time.perf_counter()
    call()
    first = time.perf_counter() - started
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return first, statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    args = parser.parse_args()
    assert ROOT.exists()
    gen, _ = synthetic_org(args.employees, resources=False)
    generate_history(gen, vacancies=args.vacancies, as_of=AS_OF)
    print(
        f"cpus={os.cpu_count()} employees={len(gen.employees):,} "
        f"events={len(gen.events):,} vacancies={len(gen.vacancies):,} "
        f"assertions={len(gen.assertions):,}"
    )
    settings = Settings()
    started = time.perf_counter()
    org = Org.build(
        gen.skills,
        gen.roles,
        gen.employees,
        gen.assertions,
        gen.resources,
        as_of=AS_OF,
        stale_after_months=settings.stale_after_months,
        vacancies=gen.vacancies,
        events=gen.events,
    )
    print(
        f"organisation on {AS_OF} built in {time.perf_counter() - started:.2f} s: "
        f"{len(org.employees):,} employed, {len(org.flow.people) - len(org.employees):,} former"
    )
    flow = org.flow
    top = TopTechnologists(
        settings.top_technologist_level, tuple(settings.top_technologist_categories)
    )
    days = quarter_ends_through(AS_OF, 8)
    window, minimum = settings.flow_window_months, settings.min_group_size
    figures = {
        "time to fill": lambda: [time_to_fill(flow, d, window) for d in days],
        "open vacancies": lambda: [open_vacancies(flow, d, 90) for d in days],
        "internal fill": lambda: [internal_fill_rate(flow, d, window) for d in days],
        "retention": lambda: [retention(flow, d, window, top, minimum) for d in days],
        "leavers": lambda: [leavers(flow, d, window, minimum) for d in days],
        "retention, one department": lambda: [
            retention(flow, d, window, top, minimum, Scope(department="Engineering")) for d in days
        ],
        "mean readiness (skill progress)": lambda: skill_progress(org, days),
        "all figures (series)": lambda: series(
            flow, AS_OF, 8, FlowSettings(window, 90, top), minimum, Scope()
        ),
    }
    print("eight-quarter series, seconds: first call (builds indexes) / warm (median of 3)")
    for name, call in figures.items():
        first, warm = timed(call)
        print(f"  {name:28s} {first:6.2f} / {warm:6.2f}")


if __name__ == "__main__":
    main()
