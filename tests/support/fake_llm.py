"""A small OpenAI-compatible server on loopback that misbehaves on request, for the model
fault tests. The first path segment names the behaviour: `{url}/hang/v1` never answers,
`{url}/http500/v1` fails, and so on (`BEHAVIOURS`). `server.behave[name] = other` makes a
named base URL behave like another from then on (a server that recovers)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BEHAVIOURS = (
    "ok",  # a plain answer
    "slow",  # a plain answer, half a second late
    "hang",  # accepts, reads the request, never answers
    "http500",  # 500 with an OpenAI-style error body
    "malformed",  # 200 with a body that is not JSON
    "garbage_stream",  # 200 as an event stream of junk
    "unknown_tool",  # always calls a tool nobody offered
    "bad_arguments",  # always calls a real tool with arguments it forbids
    "bad_json_arguments",  # tool arguments that are not JSON
    "limit_message",  # answers with the agent framework's own stop message
    "choose",  # a skill re-rank's JSON choice, with ids it was never shown
)


def _completion(message: dict[str, Any], finish: str = "stop") -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "fake",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    ).encode()


def _tool_call(name: str, arguments: str) -> bytes:
    call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}
    return _completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls")


class FakeLLM:
    def __init__(self) -> None:
        self.behave: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.most_in_flight: Counter[str] = Counter()  # at once, per base URL name
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.url = ""

    def base_url(self, name: str) -> str:
        return f"{self.url}/{name}/v1"

    def respond(self, name: str) -> tuple[int, str, bytes]:
        behaviour = self.behave.get(name, name)
        if behaviour == "slow":
            time.sleep(0.5)
        if behaviour in ("ok", "slow"):
            return (
                200,
                "application/json",
                _completion({"role": "assistant", "content": "Here is what the records show."}),
            )
        if behaviour == "choose":  # a skill re-rank's reply, with ids it was never shown
            choice = {"skills": ["S2", "S1", "esco:not-shown", "S42", "S2"]}
            return (
                200,
                "application/json",
                _completion({"role": "assistant", "content": json.dumps(choice)}),
            )
        if behaviour == "hang":
            self.stopping.wait(120)
            return 504, "application/json", b"{}"
        if behaviour == "http500":
            error = {"error": {"message": "internal error", "type": "server_error"}}
            return 500, "application/json", json.dumps(error).encode()
        if behaviour == "malformed":
            return 200, "application/json", b'{"id": "chatcmpl-fake", "choices": [{"mess'
        if behaviour == "garbage_stream":
            return 200, "text/event-stream", b"data: {{{not json\n\ndata: \x00\xff\n\n"
        if behaviour == "unknown_tool":
            return 200, "application/json", _tool_call("drop_all_tables", "{}")
        if behaviour == "bad_arguments":
            return (
                200,
                "application/json",
                _tool_call("person_gaps", json.dumps({"employee": 12, "as_admin": True})),
            )
        if behaviour == "bad_json_arguments":
            return 200, "application/json", _tool_call("person_gaps", "{employee: E013,,")
        if behaviour == "limit_message":
            return (
                200,
                "application/json",
                _completion(
                    {"role": "assistant", "content": "Model call limits exceeded: run limit (4/4)"}
                ),
            )
        return 404, "application/json", b'{"error": {"message": "unknown behaviour"}}'


def _handler(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # /{name}/v1/models
            self._send(200, "application/json", b'{"object": "list", "data": [{"id": "fake"}]}')

        def do_POST(self) -> None:  # /{name}/v1/chat/completions
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            name = self.path.strip("/").split("/")[0]
            with fake._lock:
                fake.requests[name] += 1
                fake.in_flight[name] += 1
                fake.most_in_flight[name] = max(fake.most_in_flight[name], fake.in_flight[name])
            try:
                status, kind, body = fake.respond(name)
                with contextlib.suppress(OSError):  # the client gave up (its timeout)
                    self._send(status, kind, body)
            finally:
                with fake._lock:
                    fake.in_flight[name] -= 1

    return Handler


@contextmanager
def fake_llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
