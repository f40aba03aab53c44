"""A stand-in OpenAI-compatible `/v1/embeddings` server on loopback, in a thread of the test
(or, `python -m tests.support.embedding_server PORT`, a process of its own for the
benchmark). It answers at once with deterministic vectors, or fails as it is told: a
status for the first N requests, a delay, a wrong dimension. The real one, llama.cpp's
server, is in tests/retrieval/test_endpoint_embedder_real.py."""

from __future__ import annotations

import json
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np


def vector_of(text: str, dim: int) -> np.ndarray:
    """The server's vector for a text: the same on every call, unrelated across texts."""
    return np.random.default_rng(zlib.crc32(text.encode())).standard_normal(dim)


@lru_cache(maxsize=100_000)
def _vector_json(text: str, dim: int) -> str:
    # kept: a text asked again is answered without work (the benchmark's "instant" server)
    return json.dumps(vector_of(text, dim).tolist())


@dataclass
class Behaviour:
    dim: int = 32
    fail_first: int = 0  # the first N requests are answered `fail_status`
    fail_status: int = 503
    delay_s: float = 0.0  # before each answer
    wrong_dim_after: int | None = None  # from this request on, vectors of dim + 1
    requests: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    authorizations: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(behaviour: Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with behaviour.lock:
                behaviour.requests += 1
                number = behaviour.requests
                behaviour.in_flight += 1
                behaviour.most_in_flight = max(behaviour.most_in_flight, behaviour.in_flight)
                behaviour.authorizations.append(self.headers.get("Authorization", ""))
            try:
                if behaviour.delay_s:
                    time.sleep(behaviour.delay_s)
                if self.path != "/v1/embeddings":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                elif number <= behaviour.fail_first:
                    self._send(behaviour.fail_status, {"error": {"message": "try later"}})
                else:
                    wrong = behaviour.wrong_dim_after
                    dim = behaviour.dim + (1 if wrong is not None and number >= wrong else 0)
                    rows = [
                        f'{{"index": {i}, "embedding": {_vector_json(t, dim)}}}'
                        for i, t in enumerate(body["input"])
                    ]
                    # in reverse: a client must order the rows by `index`, not by position
                    data = ", ".join(rows[::-1])
                    model = json.dumps(body["model"])
                    raw = f'{{"object": "list", "data": [{data}], "model": {model}}}'
                    self._send_raw(200, raw.encode())
            finally:
                with behaviour.lock:
                    behaviour.in_flight -= 1

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            self._send_raw(status, json.dumps(payload).encode())

        def _send_raw(self, status: int, raw: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except OSError:  # the client gave up waiting (a timeout test)
                pass

    return Handler


@contextmanager
def embeddings_server(behaviour: Behaviour, port: int = 0) -> Iterator[str]:
    """Serves until the block ends; yields its base URL (…/v1)."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(behaviour))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":  # python -m tests.support.embedding_server PORT [DIM [DELAY_S]]
    port = int(sys.argv[1])
    dim = int(sys.argv[2]) if len(sys.argv) > 2 else 384
    delay_s = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    with embeddings_server(Behaviour(dim=dim, delay_s=delay_s), port):
        threading.Event().wait()
