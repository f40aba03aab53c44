"""Generate a large organisation and load it: wall time and peak memory of each step.

Usage: python benchmarks/bench_load.py [--employees N] [--skills K]
Each step runs in its own process so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _step(argv: list[str]) -> None:
    """Run one `talent` command in this process and print seconds and peak RSS as JSON."""
    from typer.main import get_command

    from cli.main import app

    started = time.perf_counter()
    try:
        get_command(app).main(argv, standalone_mode=False)
    finally:
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_mib}))


def _run(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", json.dumps(argv)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--skills", type=int, default=None)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _step(json.loads(args.step))
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TALENT_HOME": f"{tmp}/var", "COLUMNS": "200"}
        folder = f"{tmp}/org"
        gen = ["generate", "--employees", str(args.employees), "--seed", "1", folder]
        if args.skills:
            gen[1:1] = ["--skills", str(args.skills)]
        results = {
            "generate": _run(gen, env),
            "load (empty store)": _run(["load", "--no-index", folder], env),
            "reload (unchanged)": _run(["load", "--no-index", folder], env),
        }
        with open(f"{folder}/employees.csv") as handle:
            someone = handle.readlines()[50]
        # Erasure rewrites the whole database (VACUUM) and rebuilds the index: its cost
        # grows with the store, not with the person.
        results["erase one person"] = _run(["forget", "employee", someone.split(",")[0]], env)
        with open(f"{folder}/employee_skills.csv") as handle:
            rows = sum(1 for _ in handle) - 1
    print(f"cpus={os.cpu_count()} employees={args.employees:,} assertions={rows:,}")
    for name, r in results.items():
        print(f"{name:<20} {r['seconds']:8.1f} s   peak {r['peak_mib']:7.0f} MiB")


if __name__ == "__main__":
    main()
