from __future__ import annotations

from typing import Any

from pydantic import Field

from api.pagination import PagePublic
from api.schemas.base import Public


class DocumentUploadPublic(Public):
    documents: list[dict[str, Any]]
    inferred_requirements: dict[str, list[dict[str, Any]]] = Field(
        description="role_id → requirements read from its text (review them)"
    )
    index: dict[str, Any] | None


class FrameworkUploadPublic(Public):
    format: str
    counts: dict[str, dict[str, int]]
    warnings: list[str]
    inferred_requirements: dict[str, list[dict[str, Any]]]
    index: dict[str, Any] | None


class StoredJobDescription(Public):
    role_id: str
    source_file: str


class StoredProfile(Public):
    employee_id: str
    source_file: str


class DocumentsPublic(PagePublic):
    job_descriptions: list[StoredJobDescription]
    profiles: list[StoredProfile]


class DocumentDeletedPublic(Public):
    deleted: bool
    index: dict[str, Any]
