"""Cursor pagination for the lists that grow with the organisation (employees, skills,
roles, plans, documents): `limit` (default 100, at most 1,000) and an opaque `cursor` the
previous page returned as `next_cursor` (null on the last page). Items come in a stable
order (by id), so a page never repeats or skips an item that existed when paging began."""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from pydantic import Field

from api.schemas.base import Public
from core.errors import UserError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
T = TypeVar("T")


class PagePublic(Public):
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page; null on the last page"
    )
    total: int = Field(description="items in the whole list (what the caller may see)")


def _encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise UserError("the cursor is not one this list returned") from None


@dataclass(frozen=True)
class Page:
    limit: int
    cursor: str | None

    def of(
        self, items: Iterable[T], key: Callable[[T], str], descending: bool = False
    ) -> tuple[list[T], dict[str, Any]]:
        """This page of `items` ordered by `key` (highest first when `descending`), and the
        fields every page carries."""
        ordered = sorted(items, key=key, reverse=descending)
        start = 0
        if self.cursor and descending:
            after = _decode(self.cursor)
            start = next((n for n, i in enumerate(ordered) if key(i) < after), len(ordered))
        elif self.cursor:
            start = bisect.bisect_right([key(i) for i in ordered], _decode(self.cursor))
        chunk = ordered[start : start + self.limit]
        more = start + self.limit < len(ordered)
        return chunk, {
            "next_cursor": _encode(key(chunk[-1])) if more and chunk else None,
            "total": len(ordered),
        }


async def _page(  # async: no worker thread for a value (api/deps.py)
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"items per page (at most {MAX_LIMIT})")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=400, description="`next_cursor` of the previous page")
    ] = None,
) -> Page:
    return Page(limit, cursor)


PageDep = Annotated[Page, Depends(_page)]
