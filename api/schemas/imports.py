from __future__ import annotations

from pydantic import Field

from api.schemas.base import Public


class RecordCounts(Public):
    created: int
    changed: int
    unchanged: int = Field(description="left alone: already as the export says")


class ImportPublic(Public):
    export: str = Field(description="the export's file name")
    system: str = Field(description="the HRIS the mapping is for, as it says")
    rows: int
    dry_run: bool = Field(description="true: counted, nothing written")
    records: dict[str, RecordCounts] = Field(
        description="per kind of record (employees, events, assessments, vacancies)"
    )
    changes: list[str] = Field(
        description="employees and leaves created or changed, field by field (the first 50)"
    )
    warnings: list[str]
