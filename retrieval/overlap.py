"""Embedding the next batch while the current one is written: where the encoder is an
endpoint (or a GPU), the store's writes then cost no extra time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def computed_ahead(
    items: Sequence[Item], work: Callable[[Item], Result], overlap: bool = True
) -> Iterator[tuple[Item, Result]]:
    """(item, work(item)) in order; with `overlap`, the next item's work runs on one
    background thread while the caller handles this one. A failure is raised in order, and
    a caller that stops early leaves at most one item's work to finish."""
    if not overlap or len(items) < 2:
        for item in items:
            yield item, work(item)
        return
    with ThreadPoolExecutor(1, thread_name_prefix="ahead") as pool:
        upcoming: Future[Result] = pool.submit(work, items[0])
        for index, item in enumerate(items):
            result = upcoming.result()
            if index + 1 < len(items):
                upcoming = pool.submit(work, items[index + 1])
            yield item, result
