"""Department and organisation gap figures at scale (the views HR opens most).

Usage: python benchmarks/bench_groups.py [--employees 100000] [--skills 500] [--repeat 5]
Prints the first call (which builds the org's level matrix) and p50/p95 of warm calls to
`team_gaps` for every department and for the whole organisation, AI-only and all skills.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

from common import synthetic_org

from core.settings import Settings
from services import insights_for


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--skills", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gen, org = synthetic_org(args.employees, args.skills)
    insights = insights_for(org, Settings())
    departments = sorted({e.department for e in gen.employees})
    print(
        f"cpus={os.cpu_count()} employees={len(gen.employees):,} skills={len(gen.skills)} "
        f"departments={len(departments)} assertions={len(gen.assertions):,}"
    )
    started = time.perf_counter()
    insights.team_gaps(department=departments[0])
    print(f"first department call (cold)     {time.perf_counter() - started:8.3f} s")
    timings: list[float] = []
    for _ in range(args.repeat):
        for department in departments:
            for ai_only in (False, True):
                started = time.perf_counter()
                insights.team_gaps(department=department, ai_only=ai_only)
                timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"department gaps (warm, {len(timings)} calls): p50 {statistics.median(timings):.3f} s, "
        f"p95 {p95:.3f} s, max {timings[-1]:.3f} s"
    )
    whole = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        insights.team_gaps()
        whole.append(time.perf_counter() - started)
    whole.sort()
    print(
        f"organisation gaps (warm, {len(whole)} calls): p50 {statistics.median(whole):.3f} s, "
        f"max {whole[-1]:.3f} s"
    )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
