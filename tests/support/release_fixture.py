"""Makes the upgrade tests' fixture: a database written by a released version, with data.

Run it from a checkout of that release (its own code on the path, not this one's):

    git worktree add /tmp/release 83468aa
    PYTHONPATH=/tmp/release .venv/bin/python tests/support/release_fixture.py \
        tests/fixtures/release-2026-11-26

It loads the sample organisation, creates API keys, an approved plan, a conversation, a
profile and audit rows, then writes the SQLite database as SQL (`talent.sqlite.sql`), the
same on a throw-away PostgreSQL server as pg_dump writes it (`talent.postgres.sql`), and
what the tests check afterwards (`expected.json`). Only the release's Store API is used.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from core.settings import Settings
from ingest.native_folder import load_folder
from services import Services

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
AS_OF = "2026-11-22"


def populate(services: Services) -> dict[str, Any]:
    store = services.store
    load_folder(store, SAMPLE)
    hr = store.keys.create("hr", name="release-hr")
    dana = store.keys.create("employee", "E013", "release-dana")
    plan = store.plans.save_draft(
        services.insights().plan("E013", "senior-data-engineer"), created_by="release-hr"
    )
    store.plans.set_status(plan["plan_id"], "approved", "release-manager", "agreed in 1:1")
    conversation, _ = store.conversations.load(None, f"employee:{hr['key_id']}")
    store.conversations.save(
        conversation,
        f"employee:{hr['key_id']}",
        {"turns": [{"q": "what are my gaps?", "a": "SQL"}], "last": {"person": "E013"}},
    )
    store.save_profile("E004", "Bob has run Kafka clusters for six years.", "bob-cv.md")
    for i in range(3):
        store.audit.record(
            key_id=hr["key_id"],
            key_name="release-hr",
            role="hr",
            method="GET",
            path=f"/v1/employees/E00{i + 1}",
            route="/v1/employees/{employee_id}",
            status=200,
            outcome="allowed",
            latency_ms=3.5,
            details={"records": [f"E00{i + 1}"]},
        )
    return {
        "keys": {"hr": hr["key"], "dana": dana["key"]},
        "plan_id": plan["plan_id"],
        "conversation_id": conversation,
        "conversation_owner": f"employee:{hr['key_id']}",
        "counts": store.counts(),
        "data_version": store.data_version(),
        "audit_rows": len(store.audit.list(1000)),
    }


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), embedder="hash", vector_store="memory", as_of=AS_OF)
        services = Services.from_settings(settings)
        expected = populate(services)
        services.close()
        with sqlite3.connect(Path(tmp) / "talent.db") as db:
            (out / "talent.sqlite.sql").write_text("\n".join(db.iterdump()) + "\n")

    sys.path.insert(0, str(ROOT))  # the harness lives in this checkout's tests
    from tests.support.postgres import postgres_server

    with postgres_server() as server:
        database = server.create_database()
        settings = Settings(
            home=Path(tempfile.mkdtemp()),
            database_url=server.url(database),
            embedder="hash",
            vector_store="memory",
            as_of=AS_OF,
        )
        services = Services.from_settings(settings)
        pg_expected = populate(services)
        services.close()
        dump = server.run("pg_dump", "--no-owner", "--no-privileges", database).stdout
        (out / "talent.postgres.sql").write_text(dump)
    expected["postgres"] = {
        k: pg_expected[k] for k in ("keys", "plan_id", "conversation_id", "conversation_owner")
    }
    (out / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    subprocess.run(["ls", "-la", str(out)], check=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
