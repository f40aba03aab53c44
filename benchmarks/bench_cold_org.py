"""Eight first requests at once, at 100,000 people: the organisation is loaded once, not
once per waiting request. Compares, in fresh server processes on the same store, one first
request alone with eight arriving together: the latency of each and the peak memory.

Usage: python benchmarks/bench_cold_org.py [--employees 100000] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import hr_key

ROOT = Path(__file__).resolve().parents[1]


def _talent(argv: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "cli.main", *argv],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def _serve_and_ask(clients: int, key: str, people: list[str]) -> None:
    """In this (fresh) process: start the API, send `clients` first requests at once."""
    import httpx
    import uvicorn

    from api.main import create_app
    from core.settings import get_settings

    app = create_app(get_settings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    took: list[float] = []
    barrier = threading.Barrier(clients)

    def first_request(employee_id: str) -> None:
        barrier.wait()
        started = time.perf_counter()
        r = httpx.get(
            f"http://127.0.0.1:{port}/v1/employees/{employee_id}/gaps",
            headers={"Authorization": f"Bearer {key}"},
            timeout=900,
        )
        r.raise_for_status()
        took.append(time.perf_counter() - started)

    threads = [threading.Thread(target=first_request, args=(p,)) for p in people[:clients]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.should_exit = True
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": sorted(took), "rss_before_mib": before, "peak_mib": peak}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        clients, key, people = json.loads(args.step)
        _serve_and_ask(clients, key, people)
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TALENT_HOME": f"{tmp}/var", "TALENT_EMBEDDER": "hash"}
        folder = f"{tmp}/org"
        _talent(["generate", "--employees", str(args.employees), "--seed", "1", folder], env)
        _talent(["load", "--no-index", folder], env)
        key = hr_key(env)
        with open(f"{folder}/employees.csv") as handle:
            people = [line.split(",")[0] for line in handle.readlines()[1 : 1 + args.clients]]
        results = {}
        for clients in (1, args.clients):
            out = subprocess.run(
                [sys.executable, __file__, "--step", json.dumps([clients, key, people])],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            results[clients] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"cpus={os.cpu_count()} employees={args.employees:,} (fresh server process each)")
    for clients, r in results.items():
        s = r["seconds"]
        print(
            f"{clients} first request(s) at once: slowest {max(s):6.1f} s, "
            f"fastest {min(s):6.1f} s; "
            f"peak RSS {r['peak_mib']:6.0f} MiB (before the requests {r['rss_before_mib']:.0f})"
        )
    one, many = results[1], results[args.clients]
    print(
        f"slowest of {args.clients} / one alone: {max(many['seconds']) / one['seconds'][0]:.2f}x; "
        f"peak memory ratio {many['peak_mib'] / one['peak_mib']:.2f}x"
    )


if __name__ == "__main__":
    main()
