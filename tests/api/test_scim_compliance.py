"""The SCIM compliance checker (scim2-tester, RFC 7643/7644) against a live `talent serve`
holding the sample organisation: every check that applies passes.

The checker discovers what the server publishes (/ServiceProviderConfig, /Schemas,
/ResourceTypes), then creates, reads, lists, filters, replaces, patches (add, replace,
remove on every attribute) and deletes users and groups. What it skips is what the server
announces it does not do (a search across every resource type at the root)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import run_talent, start_talent

pytestmark = pytest.mark.slow

# Checks the checker may skip, and why they do not apply.
NOT_APPLICABLE = {
    # POST /.search at the root (several resource types at once) is optional
    # (RFC 7644 §3.4.3); /Users/.search and /Groups/.search are served and checked.
    "search_with_attributes",
}


def test_scim2_tester_passes_every_applicable_check(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TALENT_HOME": str(tmp_path / "home"),
        "TALENT_EMBEDDER": "hash",
        "TALENT_VECTOR_STORE": "memory",
        "TALENT_AS_OF": SAMPLE_AS_OF,
        "TALENT_WARM_ON_START": "false",
    }
    loaded = run_talent(env, "load", str(SAMPLE))
    assert loaded.returncode == 0, loaded.stderr
    made = run_talent(env, "keys", "create", "--role", "provisioning", "--json")
    key = json.loads(made.stdout)["key"]
    server = start_talent("talent serve", env, tmp_path / "logs")
    try:
        with Client(
            base_url=f"{server.url}/scim/v2", headers={"Authorization": f"Bearer {key}"}
        ) as http:
            results = check_server(SyncSCIMClient(http))
    finally:
        server.stop()
    counts = Counter(r.status for r in results)
    failed = [
        f"{r.resource_type or '-'} {r.title}: {r.reason}"
        for r in results
        if r.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    assert failed == []
    skipped = {r.title for r in results if r.status is Status.SKIPPED}
    assert skipped <= NOT_APPLICABLE
    # users and groups were each created, read, listed, replaced, patched and deleted
    exercised = {(r.resource_type, r.title) for r in results if r.status is Status.SUCCESS}
    for kind in ("User", "Group"):
        for check in ("object_creation", "object_query", "object_replacement", "object_deletion"):
            assert (kind, check) in exercised
    assert counts[Status.SUCCESS] >= 80, counts
