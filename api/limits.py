"""Request limits: body size (413), a per-key rate limit and a limit on failed
authentications per client address (429)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

from starlette.exceptions import HTTPException

from core.errors import UserError

Scope = dict[str, Any]


class TooManyRequests(UserError):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"rate limit exceeded; retry in {retry_after} s")


class RateLimiter:
    """A sliding one-minute window per key (an API key id, or a client address), in
    process memory (one per worker)."""

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
        body = json.dumps(
            {
                "type": "about:blank",
                "title": "Payload too large",
                "status": 413,
                "detail": f"the request body is larger than {limit} bytes",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
