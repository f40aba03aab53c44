"""A throw-away PostgreSQL server for the tests: `initdb` a cluster in a temporary folder,
start it on a free loopback port, hand out one fresh database per test, and remove it all
at the end. Debian's `postgresql` package provides the binaries (`make postgres`).

PostgreSQL refuses to run as root; as root (CI containers) the cluster is owned by and run
as the `postgres` user the package creates.
"""

from __future__ import annotations

import gc
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from tests.support.servers import free_port


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    # Debian keeps the server programs off PATH, one folder per major version.
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(versions[0]).parent if versions else None


def _as_owner(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@dataclass
class PostgresServer:
    port: int
    folder: Path
    bin_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return name

    def url_of_new_database(self) -> str:
        """A fresh database, left for the cluster's removal (module-scoped fixtures)."""
        return self.url(self.create_database())

    def close_engines(self, name: str | None = None) -> None:
        """Close the pooled connections of every engine still open on this server (on
        database `name`, when given), as a process's exit would. Tests leave stores open
        as processes do; psycopg warns when a connection is collected while open, and a
        warning is an error in this suite."""
        with warnings.catch_warnings():
            # Collected connections warn, and so do deprecated module proxies (torch's) that
            # isinstance() touches while walking every object.
            warnings.simplefilter("ignore")
            gc.collect()  # connections nobody holds any more go quietly
            for engine in [o for o in gc.get_objects() if isinstance(o, Engine)]:
                url = engine.url
                if url.port == self.port and (name is None or url.database == name):
                    engine.dispose()
            gc.collect()

    def drop_database(self, name: str) -> None:
        self.close_engines(name)
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        """One of the server's own programs (pg_dump, psql…) against this server."""
        return subprocess.run(
            [str(self.bin_dir / program), "-h", "127.0.0.1", "-p", str(self.port), *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PGUSER": "postgres"},
        )


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.fail(
            "PostgreSQL's initdb is not installed: `make postgres` installs Debian's postgresql",
            pytrace=False,
        )
    folder = Path(tempfile.mkdtemp(prefix="talent-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    log = folder / "server.log"
    subprocess.run(
        _as_owner(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ]
            + ["--no-sync", "--locale=C"]
        ),
        check=True,
        capture_output=True,
    )
    # Loopback only, the socket in the throw-away folder, and durability traded for speed
    # (the cluster dies with the test run anyway).
    options = (
        f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    started = subprocess.run(
        _as_owner(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
        ),
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        detail = log.read_text(errors="replace") if log.exists() else started.stderr
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start:\n{detail[-3000:]}", pytrace=False)
    server = PostgresServer(port, folder, bin_dir)
    try:
        yield server
    finally:
        server.close_engines()
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
