"""What an AI initiative needs: its competencies (technical and soft), the named teams'
coverage, the gaps, build / buy / borrow for each, and a dated roadmap."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.capabilities.base import Capability, Turn, everyone
from agent.capabilities.initiatives_common import analysed, found, named
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots


class InitiativeArgs(Args):
    initiative: str = Field(min_length=1, max_length=128, description="initiative id")


def run(ctx: ToolContext, args: InitiativeArgs) -> ToolResult:
    data = analysed(ctx, found(ctx, args.initiative))
    citations = [Citation(data["initiative_id"], "initiative", data["title"])]
    return ToolResult("initiative_needs", args.model_dump(), data, citations)


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    return {"initiative": named(slots, turn)}


CAPABILITY = Capability(
    name="initiative_needs",
    description="An AI initiative's needs: the competencies read from its use case "
    "(technical and soft), the named teams' coverage and gaps, build / buy / borrow for "
    "each, and a dated roadmap.",
    fill=fill,
    args=InitiativeArgs,
    run=run,
    access=everyone,
    template="answers/initiative.j2",
    who="everyone sees what it needs; coverage, gaps and the roadmap: HR, admins, "
    "evaluators and managers of the named teams",
    suggestion="What do we need for the support copilot?",
    suggest=("What do we need for our AI initiative?",),
    examples=(
        "What skills does the chatbot rollout need?",
        "competencies for the AI initiative",
        "Which skills are we missing for the claims triage project?",
        "What would it take to deliver the AI use case?",
        "skills gap for the copilot initiative",
        "Do the teams on the copilot have what it needs?",
        "Should we train, hire or borrow for the fraud detection initiative?",
        "roadmap for the AI project",
        "What does our new AI use case require from people?",
    ),
)
