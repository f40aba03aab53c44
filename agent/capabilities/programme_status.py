"""A cross-training programme: its tracks, each cohort's progress and milestones, and the
pairs and people's progress the caller may see (never ranked)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from agent.access import require_programme_visible
from agent.capabilities.base import Capability, Turn
from agent.capabilities.programmes_common import chosen, shown, variables
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots

PROGRAMME_ID = re.compile(r"\bPRG-[0-9a-f]{8}\b", re.I)


class ProgrammeArgs(Args):
    programme: str | None = Field(default=None, description="programme id; default: the latest")


def access(ctx: ToolContext, args: ProgrammeArgs) -> None:
    require_programme_visible(ctx.caller, chosen(ctx, args.programme))


def run(ctx: ToolContext, args: ProgrammeArgs) -> ToolResult:
    data = shown(ctx, chosen(ctx, args.programme))
    citations = [Citation(data["programme_id"], "programme", data["title"])]
    return ToolResult("programme_status", args.model_dump(), data, citations)


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    found = PROGRAMME_ID.search(slots.question)
    return {"programme": f"PRG-{found.group(0)[4:].lower()}" if found else None}


CAPABILITY = Capability(
    name="programme_status",
    description="A cross-training programme: its tracks, each cohort's progress and "
    "milestones, and the pairs; HR sees everyone's progress, a participant their own "
    "(nobody is ranked).",
    fill=fill,
    args=ProgrammeArgs,
    run=run,
    access=access,
    template="answers/programme.j2",
    variables=variables,
    who="everyone for approved programmes (cohort figures from the minimum group); people's "
    "progress and pairs: HR and admins, a participant and their managers their own",
    suggestion="How is the cross-training programme going?",
    suggest=("How is the cross-training programme going?",),
    examples=(
        "How is the cross-training programme going?",
        "cross-training progress",
        "Who is my cross-training partner?",
        "Show the HR and IT cross-training pairs",
        "How far has the <DEPARTMENT> cohort got in the exchange programme?",
        "status of the cross training",
        "Which milestones has the cross-training cohort reached?",
        "What is in the cross-training tracks?",
        "How am I doing in the cross-training programme?",
        "Who is paired with whom in the cross-departmental programme?",
    ),
)
