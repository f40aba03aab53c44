"""What several benchmarks set up the same way: a generated organisation of a given size,
an API key made by the `talent` command, and a served API to wait for (imported as
`common`: the scripts run from this folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx

from core.settings import Settings
from domain.org import Org
from domain.synthetic import GeneratedOrg, generate_org
from ingest.native_folder import read_native_folder
from storage.bundle import ExistingState

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.support is not installed: it is read from the checkout

from tests.support.servers import free_port  # noqa: E402

__all__ = ["QUESTIONS", "free_port", "generated_home", "hr_key", "synthetic_org", "wait_ready"]
AS_OF = date(2026, 11, 22)

# The chat questions of the API benchmarks: the same few shapes people ask, about many
# different people, roles, skills and teams (a server that only ever hears one question
# would flatter any cache).
PEOPLE = ["Dana Okafor", "Bob Lindqvist", "Priya Raman", "Chen Wei", "Keiko Tanaka",
          "Noura Haddad", "Arjun Mehta", "Sofia Rossi"]  # fmt: skip
ROLES = ["Senior Data Engineer", "ML Engineer", "Data Scientist", "Site Reliability Engineer"]
SKILLS = ["Apache Spark", "Kubernetes", "MLOps", "Terraform", "Python"]
TEAMS = ["Platform", "Data", "Security", "Service Desk"]
QUESTIONS = (
    [f"What does {p} lack for {r}?" for p in PEOPLE for r in ROLES]
    + [f"Which skills is the {t} team missing?" for t in TEAMS]
    + [f"Who could move into the open {r} role?" for r in ROLES]
    + [f"Who can mentor {p} in {s}?" for p in PEOPLE[:4] for s in SKILLS]
    + [f"What is {s}?" for s in SKILLS]
)


def synthetic_org(
    employees: int, skills: int | None = None, seed: int = 1, resources: bool = True
) -> tuple[GeneratedOrg, Org]:
    """The sample framework (grown to `skills` when given) and `employees` generated people,
    as generated and as the organisation the analytics read."""
    base = read_native_folder(ROOT / "data" / "sample", ExistingState())
    gen = generate_org(
        base.skills or [],
        base.roles or [],
        (base.resources or []) if resources else [],
        employees,
        seed=seed,
        n_skills=skills,
    )
    org = Org.build(
        gen.skills,
        gen.roles,
        gen.employees,
        gen.assertions,
        gen.resources,
        AS_OF,
        stale_after_months=Settings().stale_after_months,
    )
    return gen, org


def generated_home(tmp: str, employees: int) -> tuple[dict[str, str], str]:
    """A store under `tmp` loaded (without an index) with `employees` generated people, as
    the `talent` command makes it: the environment that names it, and the generated folder."""
    env = {
        **os.environ,
        "TALENT_HOME": f"{tmp}/var",
        "TALENT_EMBEDDER": "hash",
        "TALENT_AS_OF": "2026-11-22",
    }
    folder = f"{tmp}/org"
    talent = [sys.executable, "-m", "cli.main"]
    for argv in (
        ["generate", "--employees", str(employees), "--seed", "1", folder],
        ["load", "--no-index", folder],
    ):
        subprocess.run([*talent, *argv], env=env, cwd=ROOT, check=True, capture_output=True)
    return env, folder


def hr_key(env: dict[str, str]) -> str:
    """A new HR key in the store `env` points at (TALENT_HOME), made by `talent keys`."""
    made = subprocess.run(
        [sys.executable, "-m", "cli.main", "keys", "create", "--role", "hr", "--json"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return str(json.loads(made.stdout)["key"])


def wait_ready(url: str, timeout_s: float = 120) -> None:
    """Polls `url`/readyz until it answers 200 (callers time it); exits after `timeout_s`."""
    started = time.perf_counter()
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.perf_counter() - started > timeout_s:
            raise SystemExit(f"{url} did not become ready in {timeout_s:.0f} s")
        time.sleep(0.05)
