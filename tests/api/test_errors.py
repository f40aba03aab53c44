"""An unexpected error is still a proper answer: problem+json with nothing of the exception
in it (it is logged), and the client's keep-alive connection goes on serving."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from api.main import create_app
from core.settings import Settings
from tests.support.servers import serve_in_thread


def _read_response(sock: socket.socket) -> tuple[str, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the connection was dropped: {data!r}"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status, *lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    while len(body) < int(headers.get("content-length", 0)):
        body += sock.recv(65536)
    return status, headers, body


def test_an_unexpected_error_is_problem_json_and_keeps_the_connection(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(home=tmp_path / "home", embedder="hash"))

    def boom() -> None:
        raise RuntimeError("detail from /srv/private/path that must not reach the client")

    app.add_api_route("/v1/boom", boom)
    with serve_in_thread(app) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /v1/boom HTTP/1.1\r\nHost: test\r\n\r\n")
            status, headers, body = _read_response(sock)
            assert status.startswith("HTTP/1.1 500")
            assert headers["content-type"].startswith("application/problem+json")
            problem = json.loads(body)
            assert problem["status"] == 500 and "private" not in body.decode()
            assert headers.get("connection", "").lower() != "close"
            # the same connection answers the next request
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            status, _, _ = _read_response(sock)
            assert status.startswith("HTTP/1.1 200")
    assert "must not reach the client" in caplog.text  # logged, for the operator
