"""Consoles and the one way CLI commands report a user-facing error."""

from __future__ import annotations

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(error: Exception) -> typer.Exit:
    """Print the error for a person and return the exit to raise (code 2)."""
    err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)
