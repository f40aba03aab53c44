"""API benchmark on loopback: cold start to ready, then chat latency and throughput at 1, 4
and 16 concurrent clients (a bounded load generator: a fixed number of requests each).

The chat questions are a mix as people ask them: the same few shapes about many different
people, roles, skills and teams (a server that only ever hears one question would flatter any
cache).

Usage: python benchmarks/bench_api.py [--requests 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from common import QUESTIONS, free_port, hr_key, wait_ready

ROOT = Path(__file__).resolve().parents[1]
QUESTION = QUESTIONS[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="per concurrency level")
    args = parser.parse_args()
    talent = str(Path(sys.executable).parent / "talent")
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "TALENT_HOME": home,
            "TALENT_RATE_LIMIT_PER_MINUTE": "10000000",
            "TALENT_AS_OF": "2026-11-22",
            "TALENT_LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [talent, "load", "data/sample"], env=env, cwd=ROOT, check=True, capture_output=True
        )
        key = hr_key(env)
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [talent, "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url)
            cold = time.perf_counter() - started
            print(f"cpus={os.cpu_count()} cold start to /readyz 200: {cold:.2f} s")
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(base_url=url, headers=headers, timeout=30) as warm:
                for _ in range(5):
                    warm.post("/v1/chat", json={"message": QUESTION}).raise_for_status()
            for concurrency in (1, 4, 16):
                clients = [
                    httpx.Client(base_url=url, headers=headers, timeout=30)
                    for _ in range(concurrency)
                ]

                def one(i: int, clients: list[httpx.Client] = clients) -> float:
                    t = time.perf_counter()
                    response = clients[i % len(clients)].post(
                        "/v1/chat", json={"message": QUESTIONS[i % len(QUESTIONS)]}
                    )
                    response.raise_for_status()
                    return (time.perf_counter() - t) * 1000

                begin = time.perf_counter()
                with ThreadPoolExecutor(max_workers=concurrency) as pool:
                    latencies = sorted(pool.map(one, range(args.requests)))
                elapsed = time.perf_counter() - begin
                for client in clients:
                    client.close()
                p95 = latencies[int(0.95 * (len(latencies) - 1))]
                print(
                    f"chat, {len(QUESTIONS)} questions, {concurrency:>2} clients: "
                    f"p50 {statistics.median(latencies):6.1f} ms, p95 {p95:6.1f} ms, "
                    f"{args.requests / elapsed:5.1f} req/s"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
