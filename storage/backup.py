"""Backups of the embedded default: the SQLite database ($TALENT_HOME/talent.db) and the
embedded Chroma index ($TALENT_HOME/chroma), taken while a server runs, with a manifest of
checksums that a restore verifies before it touches anything.

Not in a backup: $TALENT_HOME/cache (embeddings and matrices, rebuilt when missing). A
PostgreSQL database or a Chroma server is backed up with its own tools (docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    create_engine,
    delete,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from core.errors import DependencyError, UserError
from core.settings import Settings
from storage import schema

log = logging.getLogger(__name__)

FORMAT = "talent-insights-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "talent.db"
INDEX = "chroma"
INDEX_DATABASE = "chroma.sqlite3"
NOT_INCLUDED = ["cache/: embeddings and matrices, rebuilt when missing"]
# Copies of the index made while a re-index wrote to it are thrown away and taken again.
ATTEMPTS = 3
_BLOCK = 1 << 20


@dataclass(frozen=True)
class BackupFile:
    path: str  # relative to the backup folder, with forward slashes
    size: int
    sha256: str


@dataclass
class BackupReport:
    folder: Path
    files: list[BackupFile]
    created_at: str
    data_version: int
    index_version: int
    attempts: int
    seconds: float

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


@dataclass
class RestoreReport:
    folder: Path
    home: Path
    files: list[BackupFile]
    created_at: str  # when the backup was taken
    app_version: str  # the talent-insights that took it
    with_index: bool
    # The backup's versions, and the ones the restored database now has: above both the
    # backup's and the replaced database's, so no running process keeps a cached copy.
    backup_versions: tuple[int, int]
    data_version: int
    index_version: int
    seconds: float


@dataclass(frozen=True)
class _Manifest:
    created_at: str
    app_version: str
    data_version: int
    index_version: int
    files: list[BackupFile]


def app_version() -> str:
    try:
        return version("talent-insights")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


# ---------------------------------------------------------------------------- backup


def backup(settings: Settings, target_dir: Path, *, attempts: int = ATTEMPTS) -> BackupReport:
    """Copy the database and the search index into `target_dir` (new or empty), then write
    manifest.json last: a folder without one is an interrupted backup."""
    started = time.perf_counter()
    _embedded_only(settings, "backup")
    database = settings.home / DATABASE
    if not database.is_file():
        raise UserError(f"nothing to back up: {database} does not exist (is TALENT_HOME right?)")
    target = Path(target_dir)
    _check_target(target, settings)
    created = not target.exists()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data: the owner's only
    try:
        (data_version, index_version), tries = _copy_consistently(settings, target, attempts)
        files = [_describe(target, path) for path in _files(target)]
        created_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at,
            "talent_insights_version": app_version(),
            "data_version": data_version,
            "index_version": index_version,
            "not_included": NOT_INCLUDED,
            "files": [asdict(f) for f in files],
        }
        _write_manifest(target, manifest)
    except BaseException:
        _clear(target, remove=created)
        raise
    log.info("backup written", extra={"folder": str(target), "files": len(files)})
    return BackupReport(
        target, files, created_at, data_version, index_version, tries, _since(started)
    )


def _check_target(target: Path, settings: Settings) -> None:
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file: back up into a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise UserError(
            f"{target} is not empty: back up into a new or empty folder (nothing was written)"
        )
    index = settings.chroma_path.resolve()
    if target.resolve() == index or index in target.resolve().parents:
        raise UserError(f"{target} is inside the search index folder {index}")


def _copy_consistently(
    settings: Settings, target: Path, attempts: int
) -> tuple[tuple[int, int], int]:
    """Copy the index, then the database, until one pass saw neither the store's index
    version nor any of the index's files change. The database alone is always consistent
    (SQLite's online backup); this makes the index match it."""
    index, database = settings.chroma_path, settings.home / DATABASE
    for attempt in range(1, attempts + 1):
        with ExitStack() as keep_open:
            version_before = _versions(database, settings)[1]
            files_before = _fingerprint(index)
            if index.is_dir():
                _copy_index(index, target / INDEX, keep_open, settings)
            _sqlite_copy(database, target / DATABASE, settings, keep_open, one_file=True)
            files_after = _fingerprint(index)
            version_after = _versions(database, settings)[1]
        if (version_before, files_before) == (version_after, files_after):
            return _versions(target / DATABASE, settings), attempt
        log.info("the index changed while it was copied; copying again", extra={"attempt": attempt})
        _clear(target, remove=False)
    raise DependencyError(
        f"the search index changed during each of {attempts} attempts to copy it (a load or "
        "re-index is running?): try again when it has finished"
    )


def _copy_index(source: Path, target: Path, keep_open: ExitStack, settings: Settings) -> None:
    """HNSW segment files first, then Chroma's database through SQLite's backup API: were
    anything to slip past the checks, the database would be the newer, and Chroma replays
    its log into segments that lag behind it."""
    target.mkdir()
    for path in sorted(source.rglob("*")):
        if path.is_dir() or path.name.startswith(INDEX_DATABASE):
            continue  # chroma.sqlite3 and its -journal/-wal/-shm: copied whole below
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    if (source / INDEX_DATABASE).is_file():
        _sqlite_copy(
            source / INDEX_DATABASE, target / INDEX_DATABASE, settings, keep_open, one_file=True
        )


def _fingerprint(folder: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file: a write anywhere in the index moves one.
    (-shm is SQLite's shared-memory index of readers, changed by reading alone.)"""
    found: dict[str, tuple[int, int]] = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.name.endswith("-shm"):
            continue
        try:
            if path.is_file():
                stat = path.stat()
                found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
        except FileNotFoundError:  # removed while listed: the fingerprints differ
            continue
    return found


def _engine(database: Path, settings: Settings) -> Engine:
    """A bare engine on a database file: no Store, which would migrate its schema (a backup
    copies a database as it is, e.g. before an upgrade) and set its pragmas."""
    return create_engine(
        f"sqlite:///{database}", poolclass=NullPool, connect_args={"timeout": _timeout(settings)}
    )


def _version_columns(conn: Connection) -> list[Column[Any]]:
    """store_meta's version columns that this database has (an old one lacks index_version)."""
    meta = schema.store_meta
    if not inspect(conn).has_table(meta.name):
        return []
    present = {c["name"] for c in inspect(conn).get_columns(meta.name)}
    return [meta.c[name] for name in ("data_version", "index_version") if name in present]


def _versions(database: Path, settings: Settings) -> tuple[int, int]:
    """(data_version, index_version) of a database file."""
    engine = _engine(database, settings)
    try:
        with engine.connect() as conn:
            columns = _version_columns(conn)
            query = select(*columns).where(schema.store_meta.c.id == 1)
            row = conn.execute(query).mappings().first() if columns else None
    finally:
        engine.dispose()
    found = dict(row) if row else {}
    return int(found.get("data_version") or 0), int(found.get("index_version") or 0)


def _write_manifest(target: Path, manifest: dict[str, Any]) -> None:
    partial = target / f".{MANIFEST}.partial"
    with partial.open("w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=2)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    partial.replace(target / MANIFEST)
    _fsync_folder(target)


# ---------------------------------------------------------------------------- restore


def restore(settings: Settings, source_dir: Path) -> RestoreReport:
    """Replace the database and the search index under TALENT_HOME with a backup's.

    The manifest and every checksum are verified before anything under TALENT_HOME is
    touched. The files are then staged in a temporary folder beside them; the index folder
    is swapped in by renames (the old one kept until the database is in), and the database
    is written through SQLite's backup API, in one transaction, into the live file: a
    rename would leave processes that hold it open on the old file, and let its -wal file
    be replayed into the new one."""
    started = time.perf_counter()
    _embedded_only(settings, "restore")
    source = Path(source_dir)
    manifest = _verified(source)
    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=home))
    try:
        for entry in manifest.files:
            _copy_checked(source / entry.path, staging / entry.path, entry)
        live_versions = _live_versions(settings)  # read last: the nearer the swap, the better
        data_version = max(manifest.data_version, live_versions[0]) + 1
        index_version = max(manifest.index_version, live_versions[1]) + 1
        _prepare(staging / DATABASE, data_version, index_version, settings)
        with_index = any(PurePosixPath(f.path).parts[0] == INDEX for f in manifest.files)
        _swap(settings, staging, with_index)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("backup restored", extra={"folder": str(source), "home": str(home)})
    return RestoreReport(
        folder=source,
        home=home,
        files=manifest.files,
        created_at=manifest.created_at,
        app_version=manifest.app_version,
        with_index=with_index,
        backup_versions=(manifest.data_version, manifest.index_version),
        data_version=data_version,
        index_version=index_version,
        seconds=_since(started),
    )


def _verified(source: Path) -> _Manifest:
    """The manifest, once every file it lists is present with its size and checksum."""
    if not source.is_dir():
        raise UserError(f"{source} is not a folder")
    path = source / MANIFEST
    if not path.is_file():
        raise UserError(
            f"{source} holds no {MANIFEST}: not a complete backup (a backup writes it last, "
            "so an interrupted one has none)"
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError(f"'format' is not {FORMAT!r}")
        if raw.get("format_version") != FORMAT_VERSION:
            raise ValueError(
                f"format version {raw.get('format_version')!r}; this talent-insights reads "
                f"{FORMAT_VERSION}"
            )
        files = [BackupFile(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in raw["files"]]
        manifest = _Manifest(
            str(raw["created_at"]),
            str(raw.get("talent_insights_version", "unknown")),
            int(raw["data_version"]),
            int(raw["index_version"]),
            files,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{path}: not a talent-insights backup manifest ({exc})") from None
    for entry in manifest.files:
        parts = PurePosixPath(entry.path).parts
        inside = parts == (DATABASE,) or (len(parts) > 1 and parts[0] == INDEX)
        if not inside or ".." in parts:
            raise UserError(f"{path}: lists '{entry.path}', which no backup holds")
    if DATABASE not in {f.path for f in manifest.files}:
        raise UserError(f"{path}: lists no {DATABASE}")
    for entry in manifest.files:
        _check(source / entry.path, entry, _digest(source / entry.path))
    return manifest


def _check(path: Path, entry: BackupFile, found: tuple[int, str] | None) -> None:
    if found is None:
        raise UserError(f"{path} is missing (listed in {MANIFEST}): the backup is incomplete")
    size, sha256 = found
    if size != entry.size:
        raise UserError(
            f"{path} has {size:,} bytes, {MANIFEST} says {entry.size:,}: the backup is "
            "damaged or incomplete"
        )
    if sha256 != entry.sha256:
        raise UserError(
            f"{path} does not match its checksum in {MANIFEST}: the file was changed or "
            "damaged after the backup"
        )


def _live_versions(settings: Settings) -> tuple[int, int]:
    """The versions of the database about to be replaced ((0, 0) when there is none)."""
    database = settings.home / DATABASE
    if not database.is_file():
        return 0, 0
    try:
        return _versions(database, settings)
    except SQLAlchemyError as exc:
        raise DependencyError(
            f"cannot read the database to be replaced, {database} ({exc}); if it is damaged, "
            "move it away with its -wal and -shm files and restore again"
        ) from exc


def _prepare(database: Path, data_version: int, index_version: int, settings: Settings) -> None:
    """Set the staged copy's versions and check it. Its schema stays the backup's: the
    next process to open it migrates it (or `talent db upgrade`, where that is a step)."""
    meta = schema.store_meta
    engine = _engine(database, settings)
    try:
        with engine.begin() as conn:
            columns = _version_columns(conn)
            if not columns:
                raise UserError(f"{DATABASE} in the backup is not a talent-insights database")
            wanted = {"data_version": data_version, "index_version": index_version}
            values = {c.name: wanted[c.name] for c in columns}
            if conn.execute(update(meta).where(meta.c.id == 1).values(values)).rowcount == 0:
                conn.execute(insert(meta).values(id=1, **values))
            # per-person changes are relative to the versions just replaced: a serving
            # process must reload a restored store whole (schema.org_changes)
            if inspect(conn).has_table("org_changes"):
                conn.execute(delete(schema.org_changes))
    finally:
        engine.dispose()
    connection = sqlite3.connect(database)
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise UserError(f"{DATABASE} in the backup fails SQLite's check: {result}")
        connection.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
    finally:
        connection.close()


def _swap(settings: Settings, staging: Path, with_index: bool) -> None:
    """The index folder by renames, then the database by SQLite's backup API; a failure
    puts the old index back (the database is written in one transaction, or not at all)."""
    home = settings.home
    live_index, old_index = home / INDEX, staging / f"{INDEX}.old"
    moved = live_index.exists()
    if moved:
        live_index.rename(old_index)
    try:
        if with_index:
            (staging / INDEX).rename(live_index)
        database = home / DATABASE
        if not database.exists():
            # A -wal left without its database would be replayed into the new one.
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        with ExitStack() as keep_open:
            _sqlite_copy(staging / DATABASE, database, settings, keep_open, one_file=False)
    except BaseException:
        if with_index and live_index.exists():
            shutil.rmtree(live_index)
        if moved:
            old_index.rename(live_index)
        raise
    _fsync_folder(home)


# ---------------------------------------------------------------------------- shared


def _embedded_only(settings: Settings, command: str) -> None:
    if settings.database_url.startswith("sqlite"):
        raise UserError(
            f"talent {command} covers TALENT_HOME/talent.db; TALENT_DATABASE_URL names another "
            'SQLite file: unset it, or copy that file with `sqlite3 FILE ".backup COPY"` '
            "(docs/deployment.md#backups)"
        )
    settings_set = [
        name
        for name, value in (
            ("TALENT_DATABASE_URL", settings.database_url),
            ("TALENT_CHROMA_URL", settings.chroma_url),
        )
        if value
    ]
    if settings_set:
        raise UserError(
            f"talent {command} covers the embedded default (SQLite and Chroma under "
            f"TALENT_HOME), and {' and '.join(settings_set)} is set. Back up PostgreSQL with "
            "`pg_dump -Fc` and restore it with `pg_restore`; a Chroma server by its own data "
            "folder (its --path), or re-index with `talent index` after restoring the "
            "database (docs/deployment.md#backups)"
        )


def _sqlite_copy(
    source: Path, target: Path, settings: Settings, keep_open: ExitStack, *, one_file: bool
) -> None:
    """Copy a SQLite database with its online backup API: one step, so one consistent
    snapshot, written into `target` in one transaction. The source stays open in
    `keep_open` (closing the last connection to a WAL database checkpoints it, a change the
    caller may be watching for)."""
    timeout = _timeout(settings)
    src = sqlite3.connect(source, timeout=timeout)
    keep_open.callback(src.close)
    dst = sqlite3.connect(target, timeout=timeout)
    try:
        src.backup(dst, progress=_deadline(timeout * 3, source))
        if one_file:
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise DependencyError(f"cannot copy {source} to {target}: {exc}") from exc
    finally:
        dst.close()


def _deadline(seconds: float, source: Path) -> Callable[[int, int, int], None]:
    """A progress callback that ends a copy kept waiting on locks (Python's backup would
    retry a busy database for ever)."""
    until = time.monotonic() + seconds

    def check(_status: int, _remaining: int, _total: int) -> None:
        if time.monotonic() > until:
            raise DependencyError(f"{source} stayed locked by a writer for {seconds:.0f} s")

    return check


def _copy_checked(source: Path, target: Path, entry: BackupFile) -> None:
    """Copy and checksum in one pass: a file changed since it was verified is refused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as src, target.open("wb") as dst:
        while block := src.read(_BLOCK):
            digest.update(block)
            size += len(block)
            dst.write(block)
        dst.flush()
        os.fsync(dst.fileno())
    _check(source, entry, (size, digest.hexdigest()))


def _files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path


def _describe(folder: Path, path: Path) -> BackupFile:
    found = _digest(path, sync=True)
    assert found is not None
    return BackupFile(path.relative_to(folder).as_posix(), *found)


def _digest(path: Path, sync: bool = False) -> tuple[int, str] | None:
    """(size, sha256) of a file, None when it is missing; `sync` also flushes it to disk."""
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as file:
            while block := file.read(_BLOCK):
                digest.update(block)
                size += len(block)
            if sync:
                os.fsync(file.fileno())
    except (FileNotFoundError, IsADirectoryError):
        return None
    return size, digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _clear(folder: Path, *, remove: bool) -> None:
    """Undo a failed backup: the folder it made, or what it put in the folder it found."""
    if remove:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for path in folder.iterdir() if folder.is_dir() else []:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _timeout(settings: Settings) -> float:
    return max(settings.store_busy_timeout_ms / 1000, 1.0)


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
