"""What several benchmarks set up the same way: a generated organisation of a given size,
and an API key made by the `talent` command (imported as `common`: the scripts run from
this folder)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from core.settings import Settings
from domain.org import Org
from domain.synthetic import GeneratedOrg, generate_org
from ingest.native_folder import read_native_folder
from storage.bundle import ExistingState

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)


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
