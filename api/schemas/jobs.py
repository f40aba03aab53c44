from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas.base import Public


class JobPublic(Public):
    """Long work run in the background (a large framework upload)."""

    job_id: str
    kind: str = Field(description="framework")
    state: str = Field(description="queued, running, succeeded or failed")
    stage: str = Field(description="what it is doing now, in words")
    done: int
    total: int
    progress: float | None = Field(description="done ÷ total of the stage, when known")
    request: dict[str, Any]
    result: dict[str, Any] | None = Field(
        description="when succeeded: what the upload would have answered (format, counts, "
        "warnings, inferred_requirements, index)"
    )
    errors: list[str] = Field(description="when failed: why, naming file, line and field")
    created_by: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    attempts: int = Field(description="runs so far (more than one: a worker stopped)")


class JobsPublic(Public):
    jobs: list[JobPublic]
