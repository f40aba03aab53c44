"""Gap analytics at scale: the org-wide matrix and one person's gaps + plan.

Usage: python benchmarks/bench_analytics.py [--employees 100000] [--skills 500]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date
from pathlib import Path

import numpy as np

from agent.access import Caller, CallerRole
from agent.capabilities import CATALOGUE
from agent.suggestions import Facts
from core.settings import Settings
from domain.matrix import current_matrix, gap_matrix, role_matrices, to_arrays
from domain.org import Org
from domain.synthetic import generate_org
from ingest.native_folder import read_native_folder
from services import insights_for
from storage.bundle import ExistingState

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--skills", type=int, default=500)
    parser.add_argument("--people", type=int, default=200, help="people timed for gaps + plan")
    args = parser.parse_args()
    base = read_native_folder(ROOT / "data" / "sample", ExistingState())
    started = time.perf_counter()
    gen = generate_org(
        base.skills or [],
        base.roles or [],
        base.resources or [],
        args.employees,
        seed=1,
        n_skills=args.skills,
    )
    print(
        f"cpus={os.cpu_count()} employees={len(gen.employees):,} skills={len(gen.skills)} "
        f"roles={len(gen.roles)} assertions={len(gen.assertions):,} "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )

    employees = {e.employee_id: i for i, e in enumerate(gen.employees)}
    skills = {s.skill_id: j for j, s in enumerate(gen.skills)}
    roles = {r.role_id: i for i, r in enumerate(gen.roles)}
    started = time.perf_counter()
    arrays = to_arrays(gen.assertions, employees, skills)
    role_of = np.array([roles.get(e.role_id or "", len(gen.roles)) for e in gen.employees])
    required, importance = role_matrices(gen.roles, skills)
    print(f"to arrays (once per load)        {time.perf_counter() - started:8.3f} s")

    runs = []
    for _ in range(5):
        started = time.perf_counter()
        current = current_matrix(arrays, len(employees), len(skills), AS_OF.toordinal())
        matrix = gap_matrix(current, role_of, required, importance)
        runs.append(time.perf_counter() - started)
    median = statistics.median(runs)
    print(
        f"org gap matrix {len(employees):,} x {len(skills)}: median {median:.3f} s, "
        f"max {max(runs):.3f} s over 5 runs (levels + gaps + priority + readiness)"
    )
    print(
        f"  mean readiness {np.nanmean(matrix.readiness):.3f}, "
        f"cells with a gap {(matrix.gap > 0).sum():,}"
    )

    started = time.perf_counter()
    org = Org.build(
        gen.skills,
        gen.roles,
        gen.employees,
        gen.assertions,
        gen.resources,
        AS_OF,
        stale_after_months=Settings().stale_after_months,
    )
    org.skill_holders("python")  # builds the mentor index once
    print(f"warm-up: org index + mentor index {time.perf_counter() - started:8.1f} s")
    insights = insights_for(org, Settings())
    rng = random.Random(3)
    sample = rng.sample([e.employee_id for e in gen.employees if e.role_id], args.people)
    timings = []
    for employee_id in sample:
        started = time.perf_counter()
        insights.gaps(employee_id)
        insights.plan(employee_id, weeks=12, hours_per_week=4)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"one person's gaps + plan (warm, {len(timings)} people): "
        f"p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"
    )

    # Suggestions: what fills the placeholders for one caller (the planner then reads about
    # 20 short questions, independent of the organisation's size).
    manager = next(e.manager_id for e in gen.employees if e.manager_id)
    callers = {
        "hr": Caller(CallerRole.HR, None, "hr"),
        "manager": Caller(CallerRole.MANAGER, manager, "m"),
        "employee": Caller(CallerRole.EMPLOYEE, sample[0], "e"),
        "evaluator": Caller(CallerRole.EVALUATOR, None, "ev"),
    }
    templates = [t for c in CATALOGUE.values() for t in c.suggest]
    for name, caller in callers.items():
        started = time.perf_counter()
        facts = Facts(org, caller, Settings().min_group_size)
        filled = [facts.fill(t) for t in templates]
        took = (time.perf_counter() - started) * 1000
        print(
            f"suggestion facts for {name:9} {took:8.1f} ms "
            f"({sum(f is not None for f in filled)} of {len(templates)} templates filled)"
        )


if __name__ == "__main__":
    main()
