"""Headers every response needs, set in one place.

- `X-Content-Type-Options: nosniff` everywhere: a browser never guesses that a JSON answer
  quoting a document is HTML.
- `Cache-Control: no-store` on the API and the probes: answers about people stay out of
  shared and browser caches.
- A Content-Security-Policy on the API docs pages (/docs, /redoc): nothing loads from
  elsewhere, nothing frames them, and the only inline scripts that run are the page's own,
  allowed by their hashes."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

Scope = dict[str, Any]
NO_STORE_PREFIXES = ("/v1/", "/healthz", "/readyz", "/openapi.json")
DOCS_PAGES = ("/docs", "/redoc")
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def docs_policy(html: bytes) -> str:
    """The docs page's policy: its own inline scripts by hash, nothing else inline."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return _DOCS_CSP.format(hashes=hashes).replace("  ", " ")


class SecurityHeaders:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        no_store = path.startswith(NO_STORE_PREFIXES)
        if path in DOCS_PAGES:
            await self._docs(scope, receive, send)
            return

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with(message.get("headers") or [], no_store)
            await send(message)

        await self.app(scope, receive, sending)

    async def _docs(self, scope: Scope, receive: Any, send: Any) -> None:
        """Buffer the (small, generated) page to hash its inline scripts."""
        start: dict[str, Any] = {}
        body = bytearray()

        async def buffering(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    headers = [
                        (k, v)
                        for k, v in _with(start.get("headers") or [], False)
                        if k.lower() != b"content-security-policy"
                    ]
                    headers.append((b"content-security-policy", docs_policy(bytes(body)).encode()))
                    await send({**start, "headers": headers})
                    await send({"type": "http.response.body", "body": bytes(body)})
                return
            await send(message)

        await self.app(scope, receive, buffering)


def _with(headers: list[tuple[bytes, bytes]], no_store: bool) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    out = list(headers)
    if b"x-content-type-options" not in present:
        out.append((b"x-content-type-options", b"nosniff"))
    if no_store:
        out = [(k, v) for k, v in out if k.lower() != b"cache-control"]
        out.append((b"cache-control", b"no-store"))
    return out
