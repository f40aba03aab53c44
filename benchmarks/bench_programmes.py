"""Cross-training at scale: 100,000 generated people, and a programme between their HR and
IT departments with a growing number of people opted in. Times drafting the tracks, pairing
(every cross pair scored as two matrix products; each person's best 50 partners weighed)
and the whole programme view a request reads.

Usage: python benchmarks/bench_programmes.py [--employees 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter
from datetime import date

from common import synthetic_org

from domain.programmes import default_track, draft_tracks, pair_up, programme_view


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    args = parser.parse_args()
    _, org = synthetic_org(args.employees, resources=True)
    departments = Counter(e.department for e in org.employees.values())
    print(f"cpus={os.cpu_count()} employees={len(org.employees):,} departments={dict(departments)}")
    started = time.perf_counter()
    tracks = draft_tracks(org, "HR", "IT")
    print(f"draft the two tracks: {(time.perf_counter() - started) * 1000:.0f} ms")
    domain_tracks = {"HR": default_track(org, "HR", "IT"), "IT": default_track(org, "IT", "HR")}
    hr = sorted(e for e, p in org.employees.items() if p.department == "HR")
    it = sorted(e for e, p in org.employees.items() if p.department == "IT")
    rng = random.Random(5)
    for each in (100, 1_000, 5_000):
        chosen = rng.sample(hr, min(each, len(hr))) + rng.sample(it, min(each, len(it)))
        started = time.perf_counter()
        pairs = pair_up(org, domain_tracks, chosen, limit=2)
        paired = time.perf_counter() - started
        stored = {
            "programme_id": "PRG-bench",
            "title": "bench",
            "departments": ["HR", "IT"],
            "starts": "2027-01-01",
            "ends": "2027-03-31",
            "status": "approved",
            "tracks": tracks,
            "participants": [
                {"employee_id": e, "joined_on": date(2026, 11, 1).isoformat(), "left_on": None,
                 "recorded_by": "", "done": {}}
                for e in chosen
            ],
        }  # fmt: skip
        started = time.perf_counter()
        programme_view(org, stored, limit=2)
        viewed = time.perf_counter() - started
        started = time.perf_counter()
        programme_view(org, stored, limit=2)  # the pairs are kept with the organisation
        again = time.perf_counter() - started
        print(
            f"{each:,} + {each:,} opted in: {len(pairs):,} pairs in {paired:.2f} s; "
            f"the programme view {viewed:.2f} s, then {again:.2f} s"
        )


if __name__ == "__main__":
    main()
