"""The audit log's writer: rows submitted by requests are all written (batched, in order of
arrival), and its retention holds on a server that runs for months."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from storage import audit as audit_module
from storage.store import Store


def _row(path: str, days_ago: float = 0) -> dict[str, Any]:
    return dict(
        key_id="k1",
        key_name="test",
        role="hr",
        method="GET",
        path=path,
        route="/v1/x",
        status=200,
        outcome="allowed",
        latency_ms=1.0,
        at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days_ago),
    )


def test_rows_submitted_from_many_threads_are_all_written(store: Store) -> None:
    def requests(n: int) -> None:
        for i in range(50):
            store.audit.submit(**_row(f"/v1/t{n}/{i}"))

    threads = [threading.Thread(target=requests, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.audit.flush()
    paths = {r["path"] for r in store.audit.list(1000)}
    assert paths == {f"/v1/t{n}/{i}" for n in range(8) for i in range(50)}


def test_retention_is_kept_at_start_and_then_daily(store: Store) -> None:
    store.audit.record(**_row("/v1/ancient", days_ago=400))
    assert store.audit.keep_for(365) == 1
    store.audit.record(**_row("/v1/old", days_ago=366))
    store.audit.submit(**_row("/v1/new"))
    store.audit.flush()
    assert {r["path"] for r in store.audit.list()} == {"/v1/old", "/v1/new"}  # not yet a day

    store.audit._purged_at -= audit_module.PURGE_EVERY_S + 1  # a day later
    store.audit.submit(**_row("/v1/newer"))
    store.audit.flush()
    assert {r["path"] for r in store.audit.list()} == {"/v1/new", "/v1/newer"}
