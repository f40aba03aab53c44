"""AI initiatives at scale: 100,000 generated people and an initiative naming teams of
thousands. Times the analysis a request reads (coverage, build / buy / borrow with the
catalogue's ladders, the roadmap) for the sample's support copilot competencies.

Usage: python benchmarks/bench_initiatives.py [--employees 100000]
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from datetime import date

from common import ROOT, synthetic_org

from domain.initiatives import analyse, by_day
from ingest.initiatives import competencies_of, read_initiatives
from retrieval.embeddings import get_embedder
from retrieval.normalise import SkillNormaliser


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    args = parser.parse_args()
    _, org = synthetic_org(args.employees, resources=True)
    teams = Counter(e.team for e in org.employees.values())
    [item] = read_initiatives(ROOT / "data" / "sample", {"Service Desk", "ML"})
    normaliser = SkillNormaliser(list(org.skills.values()), get_embedder("hash"))
    needs = competencies_of(item.description, normaliser, set(org.skills))
    print(f"cpus={os.cpu_count()} employees={len(org.employees):,} competencies={len(needs)}")
    it_teams = sorted(t for t in teams if t.startswith("IT"))
    for count in (1, 10, 100, 1_000):
        named = it_teams[:count]
        stored = {"target": "2027-06-30", "teams": named, "competencies": needs}
        times = []
        for _ in range(2):  # the first reads the members' levels cold
            started = time.perf_counter()
            data = analyse(org, stored, date(2026, 11, 22), 4.0, 77)
            by_day(data, date(2027, 3, 31))
            times.append(time.perf_counter() - started)
        print(
            f"{len(named):,} teams ({data['members']:,} people): analysis {times[0]:.2f} s "
            f"cold, {times[1]:.2f} s warm; {data['gaps']} gaps, {len(data['roadmap'])} steps"
        )


if __name__ == "__main__":
    main()
