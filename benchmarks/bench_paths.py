"""Career paths at scale: an ESCO-sized framework (13,900 skills, about 2,300 roles),
100,000 people and their hiring, moving and leaving. Times building every path once per
organisation (the first request after a load), a person's three next roles (every role
weighed against their levels) and a role's page (paths both ways and movements).

Usage: python benchmarks/bench_paths.py [--employees 100000] [--skills 13900]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date

from common import synthetic_org

from core.settings import Settings
from domain.insights import Insights
from domain.org import Org
from domain.synthetic import generate_history
from services import insights_for

AS_OF = date(2026, 11, 22)


def median_ms(call, items: list[str]) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for item in items:
        started = time.perf_counter()
        call(item)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--skills", type=int, default=13_900)
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    gen, _ = synthetic_org(args.employees, skills=args.skills, resources=False)
    generate_history(gen, vacancies=0, as_of=AS_OF)
    org = Org.build(
        gen.skills,
        gen.roles,
        gen.employees,
        gen.assertions,
        gen.resources,
        AS_OF,
        stale_after_months=Settings().stale_after_months,
        events=gen.events,
    )
    insights: Insights = insights_for(org, Settings())
    print(
        f"cpus={os.cpu_count()} employees={len(org.employees):,} roles={len(org.roles):,} "
        f"skills={len(org.skills):,} events={len(gen.events):,}"
    )
    rng = random.Random(3)
    people = rng.sample(sorted(org.employees), args.samples)
    roles = rng.sample(sorted(r for r in org.roles if org.roles[r].requirements), args.samples)
    started = time.perf_counter()
    paths = insights.career_paths()
    print(f"build every path index: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    paths.next_roles(people[0])
    print(f"first next roles (levels cold): {(time.perf_counter() - started) * 1000:.0f} ms")
    print(
        f"next roles, median of {args.samples} people: {median_ms(paths.next_roles, people):.0f} ms"
    )
    print(
        f"a role's page, median of {args.samples} roles: {median_ms(paths.role_flow, roles):.0f} ms"
    )


if __name__ == "__main__":
    main()
