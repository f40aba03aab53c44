from __future__ import annotations

from pydantic import Field

from api.pagination import PagePublic
from api.schemas.base import Public


class CompletedAction(Public):
    plan_id: str
    action: int = Field(description="the action's index in the plan")


class CompletionPublic(Public):
    statement_id: str
    source: str = Field(description="the LMS (its key's name) or csv:<file>")
    person: str = Field(description="whom the LMS named: an email, an id or an account name")
    employee_id: str | None = Field(description="whom that is here; null when nobody")
    name: str | None = Field(default=None, description="their name, when known")
    activity_id: str
    activity_name: str
    resource_id: str | None = Field(description="the catalogue resource; null when none")
    verb: str = Field(examples=["completed", "passed"])
    completed_on: str
    status: str = Field(
        description="applied (plans updated), matched, unknown_person or unknown_activity"
    )
    actions: list[CompletedAction] = Field(description="the plan actions it completed")
    received_at: str


class CompletionsPublic(PagePublic):
    completions: list[CompletionPublic]
    counts: dict[str, int] = Field(description="completions kept, by status")
