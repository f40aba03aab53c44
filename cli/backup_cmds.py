"""CLI commands for backups of the embedded default: backup, restore (storage/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.output import console, fail
from core.errors import TalentError
from core.settings import get_settings
from storage.backup import MANIFEST, BackupFile
from storage.backup import backup as backup_home
from storage.backup import restore as restore_home


def _print_files(files: list[BackupFile]) -> None:
    # Plain lines, not a table: segment folders have long names that a table would cut.
    for f in files:
        console.print(f"{f.size:>13,}  {f.path}", highlight=False, soft_wrap=True)


def backup(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder to write it into.")],
) -> None:
    """Back up the database and the search index under TALENT_HOME (safe while serving)."""
    try:
        with console.status(f"Backing up into {folder}…"):
            report = backup_home(get_settings(), folder)
    except TalentError as exc:
        raise fail(exc) from None
    console.print(f"Backed up into {folder}:", highlight=False)
    _print_files(report.files)
    console.print(
        f"Wrote {len(report.files)} files ({report.total_bytes:,} bytes) and {MANIFEST} in "
        f"{report.seconds:.2f} s: data version {report.data_version}, index version "
        f"{report.index_version}. Not included: TALENT_HOME/cache (rebuilt when missing).",
        highlight=False,
    )
    if report.attempts > 1:
        console.print(
            f"The index changed while it was copied; attempt {report.attempts} was consistent.",
            highlight=False,
        )


def restore(
    folder: Annotated[Path, typer.Argument(help="A folder `talent backup` wrote.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Replace without asking first.")] = False,
) -> None:
    """Replace the database and the search index under TALENT_HOME with a backup's. Stop
    `talent serve` first and start it again after."""
    settings = get_settings()
    if not yes:
        typer.confirm(
            f"Replace the database and the search index in {settings.home} with the backup in "
            f"{folder}? What changed since that backup is lost.",
            abort=True,
        )
    try:
        with console.status(f"Verifying and restoring {folder}…"):
            report = restore_home(settings, folder)
    except TalentError as exc:
        raise fail(exc) from None
    console.print(f"Restored into {report.home}:", highlight=False)
    _print_files(report.files)
    (data_before, index_before) = report.backup_versions
    console.print(
        f"Restored the backup of {report.created_at} (talent-insights {report.app_version}) "
        f"in {report.seconds:.2f} s; every checksum matched. Data version {data_before} → "
        f"{report.data_version}, index version {index_before} → {report.index_version}. "
        "Start `talent serve` again if it was running: it holds the old index open.",
        highlight=False,
    )
    if not report.with_index:
        console.print("The backup holds no search index: build it with `talent index`.")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
