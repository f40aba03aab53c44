"""SCIM provisioning at 100,000 people: how long one user's change takes to answer, and how
long the next request (an HR read of that person) takes to see it, against a serving
process that holds the organisation. Before per-person changes, any data change cost the
next request a reload of everyone (`load_org`, printed for comparison).

Usage: python benchmarks/bench_scim.py [--employees 100000] [--changes 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from common import ROOT, generated_home, hr_key

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def _talent(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *argv],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    import httpx
    import uvicorn

    with tempfile.TemporaryDirectory() as tmp:
        env, folder = generated_home(tmp, args.employees)
        hr = {"Authorization": f"Bearer {hr_key(env)}"}
        made = _talent(["keys", "create", "--role", "provisioning", "--json"], env)
        idp = {"Authorization": f"Bearer {json.loads(made)['key']}"}
        with open(f"{folder}/employees.csv") as handle:
            people = [line.split(",")[0] for line in handle.readlines()[1 : 1 + args.changes]]
        os.environ.update(env)

        from api.main import create_app
        from core.settings import get_settings

        settings = get_settings()
        app = create_app(settings)
        services = app.state.services
        started = time.perf_counter()
        services.store.load_org(settings.as_of, settings.stale_after_months)
        full_load = time.perf_counter() - started

        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        changes: list[float] = []
        next_reads: list[float] = []
        with httpx.Client(base_url=base, timeout=900) as http:
            http.get(f"/v1/employees/{people[0]}", headers=hr).raise_for_status()  # warm
            for i, employee_id in enumerate(people):
                department = f"Dept {i}"
                body = {
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [
                        {
                            "op": "replace",
                            "path": f"{ENTERPRISE}:department",
                            "value": department,
                        }
                    ],
                }
                started = time.perf_counter()
                http.patch(
                    f"/scim/v2/Users/{employee_id}", json=body, headers=idp
                ).raise_for_status()
                changes.append(time.perf_counter() - started)
                started = time.perf_counter()
                seen = http.get(f"/v1/employees/{employee_id}", headers=hr)
                next_reads.append(time.perf_counter() - started)
                assert seen.json()["department"] == department, seen.text
            steady: list[float] = []
            for employee_id in people:
                started = time.perf_counter()
                http.get(f"/v1/employees/{employee_id}", headers=hr).raise_for_status()
                steady.append(time.perf_counter() - started)
        server.should_exit = True
    print(f"cpus={os.cpu_count()} employees={args.employees:,} changes={args.changes}")
    print(f"SCIM PATCH of one user (answered):          {_ms(changes)}")
    print(f"next request, seeing the change:            {_ms(next_reads)}")
    print(f"the same read with nothing changed:         {_ms(steady)}")
    print(f"for comparison, reloading the organisation: {full_load:6.1f} s")


if __name__ == "__main__":
    main()
