"""What a tool call runs in and what it returns: the caller's context, the structured result
and the records it used (its citations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from agent.access import Caller
from domain.insights import Insights
from domain.org import Org
from retrieval.knowledge import Knowledge
from storage.initiatives import InitiativeRepository
from storage.plans import PlanRepository
from storage.programmes import ProgrammeRepository
from storage.scorecard import ScorecardRepository


@dataclass(frozen=True)
class Citation:
    id: str
    type: str
    title: str
    snippet: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "title": self.title, "snippet": self.snippet}


@dataclass
class ToolResult:
    tool: str
    args: dict[str, Any]
    data: dict[str, Any]
    citations: list[Citation] = field(default_factory=list)


@dataclass
class ToolContext:
    """What one request runs in: who asks, the analytics (with the configured thresholds and
    plan defaults), search over the index, and where drafted plans are kept."""

    caller: Caller
    insights: Insights
    knowledge: Knowledge
    plans: PlanRepository
    currency: str  # what costs are in (Settings.currency)
    scorecard: ScorecardRepository | None = None  # targets, recorded series, decisions
    programmes: ProgrammeRepository | None = None  # cross-training programmes
    initiatives: InitiativeRepository | None = None  # AI initiatives

    @property
    def org(self) -> Org:
        return self.insights.org


class Args(BaseModel):
    # Unknown arguments are an error: a model cannot smuggle in "role" or "caller".
    model_config = ConfigDict(extra="forbid")


def employee_citation(ctx: ToolContext, employee_id: str) -> Citation:
    e = ctx.org.employees[employee_id]
    return Citation(employee_id, "employee", e.name, f"{e.team}, {e.department}")


def role_citation(ctx: ToolContext, role_id: str) -> Citation:
    role = ctx.org.roles[role_id]
    return Citation(role_id, "role", role.title, f"{len(role.requirements)} requirements")


def group_citation(label: str, people: int) -> Citation:
    return Citation(label, "group", label, f"{people} people")
