"""The rate limits are counted in the database: two limiters on separate connections (as
two workers, or two servers, would hold) share one limit per key, exactly, on SQLite and
on PostgreSQL. A clock stands in for time so the window's arithmetic is checked exactly."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest

from api.limits import SharedRateLimiter, TooManyRequests
from core.settings import get_settings
from storage.store import Store

MINUTE = 29_000_000 * 60  # a whole minute, in seconds since the epoch


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        request.getfixturevalue("postgres_url")
    return str(request.param)


@pytest.fixture
def stores(database: str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database, as two workers open it."""
    settings = get_settings()
    first, second = Store.from_settings(settings), Store.from_settings(settings)
    yield first, second
    first.close()
    second.close()


def _limiters(
    stores: tuple[Store, Store], clock: Clock, per_minute: int = 3
) -> list[SharedRateLimiter]:
    return [SharedRateLimiter(s.rate_limits, "requests", per_minute, clock) for s in stores]


def test_two_workers_share_one_limit_per_key(stores: tuple[Store, Store]) -> None:
    clock = Clock(MINUTE + 10)
    one, two = _limiters(stores, clock)
    one.hit("key-a")
    two.hit("key-a")
    one.hit("key-a")
    with pytest.raises(TooManyRequests) as refused:
        two.hit("key-a")
    assert refused.value.retry_after >= 50  # this minute's hits count until it ends
    one.hit("key-b")  # another key has its own limit
    with pytest.raises(TooManyRequests):
        one.check("key-a")
    two.check("key-b")  # checking does not count
    two.check("key-b")
    assert stores[0].rate_limits.counts("requests:key-b", MINUTE // 60) == (0, 1)


def test_a_refused_call_is_not_counted_and_the_window_slides(stores: tuple[Store, Store]) -> None:
    clock = Clock(MINUTE + 50)
    one, two = _limiters(stores, clock)
    for limiter in (one, two, one):
        limiter.hit("k")
    for _ in range(5):
        with pytest.raises(TooManyRequests):
            two.hit("k")
    assert stores[0].rate_limits.counts("requests:k", MINUTE // 60) == (0, 3)
    # 15 s into the next minute the window still covers 3/4 of the previous one: 2.25,
    # and one more call would pass 3 until 20 s in, when it covers 2/3 of it.
    clock.now = MINUTE + 75
    with pytest.raises(TooManyRequests) as refused:
        one.hit("k")
    assert refused.value.retry_after == 5
    clock.now = MINUTE + 80
    one.hit("k")  # 2 + 1
    with pytest.raises(TooManyRequests):
        two.hit("k")  # 2 + 2
    # 45 s in: 0.75 + 1 leaves room for one more.
    clock.now = MINUTE + 105
    two.hit("k")
    with pytest.raises(TooManyRequests):
        one.hit("k")
    # Two minutes on, nothing is left of either.
    clock.now = MINUTE + 185
    for limiter in (one, two, one):
        limiter.hit("k")


def test_concurrent_hits_from_two_workers_admit_exactly_the_limit(
    stores: tuple[Store, Store],
) -> None:
    clock = Clock(MINUTE + 5)
    limiters = _limiters(stores, clock, per_minute=10)
    admitted: list[bool] = []
    barrier = threading.Barrier(8)

    def client(i: int) -> None:
        barrier.wait()
        for _ in range(4):
            try:
                limiters[i % 2].hit("shared")
                admitted.append(True)
            except TooManyRequests:
                admitted.append(False)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert admitted.count(True) == 10 and admitted.count(False) == 22


def test_while_another_process_holds_sqlite_requests_are_counted_in_process(
    stores: tuple[Store, Store], database: str
) -> None:
    """A long `talent load` holds SQLite's write lock: requests are still served, limited
    per process meanwhile, and counted in the database again afterwards."""
    if database != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database")
    clock = Clock(MINUTE + 5)
    one, _ = _limiters(stores, clock)
    other = sqlite3.connect(get_settings().home / "talent.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        for _ in range(3):
            one.hit("busy")
        with pytest.raises(TooManyRequests):
            one.hit("busy")
        assert time.monotonic() - started < 4 * 0.2 + 1  # never the 10 s busy timeout
    finally:
        other.execute("ROLLBACK")
        other.close()
    one.hit("busy")
    assert stores[0].rate_limits.counts("requests:busy", MINUTE // 60) == (0, 1)
