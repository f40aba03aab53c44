"""Crash points: named places in long work where a test may have the process die as if
killed (`TALENT_CRASH_AT`), to show that the store and the search index agree again after
a restart, whichever step the work stopped at. Off unless configured: `crash_point` is a
set lookup."""

from __future__ import annotations

import logging
import os
import signal

log = logging.getLogger(__name__)
_ARMED: frozenset[str] = frozenset()


def arm(points: list[str] | tuple[str, ...] | frozenset[str]) -> None:
    """Die at these points (from Settings.crash_at; empty disarms)."""
    global _ARMED
    _ARMED = frozenset(points)


def crash_point(name: str) -> None:
    if name in _ARMED:
        log.error("crash point %s reached: the process kills itself (TALENT_CRASH_AT)", name)
        os.kill(os.getpid(), signal.SIGKILL)
