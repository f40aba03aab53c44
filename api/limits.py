"""Request limits: body size (413) and a per-key rate limit (429)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

from core.errors import UserError

Scope = dict[str, Any]


class TooManyRequests(UserError):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"rate limit exceeded; retry in {retry_after} s")


class RateLimiter:
    """A sliding one-minute window per API key, in process memory (one per worker)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            window = self._hits.setdefault(key, deque())
            while window and now - window[0] >= 60:
                window.popleft()
            if len(window) >= self.per_minute:
                raise TooManyRequests(max(1, int(60 - (now - window[0])) + 1))
            window.append(now)


class BodySizeLimit:
    """Refuse bodies over the limit before reading them (uploads get their own limit)."""

    def __init__(self, app: Any, max_bytes: int, max_upload_bytes: int):
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            limit = self.max_upload_bytes if scope["path"] == "/v1/documents" else self.max_bytes
            headers = dict(scope.get("headers") or [])
            length = headers.get(b"content-length")
            if length is not None and length.isdigit() and int(length) > limit:
                await self._refuse(send, limit)
                return
        await self.app(scope, receive, send)

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
