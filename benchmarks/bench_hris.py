"""Re-importing an HRIS export at 100,000 people: the organisation is loaded from native
files, then a BambooHR-style export of the same people (data/hris/bamboohr/mapping.yaml)
is imported as it is, and again with 1 % of its rows changed (a new team, a new title, a
leaver), through `Services.import_hris` as `talent import hris` runs it.

Usage: python benchmarks/bench_hris.py [--employees 100000] [--changed 0.01]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import tempfile
import time

import yaml
from common import ROOT, generated_home

MAPPING = ROOT / "data" / "hris" / "bamboohr" / "mapping.yaml"
HEADER = [
    *("Employee #", "First Name", "Last Name", "Work Email", "Division", "Department"),
    *("Job Title", "Supervisor EID", "Hire Date", "Termination Date", "Termination Type"),
]


def _export(folder: str, changed: float, seed: int = 7) -> tuple[bytes, int]:
    """The generated people as a BambooHR report; `changed` of the rows altered."""
    with open(f"{folder}/roles.yaml", encoding="utf-8") as handle:
        titles = {r["role_id"]: r["title"] for r in yaml.safe_load(handle)}
    with open(f"{folder}/employees.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    teams = sorted({r["team"] for r in rows})
    chosen = set(random.Random(seed).sample(range(len(rows)), int(len(rows) * changed)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i, r in enumerate(rows):
        first, _, last = r["name"].partition(" ")
        team, title, left, why = r["team"], titles.get(r["role_id"], ""), "", ""
        if i in chosen:
            kind = i % 3
            if kind == 0:
                team = teams[(teams.index(team) + 1) % len(teams)]
            elif kind == 1:
                title = titles[sorted(titles)[i % len(titles)]]
            else:
                left, why = "2026-11-20", "Resignation (Voluntary)"
        person = [r["employee_id"], first, last, r["email"], r["department"], team, title]
        writer.writerow([*person, r["manager_id"], r["hire_date"], left, why])
    return out.getvalue().encode(), len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--changed", type=float, default=0.01)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env, folder = generated_home(tmp, args.employees)
        os.environ.update(env)
        from services import Services

        services = Services.from_settings()
        mapping = MAPPING.read_text(encoding="utf-8")
        same, _ = _export(folder, 0.0)
        altered, n = _export(folder, args.changed)

        def run(content: bytes, dry_run: bool) -> tuple[float, dict]:  # type: ignore[type-arg]
            started = time.perf_counter()
            report = services.import_hris(content, "report.csv", mapping, "mapping.yaml", dry_run)
            return time.perf_counter() - started, report

        started = time.perf_counter()
        services.org()  # a serving process holds the organisation
        loaded = time.perf_counter() - started
        first, report = run(same, False)
        again, _ = run(same, False)
        dry, dry_report = run(altered, True)
        real, real_report = run(altered, False)
        started = time.perf_counter()
        services.org()  # the next request: the changed people updated, not everyone reloaded
        updated = time.perf_counter() - started
    print(f"cpus={os.cpu_count()} employees={args.employees:,} export rows={report['rows']:,}")
    print(f"first import of the export (mirrors the load):   {first:6.1f} s  {report['records']}")
    print(f"the same export again (nothing changes):         {again:6.1f} s")
    print(f"{n:,} rows changed, --dry-run:                   {dry:6.1f} s  {dry_report['records']}")
    print(
        f"{n:,} rows changed, written:                     {real:6.1f} s  {real_report['records']}"
    )
    print(f"the organisation, loaded whole:                  {loaded:6.1f} s")
    print(f"the organisation after the import (updated):     {updated:6.1f} s")


if __name__ == "__main__":
    main()
