"""`talent ask`: put a question to the assistant, as a given caller."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from agent.access import Caller, CallerRole
from cli.output import console, fail
from core.errors import TalentError, UserError
from services import Services


def ask(
    question: Annotated[list[str], typer.Argument(help="The question (words are joined).")],
    as_: Annotated[str | None, typer.Option("--as", help="Ask as this employee id.")] = None,
    role: Annotated[str, typer.Option(help="admin, hr, manager, employee or evaluator")] = "hr",
    conversation: Annotated[str | None, typer.Option(help="Continue a conversation.")] = None,
    capability: Annotated[
        str | None, typer.Option(help="Answer as this capability (one of the offered choices).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Ask a question about skills, gaps, people or plans (offline planner)."""
    try:
        caller = Caller(CallerRole(role), as_)
        answer = Services.from_settings().assistant.ask(
            " ".join(question), caller, conversation, capability
        )
    except ValueError:
        raise fail(UserError(f"unknown role '{role}'")) from None
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False, default=str))
        return
    console.print(answer.answer, highlight=False)
    for choice in answer.choices:
        console.print(f"  - {choice.label} (--capability {choice.capability})", highlight=False)
    if answer.citations:
        console.print(
            "[dim]Sources: "
            + "; ".join(f"{c.type} {c.id} ({c.title})" for c in answer.citations[:8])
            + "[/]",
            highlight=False,
        )
    console.print(
        f"[dim]AI-generated · grounding {answer.grounding} · conversation "
        f"{answer.conversation_id}[/]",
        highlight=False,
    )
