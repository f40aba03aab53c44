"""Request limits: body size (413), a per-key rate limit and a limit on failed
authentications per client address (429)."""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from starlette.exceptions import HTTPException

from core.errors import UserError
from storage.rate_limits import CountingUnavailable, RateLimitRepository, Refused

Scope = dict[str, Any]
log = logging.getLogger(__name__)


class TooManyRequests(UserError):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"rate limit exceeded; retry in {retry_after} s")


class Limiter(Protocol):
    """A per-minute limit per key (an API key id, a token's subject, a client address)."""

    per_minute: int

    def check(self, key: str) -> None:
        """Raise TooManyRequests if the limit is reached, without counting this call."""

    def hit(self, key: str) -> None:
        """Count one call; raise TooManyRequests (counting nothing) if it is one too many."""


# How long `check` trusts the counts it read (another process may count meanwhile).
CHECK_CACHE_S = 1.0


class SharedRateLimiter:
    """A sliding one-minute window per key, counted in the database so that the limit
    holds however many workers and servers share it (storage/rate_limits.py).

    The window is estimated from two fixed minutes: this minute's count plus the previous
    minute's, weighted by the share of the window it still covers. A burst at the turn of
    a minute is therefore still limited, and no per-call timestamps are stored."""

    def __init__(
        self,
        counters: RateLimitRepository,
        name: str,
        per_minute: int,
        clock: Callable[[], float] = time.time,
    ):
        self.counters = counters
        self.name = name
        self.per_minute = per_minute
        self.clock = clock
        self._checked: dict[str, tuple[float, int, int, int]] = {}  # key -> time, minute, counts
        self._lock = threading.Lock()
        self._fallback = RateLimiter(per_minute)
        self._warned_at = float("-inf")

    def _estimate(self, previous: int, current: int, second: float) -> float:
        return previous * (1 - second / 60) + current

    def _retry_after(self, previous: int, current: int, second: float) -> int:
        """Seconds until one more call fits (`current` counts the calls made so far)."""
        room = self.per_minute - 1  # what the window may hold before this call
        if current > room:  # only after this minute ends, and its hits have faded enough
            wait = 60 - second + 60 * max(0.0, 1 - room / current)
        else:  # the previous minute's hits fade as the window moves on
            wait = 60 * (1 - (room - current) / previous) - second if previous else 1
        return max(1, math.ceil(wait - 1e-6))  # 20.000000000000004 s is 20 s

    def check(self, key: str) -> None:
        """Reads counts at most once a second per key (every request checks its address,
        and almost none has failed); `hit` is always exact, so guessing stays limited."""
        now = self.clock()
        minute, second = int(now // 60), now % 60
        with self._lock:
            read = self._checked.get(key)
        if read is None or now - read[0] >= CHECK_CACHE_S or read[1] != minute:
            previous, current = self.counters.counts(f"{self.name}:{key}", minute)
            with self._lock:
                if len(self._checked) > 10_000:  # addresses come and go
                    self._checked.clear()
                self._checked[key] = (now, minute, previous, current)
        else:
            previous, current = read[2], read[3]
        if self._estimate(previous, current, second) >= self.per_minute:
            raise TooManyRequests(self._retry_after(previous, current, second))

    def hit(self, key: str) -> None:
        now = self.clock()
        minute, second = int(now // 60), now % 60
        seen: list[int] = []

        def over(previous: int, current: int) -> bool:
            seen[:] = [previous, current - 1]
            return self._estimate(previous, current, second) > self.per_minute

        with self._lock:
            self._checked.pop(key, None)
        try:
            self.counters.count(f"{self.name}:{key}", minute, over)
        except Refused:
            raise TooManyRequests(self._retry_after(seen[0], seen[1], second)) from None
        except CountingUnavailable as exc:
            # Serve on, limited per process, rather than refuse every request while a long
            # load holds the store (reads still work then).
            if now - self._warned_at >= 60:  # once a minute, not once a request
                self._warned_at = now
                log.warning("rate limit %s counted in this process: %s", self.name, exc)
            self._fallback.hit(key)


class RateLimiter:
    """A sliding one-minute window per key in process memory: the deterministic twin of
    SharedRateLimiter, right for one process only (each worker would count alone)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _window(self, key: str, now: float) -> deque[float]:
        window = self._hits.setdefault(key, deque())
        while window and now - window[0] >= 60:
            window.popleft()
        return window

    def check(self, key: str) -> None:
        """Raise TooManyRequests if the window is full, without counting this call."""
        now = time.monotonic()
        with self._lock:
            window = self._window(key, now)
            if len(window) >= self.per_minute:
                raise TooManyRequests(max(1, int(60 - (now - window[0])) + 1))
            if not window:
                self._hits.pop(key, None)  # addresses that come and go leave nothing behind

    def hit(self, key: str) -> None:
        """Count one call; raise TooManyRequests if the window was already full."""
        now = time.monotonic()
        with self._lock:
            window = self._window(key, now)
            if len(window) >= self.per_minute:
                raise TooManyRequests(max(1, int(60 - (now - window[0])) + 1))
            window.append(now)


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a streamed body passes the limit. An HTTPException, so
    FastAPI's body parsing passes it on instead of turning it into a 400."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {limit} bytes")


UPLOAD_PATHS = ("/v1/documents", "/v1/frameworks")


class BodySizeLimit:
    """Refuse bodies over the limit: at once when Content-Length says so, else as soon as
    the bytes received pass it (chunked bodies announce no length). Uploads get their own
    limit."""

    def __init__(self, app: Any, max_bytes: int, max_upload_bytes: int):
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload_bytes if scope["path"] in UPLOAD_PATHS else self.max_bytes
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def counting() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def sending(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except BodyTooLarge:
            if started:  # pragma: no cover - a handler answered before reading its body
                raise
            await self._refuse(send, limit)

    @staticmethod
    async def _refuse(send: Any, limit: int) -> None:
        await _problem(
            send, 413, "Payload too large", f"the request body is larger than {limit} bytes"
        )


class Utf8Json:
    """JSON bodies are UTF-8 (RFC 8259 §8.1): a body in UTF-16 or UTF-32, or declaring such
    a charset, is refused with 415 instead of being decoded by guesswork (Python's json
    detects UTF-16, so the same bytes would mean one thing here and another to a proxy or
    a filter that reads them as UTF-8)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or []) if scope["type"] == "http" else {}
        kind = headers.get(b"content-type", b"").decode("latin-1").lower()
        if scope["type"] != "http" or "json" not in kind.split(";")[0]:
            await self.app(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                break
        charset = kind.partition("charset=")[2].strip(' "')
        if charset not in ("", "utf-8", "utf8") or not _utf8(bytes(body)):
            await _problem(send, 415, "Unsupported media type", UTF8_ONLY)
            return
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


UTF8_ONLY = "the request body must be JSON in UTF-8 (RFC 8259), without a byte order mark"


def _utf8(body: bytes) -> bool:
    if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in body  # UTF-16 of ASCII text is valid UTF-8 full of NULs


async def _problem(send: Any, status: int, title: str, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})
