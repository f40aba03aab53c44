"""Uploaded files: their names are checked before they touch the disk, and errors about
them name the upload, never the temporary folder it was saved in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.errors import UserError

MAX_NAME = 200


def upload_name(filename: str | None) -> str:
    """The file's own name (no folders), refused when no file system would take it."""
    name = Path(filename or "").name
    if not name or name in {".", ".."}:
        raise UserError("the upload has no filename")
    if len(name) > MAX_NAME or "\x00" in name:
        raise UserError(
            f"the filename '{name[:40]}…' is longer than {MAX_NAME} characters; rename the file"
            if len(name) > MAX_NAME
            else "the filename holds a NUL character; rename the file"
        )
    return name


@contextmanager
def naming_the_upload(folder: str) -> Iterator[None]:
    """Errors raised inside name the uploaded file, not `folder`."""
    try:
        yield
    except UserError as exc:
        message = str(exc).replace(folder + "/", "").replace(folder, "the upload")
        # Keep the kind of error (404, 409…) where it is built from a message alone.
        try:
            renamed = type(exc)(message)
        except TypeError:
            renamed = UserError(message)
        raise renamed from None
