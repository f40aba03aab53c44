"""The plan webhook against a real HTTP receiver on loopback: what arrives (body, headers,
a signature `verify` accepts and nothing else passes), which answers are tried again and
which are not, a receiver that is down, and that `notify` never waits for the receiver."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from core.settings import Settings
from services import Services
from services.webhooks import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    NoWebhook,
    PlanWebhook,
    build_body,
    sign,
    verify,
)
from tests.support.servers import free_port

SECRET = "s3cret-for-tests-0123456789abcdef"
PLAN: dict[str, Any] = {
    "plan_id": "PLAN-0123456789",
    "employee_id": "E042",
    "employee_name": "Dana Okafor",
    "role_id": "ml-engineer",
    "role_title": "ML Engineer",
    "status": "draft",
    "approvers": ["M007"],
    "weeks": 12,
    "gaps": [{"skill": "PyTorch", "gap": 2}],
    "actions": [{"title": "Private note: struggling with deadlines", "hours": 6}],
}


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Records each POST; answers from `statuses` in turn (200 once they run out)."""

    url: str
    deliveries: list[Delivery] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    # Runs inside the handler, before it answers (a slow receiver).
    before_answer: Callable[[], None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.lock:
                headers = {k.lower(): v for k, v in self.headers.items()}
                state.deliveries.append(Delivery(self.path, headers, body))
                status = state.statuses.pop(0) if state.statuses else 200
            if state.before_answer is not None:
                state.before_answer()
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/talent?token=q-secret"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def make_webhook() -> Iterator[Callable[..., PlanWebhook]]:
    made: list[PlanWebhook] = []

    def make(url: str, **options: Any) -> PlanWebhook:
        options = {"attempts": 5, "backoff_s": 0.01, "timeout_s": 3.0, **options}
        webhook = PlanWebhook(url, SECRET, **options)
        made.append(webhook)
        return webhook

    yield make
    for webhook in made:
        webhook.close(timeout=5)


def test_a_delivery_arrives_signed_with_its_headers_and_body(
    receiver: Receiver, make_webhook: Callable[..., PlanWebhook]
) -> None:
    webhook = make_webhook(receiver.url, public_url="https://talent.example.com/")
    webhook.notify("plan.drafted", PLAN, "hr@example.com")
    assert webhook.flush(10)

    [delivery] = receiver.deliveries
    assert delivery.path == "/hooks/talent?token=q-secret"
    headers = delivery.headers  # names lower-cased
    assert headers["content-type"] == "application/json"
    assert headers[EVENT_HEADER.lower()] == "plan.drafted"
    body = json.loads(delivery.body)
    assert headers[DELIVERY_HEADER.lower()] == body["id"]
    assert len(body["id"]) == 32 and int(body["id"], 16) >= 0  # uuid4 hex
    assert body["event"] == "plan.drafted" and body["actor"] == "hr@example.com"
    assert datetime.fromisoformat(body["occurred_at"]).utcoffset() is not None
    assert body["plan"] == {
        "plan_id": "PLAN-0123456789",
        "employee_id": "E042",
        "employee_name": "Dana Okafor",
        "role_id": "ml-engineer",
        "role_title": "ML Engineer",
        "status": "draft",
        "approvers": ["M007"],
        "url": "https://talent.example.com/#/plans/PLAN-0123456789",
    }
    # Neither the gap table nor the actions' free text leaves the service.
    assert b"struggling" not in delivery.body and b"PyTorch" not in delivery.body

    signature = headers[SIGNATURE_HEADER.lower()]
    assert verify(SECRET, signature, delivery.body)
    assert not verify("another-secret-0123456789", signature, delivery.body)
    tampered = delivery.body.replace(b"plan.drafted", b"plan.approved")
    assert tampered != delivery.body and not verify(SECRET, signature, tampered)
    # A recorded delivery replayed later is refused; so is one stamped in the future.
    stamp = int(signature.split(",")[0].removeprefix("t="))
    assert verify(SECRET, signature, delivery.body, now=stamp + 299)
    assert not verify(SECRET, signature, delivery.body, now=stamp + 301)
    assert not verify(SECRET, signature, delivery.body, now=stamp - 301)


def test_sign_and_verify_are_stripe_style_and_refuse_malformed_headers() -> None:
    body = b'{"id":"x"}'
    header = sign(SECRET, 1_700_000_000, body)
    stamp, _, digest = header.partition(",v1=")
    assert stamp == "t=1700000000" and len(digest) == 64
    assert verify(SECRET, header, body, now=1_700_000_000)
    # Signed with the timestamp: the same digest under another `t` is refused.
    assert not verify(SECRET, f"t=1700000001,v1={digest}", body, now=1_700_000_000)
    # Any one of several v1 entries may match (a secret being rotated).
    assert verify(SECRET, f"{stamp},v1={'0' * 64},v1={digest}", body, now=1_700_000_000)
    malformed = ("", "garbage", f"v1={digest}", stamp, f"t=soon,v1={digest}", f"t=1,{header}")
    for wrong in malformed:
        assert not verify(SECRET, wrong, body, now=1_700_000_000), wrong


def test_503_twice_then_200_is_three_attempts_of_one_delivery(
    receiver: Receiver, make_webhook: Callable[..., PlanWebhook]
) -> None:
    receiver.statuses = [503, 503]
    webhook = make_webhook(receiver.url)
    webhook.notify("plan.approved", PLAN, "M007")
    assert webhook.flush(10)

    assert len(receiver.deliveries) == 3
    ids = {d.headers[DELIVERY_HEADER.lower()] for d in receiver.deliveries}
    assert len(ids) == 1 and ids == {json.loads(receiver.deliveries[0].body)["id"]}
    assert len({d.body for d in receiver.deliveries}) == 1  # the same event, each time
    assert all(
        verify(SECRET, d.headers[SIGNATURE_HEADER.lower()], d.body) for d in receiver.deliveries
    )


def test_429_is_retried_and_a_400_is_not(
    receiver: Receiver,
    make_webhook: Callable[..., PlanWebhook],
    caplog: pytest.LogCaptureFixture,
) -> None:
    receiver.statuses = [429]
    webhook = make_webhook(receiver.url)
    webhook.notify("plan.action_done", PLAN, "E042")
    assert webhook.flush(10)
    assert len(receiver.deliveries) == 2

    receiver.statuses = [400, 200]
    with caplog.at_level(logging.WARNING, logger="services.webhooks"):
        webhook.notify("plan.rejected", PLAN, "M007")
        assert webhook.flush(10)
    assert len(receiver.deliveries) == 3  # one more: the 400 was final
    assert "HTTP 400" in caplog.text and "not retried" in caplog.text


def test_a_receiver_that_is_down_exhausts_the_attempts_and_is_logged_without_secrets(
    make_webhook: Callable[..., PlanWebhook], caplog: pytest.LogCaptureFixture
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/hook?token=q-secret"
    webhook = make_webhook(closed, attempts=3)
    with caplog.at_level(logging.DEBUG, logger="services.webhooks"):
        webhook.notify("plan.completed", PLAN, "E042")
        assert webhook.flush(10)

    failures = [
        r for r in caplog.records if r.name == "services.webhooks" and r.levelno == logging.WARNING
    ]
    assert len(failures) == 1
    [record] = failures
    assert record.__dict__["attempts"] == 3
    message = record.getMessage()
    assert "PLAN-0123456789" in message and "3 attempt" in message and "Connect" in message
    everything = caplog.text + repr(record.__dict__)
    assert SECRET not in everything and "q-secret" not in everything


def test_notify_returns_before_a_slow_receiver_answers(
    receiver: Receiver, make_webhook: Callable[..., PlanWebhook]
) -> None:
    arrived, release, answered = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:  # the receiver takes its time (up to 5 s) until the test lets it go
        arrived.set()
        release.wait(5)
        answered.set()

    receiver.before_answer = slow
    webhook = make_webhook(receiver.url)
    webhook.notify("plan.drafted", PLAN, "hr@example.com")
    # notify has returned; had it waited for the answer, `answered` would be set by now.
    assert not answered.is_set()
    assert arrived.wait(5)  # the delivery is under way meanwhile, on another thread
    assert not answered.is_set()
    assert not webhook.flush(0.05)  # and not done until the receiver answers
    release.set()
    assert webhook.flush(10)
    assert answered.is_set() and len(receiver.deliveries) == 1


def test_unknown_events_and_non_web_urls_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown plan event"):
        build_body("plan.deleted", PLAN, "x")
    with pytest.raises(ValueError, match="unknown plan event"):
        NoWebhook().notify("plan.deleted", PLAN, "x")
    for url in ("ftp://example.com/hook", "file:///etc/passwd", "example.com/hook", "http://"):
        with pytest.raises(ValueError, match="http"):
            PlanWebhook(url, SECRET)


def test_no_webhook_sends_nothing_and_keeps_what_it_would_have_sent() -> None:
    webhook = NoWebhook(public_url="https://talent.example.com")
    webhook.notify("plan.approved", {**PLAN, "status": "approved"}, "M007")
    assert webhook.flush(0)
    [body] = webhook.sent
    assert body["event"] == "plan.approved" and body["plan"]["status"] == "approved"
    assert body["plan"]["url"] == "https://talent.example.com/#/plans/PLAN-0123456789"
    assert "gaps" not in body["plan"] and "actions" not in body["plan"]


def test_settings_refuse_a_url_without_a_secret_or_that_is_not_http() -> None:
    url = "https://portal.example.com/hooks/talent"
    with pytest.raises(ValidationError, match="TALENT_PLAN_WEBHOOK_SECRET"):
        Settings(plan_webhook_url=url)
    with pytest.raises(ValidationError, match="TALENT_PLAN_WEBHOOK_SECRET"):
        Settings(plan_webhook_url=url, plan_webhook_secret="too-short")
    with pytest.raises(ValidationError, match="not a web address"):
        Settings(plan_webhook_url="ftp://portal.example.com/hook", plan_webhook_secret=SECRET)
    with pytest.raises(ValidationError, match="not a web address"):
        Settings(public_url="talent.example.com")
    with pytest.raises(ValidationError):
        Settings(plan_webhook_attempts=0)
    ok = Settings(plan_webhook_url=url, plan_webhook_secret=SECRET, public_url="https://t.example/")
    assert ok.plan_webhook_url == url and ok.public_url == "https://t.example"
    assert Settings(plan_webhook_secret="").plan_webhook_url == ""  # no URL: no webhook


def test_services_build_the_configured_webhook(tmp_path: Path) -> None:
    base: dict[str, Any] = {"home": tmp_path, "embedder": "hash", "vector_store": "memory"}
    services = Services.from_settings(Settings(**base))
    try:
        assert isinstance(services.webhook, NoWebhook)
    finally:
        services.close()
    configured = Settings(
        **base,
        plan_webhook_url="https://portal.example.com/hook",
        plan_webhook_secret=SECRET,
        plan_webhook_attempts=7,
        public_url="https://talent.example.com",
    )
    services = Services.from_settings(configured)
    try:
        webhook = services.webhook
        assert isinstance(webhook, PlanWebhook) and webhook is services.webhook
        assert (webhook.url, webhook.attempts) == ("https://portal.example.com/hook", 7)
        assert webhook.public_url == "https://talent.example.com"
        assert SECRET not in repr(webhook)
    finally:
        services.close()
