"""A small error family. User errors become 4xx at the API edge; dependency errors 503."""

from __future__ import annotations


class TalentError(Exception):
    """Base class for every error this project raises on purpose."""


class UserError(TalentError):
    """Bad input from a person or a file: shown to the user as it is."""


class ValidationError(UserError):
    """A record in an import failed validation; names the file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        field: str = "",
        unit: str = "line",  # "item" for the n-th record (from 1) of a JSON list
    ):
        self.file = file
        self.line = line
        self.field = field
        self.reason = message
        where = []
        if file:
            where.append(file)
        if line is not None:
            where.append(f"{unit} {line}")
        if field:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class NotFoundError(UserError):
    """A named record does not exist."""


class ConflictError(UserError):
    """The record changed since it was read (another decision won); read it again."""


class PreconditionFailed(ConflictError):
    """The record is no longer the version the caller read (If-Match): read it again."""


class AmbiguousNameError(UserError):
    """A name matches several records; the message lists them."""


class DependencyError(TalentError):
    """A service we depend on (store, model, vector index) failed."""
