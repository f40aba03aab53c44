"""`talent keys`: API keys bound to a role (and an employee for managers and employees)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cli.output import console, fail
from core.errors import TalentError
from services import Services
from storage.store import Store

keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)

# The sample organisation's demo callers: who each role's key speaks for.
DEMO = [
    ("admin", None, "demo-admin"),
    ("hr", None, "demo-hr"),
    ("manager", "E012", "demo-manager-ingrid"),
    ("employee", "E013", "demo-employee-dana"),
    ("evaluator", None, "demo-evaluator"),
]


def _store() -> Store:
    return Services.from_settings().store


@keys_app.command("create")
def create(
    role: Annotated[
        str,
        typer.Option(
            help="admin, hr, manager, employee or evaluator; for systems: provisioning "
            "(SCIM, /scim/v2) or lms (learning completions, /xapi)"
        ),
    ],
    employee: Annotated[str | None, typer.Option(help="Employee id (managers, employees).")] = None,
    name: Annotated[str, typer.Option(help="A label shown in the audit log.")] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a key. It is printed once; only its hash is stored."""
    try:
        record = _store().keys.create(role, employee, name)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(record))
        return
    console.print(
        f"Key {record['key_id']} ({record['name']}, role {role}): {record['key']}", highlight=False
    )
    console.print("Store it now: it cannot be shown again.")


@keys_app.command("list")
def list_keys(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List keys (never the keys themselves)."""
    rows = _store().keys.list()
    if as_json:
        typer.echo(json.dumps(rows))
        return
    table = Table(title="API keys")
    for column in ("key_id", "name", "role", "employee", "created", "revoked"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["key_id"],
            r["name"],
            r["role"],
            r["employee_id"] or "",
            r["created_at"],
            "yes" if r["revoked"] else "",
        )
    console.print(table)


@keys_app.command("revoke")
def revoke(key_id: str) -> None:
    """Revoke a key by its id."""
    try:
        _store().keys.revoke(key_id)
    except TalentError as exc:
        raise fail(exc) from None
    console.print(f"Key {key_id} revoked.")


@keys_app.command("demo")
def demo() -> None:
    """(Re)create one demo key per role for the sample organisation and print them."""
    store = _store()
    try:
        for record in store.keys.list():
            if record["name"].startswith("demo-") and not record["revoked"]:
                store.keys.revoke(record["key_id"])
        console.print("Demo API keys (sample organisation), one per role:")
        for role, employee, name in DEMO:
            record = store.keys.create(role, employee, name)
            who = f" as {employee}" if employee else ""
            console.print(f"  {role:<9}{who:<9} {record['key']}", highlight=False)
    except TalentError as exc:
        raise fail(exc) from None
