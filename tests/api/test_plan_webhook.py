"""Plan events reach a portal: the API, configured with a webhook URL and secret, POSTs a
signed event to a real receiver on loopback when an employee drafts a plan, when her
manager approves it and when she marks an action done — naming whom it is for and who may
decide it, and nothing of her gaps."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from services.webhooks import SIGNATURE_HEADER, verify
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF

SECRET = "portal-shared-secret-0123456789"


class Inbox:
    def __init__(self) -> None:
        self.events: list[tuple[dict[str, str], bytes]] = []
        self.arrived = threading.Condition()

    def wait_for(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.events) < count and time.monotonic() < deadline:
                self.arrived.wait(0.1)
        return [json.loads(body) for _, body in self.events]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, str]]:
    box = Inbox()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with box.arrived:
                box.events.append(({k.lower(): v for k, v in self.headers.items()}, body))
                box.arrived.notify_all()
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box, f"http://127.0.0.1:{server.server_address[1]}/talent-events"
    server.shutdown()
    server.server_close()


def test_plan_events_reach_the_portal_signed(inbox: tuple[Inbox, str], tmp_path: Path) -> None:
    box, url = inbox
    settings = Settings(
        home=tmp_path,
        embedder="hash",
        vector_store="memory",
        as_of=SAMPLE_AS_OF,
        plan_webhook_url=url,
        plan_webhook_secret=SECRET,
        plan_webhook_backoff_s=0.01,
        public_url="https://talent.example.com",
    )
    app = create_app(settings)
    store = app.state.services.store
    load_folder(store, SAMPLE)
    dana = store.keys.create("employee", "E013", "portal-dana")["key"]
    ingrid = store.keys.create("manager", "E012", "portal-ingrid")["key"]
    with TestClient(app) as client:
        drafted = client.post(
            "/v1/plans",
            headers={"Authorization": f"Bearer {dana}"},
            json={"employee_id": "E013", "role_id": "senior-data-engineer", "weeks": 8},
        ).json()
        plan_id = drafted["plan_id"]
        client.patch(
            f"/v1/plans/{plan_id}",
            headers={"Authorization": f"Bearer {ingrid}"},
            json={"status": "approved", "comment": "go"},
        ).raise_for_status()
        client.post(
            f"/v1/plans/{plan_id}/actions/0/done", headers={"Authorization": f"Bearer {dana}"}
        ).raise_for_status()
        events = box.wait_for(3)
    assert [e["event"] for e in events] == ["plan.drafted", "plan.approved", "plan.action_done"]
    for headers, body in box.events:
        assert verify(SECRET, headers[SIGNATURE_HEADER.lower()], body)
        assert not verify("another-secret-0123456789", headers[SIGNATURE_HEADER.lower()], body)
    first = events[0]
    assert first["actor"] == "Dana Okafor" and events[1]["actor"] == "Ingrid Halvorsen"
    plan = first["plan"]
    assert (plan["plan_id"], plan["employee_name"], plan["role_title"]) == (
        plan_id,
        "Dana Okafor",
        "Senior Data Engineer",
    )
    # who may decide: her manager up the line (Ingrid, then Aisha Bello), and HR
    assert [a.get("name") for a in plan["approvers"]][:2] == ["Ingrid Halvorsen", "Aisha Bello"]
    assert plan["url"] == f"https://talent.example.com/#/plans/{plan_id}"
    # her gaps, levels and the plan's free text stay in the service
    sent = json.dumps(events)
    assert "Apache Spark" not in sent and "current" not in sent and "go" not in plan.values()
