"""Learning-plan events sent to another system (an HR portal that tells people "a draft
awaits your decision", "your plan was approved"): a signed JSON POST per event.

- `PlanWebhook.notify` never waits for the receiver: it builds the body and queues it for
  one background thread, which POSTs it with a timeout and tries again on connection
  errors, timeouts, 5xx and 429 with doubling waits. Another 4xx is final (trying the
  same request again would get the same answer). A delivery given up is logged, never raised.
- The body is signed Stripe-style: `X-Talent-Signature: t=<unix seconds>,v1=<hex
  HMAC-SHA256 of "<t>.<raw body>">`. The timestamp is signed too, so a receiver that
  checks it (`verify`, tolerance 5 minutes) cannot be fed a recorded delivery later on.
  Each attempt is signed afresh; all attempts of one event carry the same delivery id
  (`X-Talent-Delivery`, the body's `id`), by which the receiver drops repeats.
- `NoWebhook`, when no URL is configured, sends nothing and keeps the last bodies it would
  have sent (tests read them).

What leaves is the plan's identity, people and status, never its gaps or its actions' text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
import uuid
from collections import deque
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import httpx

from core.settings import Settings

log = logging.getLogger(__name__)

EVENTS = ("plan.drafted", "plan.approved", "plan.rejected", "plan.action_done", "plan.completed")
# What of a plan a delivery carries (those present in the plan given): who and what it is
# about and where it stands, never the gap table or the actions' free text.
PLAN_KEYS = (
    "plan_id",
    "employee_id",
    "employee_name",
    "role_id",
    "role_title",
    "status",
    "approvers",
)
SIGNATURE_HEADER = "X-Talent-Signature"
EVENT_HEADER = "X-Talent-Event"
DELIVERY_HEADER = "X-Talent-Delivery"
# No wait between two attempts is longer, whatever the attempt count or a Retry-After says.
MAX_BACKOFF_S = 60.0
# Deliveries waiting beyond this many (a receiver down for long) are dropped and logged:
# the queue must not grow without bound in a serving process.
MAX_QUEUE = 1000
_RETRIED_STATUS = {429}


class Webhook(Protocol):
    def notify(self, event: str, plan: dict[str, Any], actor: str) -> None: ...

    def flush(self, timeout: float) -> bool: ...

    def close(self) -> None: ...


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-Talent-Signature` value for `body` sent at `timestamp` (unix seconds):
    `t=<timestamp>,v1=<hex HMAC-SHA256 of b"<timestamp>." + body>`."""
    message = f"{int(timestamp)}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={int(timestamp)},v1={digest}"


def verify(
    secret: str, header: str, body: bytes, tolerance_s: int = 300, now: float | None = None
) -> bool:
    """Whether `header` (an `X-Talent-Signature` value) signs exactly `body` with `secret`,
    at a time no more than `tolerance_s` from `now` (default: the clock). Several `v1=`
    entries are allowed (any one may match, e.g. while a secret is rotated). A malformed
    header is False, never an exception."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            if timestamp is not None:
                return False  # two timestamps: which one was signed is anyone's guess
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        return False
    expected = sign(secret, timestamp, body).partition(",v1=")[2]
    # Every candidate is compared, in constant time each: no early exit on the first match.
    matches = [hmac.compare_digest(expected, candidate) for candidate in signatures]
    return any(matches)


def build_body(
    event: str,
    plan: dict[str, Any],
    actor: str,
    public_url: str = "",
    *,
    delivery_id: str | None = None,
    occurred_at: datetime | None = None,
) -> dict[str, Any]:
    """What one delivery says: its id, the event, when, who, and the plan's public part."""
    if event not in EVENTS:
        raise ValueError(f"unknown plan event '{event}': one of {', '.join(EVENTS)}")
    public: dict[str, Any] = {}
    for key in PLAN_KEYS:
        if key in plan:
            value = plan[key]
            public[key] = list(value) if key == "approvers" and value is not None else value
    if public_url and plan.get("plan_id"):
        public["url"] = f"{public_url.rstrip('/')}/#/plans/{plan['plan_id']}"
    when = occurred_at or datetime.now(UTC)
    return {
        "id": delivery_id or uuid.uuid4().hex,
        "event": event,
        "occurred_at": when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "actor": actor,
        "plan": public,
    }


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"a plan webhook URL must be http(s)://host[:port][/path], not '{_shown(url)}'"
        )
    return url.strip()


def _shown(url: str) -> str:
    """`url` as logs may show it: no user info, query or fragment (they may hold tokens)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
    except ValueError:
        return "(unparseable URL)"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class PlanWebhook:
    """Signed deliveries to `url` from one background thread (started on first use)."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        attempts: int = 5,
        backoff_s: float = 1.0,
        timeout_s: float = 5.0,
        public_url: str = "",
        max_queue: int = MAX_QUEUE,
        transport: httpx.BaseTransport | None = None,
    ):
        self.url = _check_url(url)
        if not secret:
            raise ValueError("a plan webhook needs a secret to sign its deliveries with")
        if attempts < 1:
            raise ValueError("a plan webhook makes at least one attempt")
        if backoff_s < 0 or timeout_s <= 0:
            raise ValueError("a plan webhook's backoff must be ≥ 0 and its timeout > 0")
        self._secret = secret
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.public_url = public_url
        self.max_queue = max_queue
        # Unbounded itself: `_pending` keeps it within max_queue, and the stop mark always fits.
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._transport = transport
        self._pending = 0  # queued or being delivered
        self._idle = threading.Condition()
        self._stop = threading.Event()
        self._closed = False
        self._worker: threading.Thread | None = None
        self._starting = threading.Lock()

    def __repr__(self) -> str:  # never the secret
        return f"PlanWebhook({_shown(self.url)!r}, attempts={self.attempts})"

    @classmethod
    def from_settings(cls, settings: Settings) -> PlanWebhook:
        return cls(
            settings.plan_webhook_url,
            settings.plan_webhook_secret,
            attempts=settings.plan_webhook_attempts,
            backoff_s=settings.plan_webhook_backoff_s,
            timeout_s=settings.plan_webhook_timeout_s,
            public_url=settings.public_url,
        )

    def notify(self, event: str, plan: dict[str, Any], actor: str) -> None:
        """Queue `event` about `plan` for delivery and return at once. An unknown event is a
        ValueError (a mistake in the caller); a full queue or a closed webhook drops the
        event with a warning: the request that caused it must not fail for its sake."""
        body = build_body(event, plan, actor, self.public_url)  # a copy: taken now
        if self._closed:
            log.warning(
                "plan webhook closed: %s %s not sent",
                event,
                body["id"],
                extra={"event": event, "delivery": body["id"]},
            )
            return
        with self._idle:
            full = self._pending >= self.max_queue
            if not full:
                self._pending += 1
        if full:
            log.warning(
                "plan webhook queue full (%d waiting; is %s down?): %s %s dropped",
                self.max_queue,
                _shown(self.url),
                event,
                body["id"],
                extra={"event": event, "delivery": body["id"]},
            )
            return
        self._queue.put(body)
        self._ensure_worker()

    def flush(self, timeout: float) -> bool:
        """Wait until every queued delivery has been sent or given up, at most `timeout`
        seconds; whether the queue is drained."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Refuse new events, give the queued ones up to `timeout` seconds to go, then stop
        the thread; deliveries still waiting then are logged as lost."""
        if self._closed:
            return
        self._closed = True
        if not self.flush(timeout):
            with self._idle:
                left = self._pending
            log.warning(
                "plan webhook closing with %d deliveries unsent to %s",
                left,
                _shown(self.url),
                extra={"unsent": left},
            )
        self._stop.set()  # cuts short a wait between attempts
        worker = self._worker
        if worker is not None:
            self._queue.put(None)
            worker.join(timeout=max(timeout, self.timeout_s) + 1)

    # the worker

    def _ensure_worker(self) -> None:
        if self._worker is not None:
            return
        with self._starting:
            if self._worker is None:
                worker = threading.Thread(target=self._run, name="plan-webhook", daemon=True)
                worker.start()
                self._worker = worker

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            if not self._pending:
                self._idle.notify_all()

    def _run(self) -> None:
        with httpx.Client(
            timeout=self.timeout_s, follow_redirects=False, transport=self._transport
        ) as client:
            while True:
                body = self._queue.get()
                if body is None:
                    return
                try:
                    if self._stop.is_set():
                        self._give_up(body, 0, "the webhook was closed")
                    else:
                        self._deliver(client, body)
                except Exception:  # the thread must outlive any one delivery
                    log.exception("plan webhook delivery %s failed unexpectedly", body["id"])
                finally:
                    self._done()

    def _deliver(self, client: httpx.Client, body: dict[str, Any]) -> None:
        raw = json.dumps(body, separators=(",", ":")).encode()
        reason = ""
        retry_after = 0.0
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                wait = min(self.backoff_s * 2 ** (attempt - 2), MAX_BACKOFF_S)
                if self._stop.wait(max(wait, retry_after)):
                    self._give_up(body, attempt - 1, f"{reason}; then the webhook was closed")
                    return
            retry_after = 0.0
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "talent-insights-webhook",
                SIGNATURE_HEADER: sign(self._secret, int(time.time()), raw),
                EVENT_HEADER: body["event"],
                DELIVERY_HEADER: body["id"],
            }
            try:
                response = client.post(self.url, content=raw, headers=headers)
            except httpx.TransportError as exc:  # refused, reset, timed out, TLS…
                reason = f"{type(exc).__name__}: {str(exc).replace(self.url, _shown(self.url))}"
                continue
            if response.is_success:
                log.debug("plan webhook %s delivered", body["id"])
                return
            reason = f"HTTP {response.status_code}"
            if response.status_code not in _RETRIED_STATUS and response.status_code < 500:
                self._give_up(body, attempt, f"{reason} (not retried)")
                return
            retry_after = _retry_after(response)
        self._give_up(body, self.attempts, reason)

    def _give_up(self, body: dict[str, Any], attempts: int, reason: str) -> None:
        log.warning(
            "plan webhook %s for %s not delivered to %s after %d attempt(s): %s",
            body["event"],
            body["plan"].get("plan_id", "?"),
            _shown(self.url),
            attempts,
            reason,
            extra={
                "event": body["event"],
                "delivery": body["id"],
                "attempts": attempts,
                "reason": reason,
            },
        )


def _retry_after(response: httpx.Response) -> float:
    """A 429/503's Retry-After in seconds (numeric form only), capped; 0 if none."""
    try:
        return min(max(float(response.headers.get("Retry-After", "0")), 0.0), MAX_BACKOFF_S)
    except ValueError:
        return 0.0


class NoWebhook:
    """No URL configured: nothing is sent. The bodies that would have been are kept (the
    last `keep`), so tests can see which events a request raised."""

    def __init__(self, public_url: str = "", keep: int = 100):
        self.public_url = public_url
        self.sent: deque[dict[str, Any]] = deque(maxlen=keep)

    def notify(self, event: str, plan: dict[str, Any], actor: str) -> None:
        self.sent.append(build_body(event, plan, actor, self.public_url))

    def flush(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        pass


def webhook_for(settings: Settings) -> PlanWebhook | NoWebhook:
    """The configured plan webhook, or the twin that sends nothing."""
    if not settings.plan_webhook_url:
        return NoWebhook(settings.public_url)
    return PlanWebhook.from_settings(settings)
