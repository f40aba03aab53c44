"""The scorecard against its targets: each target's figure now, its status and its owners."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import names_on_scorecard, require_organisation_scorecard
from agent.capabilities import flow
from agent.capabilities.base import Capability, Turn
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots
from domain.scorecard import Status


class ScorecardArgs(Args):
    as_of: str | None = Field(default=None, description="the day, YYYY-MM-DD (default: today)")


def access(ctx: ToolContext, args: ScorecardArgs) -> None:
    require_organisation_scorecard(ctx.caller, ctx.org)
    flow.scope_and_day(ctx, flow.FlowArgs(as_of=args.as_of))  # a day to come is refused


def figures(ctx: ToolContext, as_of: str | None) -> dict[str, Any]:
    """The whole organisation's scorecard (without charts), owners named only to those who
    may see them."""
    _, day = flow.scope_and_day(ctx, flow.FlowArgs(as_of=as_of))
    repo = ctx.scorecard
    targets = [repo.as_target(r) for r in repo.targets()] if repo else []
    data = ctx.insights.scorecard(
        targets,
        repo.recorded() if repo else [],
        day,
        plans=ctx.plans.list(),
        programmes=ctx.programmes.list() if ctx.programmes else (),
    )
    if not names_on_scorecard(ctx.caller):
        for figure in data["figures"]:
            for target in figure["targets"]:
                target["hr_owner_name"] = target["it_owner_name"] = None
    return data


def run(ctx: ToolContext, args: ScorecardArgs) -> ToolResult:
    data = figures(ctx, args.as_of)
    targets = [
        {"title": f["title"], "unit": f["unit"], "latest": f["latest"], **t}
        for f in data["figures"]
        for t in f["targets"]
    ]
    order = [s.value for s in (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.MET)]
    targets.sort(key=lambda t: (order.index(t["status"]), t["title"]))
    counts = {s: sum(1 for t in targets if t["status"] == s) for s in order}
    kept = {"as_of": data["as_of"], "targets": targets, "counts": counts}
    return ToolResult(
        "scorecard",
        args.model_dump(),
        kept,
        [Citation("scorecard", "group", "the HR–IT scorecard", f"targets on {data['as_of']}")],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    day = flow.past_day(slots, turn.org.as_of, turn.previous("as_of"))
    return {"as_of": day} if day else {}


CAPABILITY = Capability(
    name="scorecard",
    description="The HR–IT scorecard against its targets: each target's figure now, whether "
    "it is met, on track, at risk or off track, and its HR and IT owners.",
    fill=fill,
    args=ScorecardArgs,
    run=run,
    access=access,
    template="answers/scorecard.j2",
    uses=frozenset({"date"}),
    who="HR, admins and evaluators (without owners' names)",
    suggestion="Are we on track with our HR–IT targets?",
    suggest=("Are we on track with our HR–IT targets?",),
    examples=(
        "Are we on track with our targets?",
        "scorecard",
        "Which targets are at risk?",
        "Show the scorecard against the targets",
        "How are we doing against the HR-IT targets?",
        "Which goals are off track and who owns them?",
        "target status",
        "Are we going to hit our retention target?",
        "Who owns the time to fill target?",
        "What did the scorecard look like at the end of <DATE>?",
    ),
)
