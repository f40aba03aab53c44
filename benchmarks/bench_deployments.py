"""The two deployments side by side, in one run, under the same mixed load:

  (a) one worker on SQLite and the embedded Chroma (the default, `make run`);
  (b) two workers on PostgreSQL and a `chroma run` server (tests/support/postgres.py
      starts a throw-away cluster; nothing is left running).

Load: N clients (16) for S seconds (60) each, bounded, from a second process on loopback:
half chat questions (the few shapes people ask, about many people, roles, skills, teams),
half REST reads (a person's gaps, a team's gaps, candidates, mentors, search, a profile).
Reports p50/p95/max latency, requests per second and errors for each deployment.

Usage: python benchmarks/bench_deployments.py [--clients 16] [--seconds 60] [--only a|b]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from common import QUESTIONS, ROOT, free_port, hr_key, wait_ready

from tests.support.postgres import postgres_server
from tests.support.servers import start_chroma_server

ROLE_IDS = ["senior-data-engineer", "ml-engineer", "data-scientist", "site-reliability-engineer"]
TEAMS = ["Platform", "Data", "Security", "Service%20Desk"]
EMPLOYEES = [f"E{n:03d}" for n in range(1, 67)]
READS = (
    [f"/v1/employees/{e}/gaps?role_id={r}" for e in EMPLOYEES[::4] for r in ROLE_IDS]
    + [f"/v1/teams/{t}/gaps" for t in TEAMS]
    + [f"/v1/roles/{r}/candidates" for r in ROLE_IDS]
    + [f"/v1/mentors?skill={s}&level=3" for s in ("spark", "kubernetes", "python")]
    + [f"/v1/search?q={q}&top=5" for q in ("spark pipelines", "ticket triage", "cloud costs")]
    + [f"/v1/employees/{e}" for e in EMPLOYEES[::3]]
)


def load(url: str, key: str, clients: int, seconds: float) -> dict[str, float]:
    """`clients` closed-loop clients for `seconds`; latencies in ms."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        pick = random.Random(seed)
        with httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30
        ) as http:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    if pick.random() < 0.5:
                        r = http.post("/v1/chat", json={"message": pick.choice(QUESTIONS)})
                    else:
                        r = http.get(pick.choice(READS))
                    ok = r.status_code == 200
                    detail = f"{r.status_code} {r.request.url.path}"
                except httpx.HTTPError as exc:
                    ok, detail = False, repr(exc)
                took = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(detail)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    if errors:
        print(f"  errors: {len(errors)}, first: {errors[:3]}")
    return {
        "requests": len(latencies),
        "p50": latencies[len(latencies) // 2],
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "max": latencies[-1],
        "rps": len(latencies) / elapsed,
        "errors": len(errors),
    }


@contextmanager
def serving(env: dict[str, str], workers: int, logs: Path) -> Iterator[str]:
    talent = str(Path(sys.executable).parent / "talent")
    port = free_port()
    log = (logs / f"serve-{port}.log").open("wb")
    server = subprocess.Popen(
        [talent, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def deployment(name: str, env: dict[str, str], workers: int, args: argparse.Namespace) -> None:
    talent = str(Path(sys.executable).parent / "talent")
    subprocess.run(
        [talent, "load", "data/sample"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    key = hr_key(env)
    with serving(env, workers, Path(env["TALENT_HOME"])) as url:
        # Every worker warm (its model, organisation and search snapshot): a connection
        # stays with one worker, so several connections, each asking a few things.
        for i in range(4 * workers):
            with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as warm:
                for q in QUESTIONS[i :: 4 * workers][:3]:
                    warm.post("/v1/chat", json={"message": q}, timeout=60).raise_for_status()
                for path in READS[i :: 4 * workers][:3]:
                    warm.get(path, timeout=60).raise_for_status()
        r = load(url, key, args.clients, args.seconds)
    print(
        f"{name}: {args.clients} clients × {args.seconds:.0f} s, {r['requests']:.0f} requests: "
        f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms, "
        f"{r['rps']:.1f} req/s, {r['errors']:.0f} errors",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=["a", "b"])
    args = parser.parse_args()
    print(f"cpus={os.cpu_count()}, mix: {len(QUESTIONS)} questions, {len(READS)} reads")
    base = {
        **os.environ,
        "TALENT_RATE_LIMIT_PER_MINUTE": "10000000",
        "TALENT_AS_OF": "2026-11-22",
        "TALENT_LOG_LEVEL": "WARNING",
        "HF_HUB_OFFLINE": "1",
    }
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        if args.only in (None, "a"):
            home = Path(tmp) / "a"
            home.mkdir()
            deployment(
                "(a) 1 worker, SQLite + embedded Chroma",
                {**base, "TALENT_HOME": str(home)},
                1,
                args,
            )
        if args.only in (None, "b"):
            postgres = stack.enter_context(postgres_server())
            chroma = start_chroma_server(Path(tmp) / "chroma", Path(tmp) / "logs")
            stack.callback(chroma.stop)
            home = Path(tmp) / "b"
            home.mkdir()
            env = {
                **base,
                "TALENT_HOME": str(home),
                "TALENT_DATABASE_URL": postgres.url(postgres.create_database()),
                "TALENT_CHROMA_URL": chroma.url,
            }
            deployment("(b) 2 workers, PostgreSQL + Chroma server", env, 2, args)


if __name__ == "__main__":
    main()
