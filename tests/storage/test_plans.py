"""Plan state changes are conditional: when two people decide at once, one wins and the
other is told the plan changed; concurrent progress marks are never lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from core.errors import ConflictError, PreconditionFailed, UserError
from services import Services
from tests.support.organisations import sample_services


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return sample_services(tmp_path)


def _draft(services: Services) -> dict[str, Any]:
    draft = services.insights().plan("E013", "senior-data-engineer")
    return services.store.plans.save_draft(draft, created_by="test")


def _together(*calls: Any) -> list[Any]:
    """Run the calls at the same moment; each result is a value or the exception raised."""
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _reading_together(plans: Any, parties: int) -> Any:
    """`plans.get` whose first call in each thread waits for the other threads' (a
    barrier): "at once" then means every party decided on the same plan, even on a busy
    machine where one thread could finish before the other starts (approved → rejected is
    a legal change, so done one after the other both would rightly win)."""
    original = plans.get
    local = threading.local()
    barrier = threading.Barrier(parties)

    def get(plan_id: str) -> dict[str, Any]:
        plan = original(plan_id)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait(timeout=10)
        return plan

    return get


def test_approve_and_reject_at_once_have_exactly_one_winner(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = services.store.plans
    for _ in range(10):
        plan_id = _draft(services)["plan_id"]
        monkeypatch.setattr(plans, "get", _reading_together(plans, 2))
        results = _together(
            lambda p=plan_id: plans.set_status(p, "approved", "ingrid", "go"),
            lambda p=plan_id: plans.set_status(p, "rejected", "hr", "no budget"),
        )
        winners = [r for r in results if isinstance(r, dict)]
        losers = [r for r in results if isinstance(r, UserError)]
        assert len(winners) == 1 and len(losers) == 1, results
        # The loser learns what became of the plan: changed meanwhile, or already decided.
        assert winners[0]["status"] in str(losers[0])
        monkeypatch.undo()
        assert plans.get(plan_id)["status"] == winners[0]["status"]


def test_concurrent_progress_marks_are_all_kept(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = services.store.plans
    plan = _draft(services)
    plans.set_status(plan["plan_id"], "approved", "ingrid")
    read = plans.get

    def slow_read(plan_id: str) -> dict[str, Any]:
        found = read(plan_id)
        time.sleep(0.005)  # a slow disk: every mark reads, then writes a little later
        return found

    monkeypatch.setattr(plans, "get", slow_read)
    count = len(plan["actions"])
    assert count >= 3
    for _ in range(5):
        _together(*[lambda i=i: plans.mark_done(plan["plan_id"], i) for i in range(count - 1)])
        _together(
            *[lambda i=i: plans.mark_done(plan["plan_id"], i, False) for i in range(count - 1)]
        )
    _together(*[lambda i=i: plans.mark_done(plan["plan_id"], i) for i in range(count - 1)])
    done = [a["done"] for a in plans.get(plan["plan_id"])["actions"]]
    assert done == [True] * (count - 1) + [False]
    assert plans.get(plan["plan_id"])["status"] == "in_progress"


def test_a_stale_decision_says_what_the_plan_is_now(services: Services) -> None:
    plans = services.store.plans
    plan_id = _draft(services)["plan_id"]
    plans.set_status(plan_id, "rejected", "hr", "no budget")
    with pytest.raises(UserError, match="rejected"):
        plans.set_status(plan_id, "approved", "ingrid")


def test_a_decision_on_the_version_read_earlier_is_refused_and_says_what_happened(
    services: Services,
) -> None:
    """The red-team case: approve, then reject the plan the rejecter saw as a draft. Both got
    200 (approved → rejected is a legal change); the rejecter never saw the approval."""
    plans = services.store.plans
    plan = _draft(services)
    seen = plan["version"]
    plans.set_status(plan["plan_id"], "approved", "ingrid", "go", expected_version=seen)
    with pytest.raises(PreconditionFailed, match="now approved by ingrid"):
        plans.set_status(plan["plan_id"], "rejected", "hr", "no budget", expected_version=seen)
    assert plans.get(plan["plan_id"])["status"] == "approved"


def test_two_deciders_on_the_same_version_have_exactly_one_winner(services: Services) -> None:
    plans = services.store.plans
    for _ in range(10):
        plan = _draft(services)
        seen = plan["version"]
        results = _together(
            lambda p=plan["plan_id"], v=seen: plans.set_status(p, "approved", "ingrid", "", v),
            lambda p=plan["plan_id"], v=seen: plans.set_status(p, "rejected", "hr", "no", v),
        )
        winners = [r for r in results if isinstance(r, dict)]
        losers = [r for r in results if isinstance(r, ConflictError)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert plans.get(plan["plan_id"])["status"] == winners[0]["status"]


def test_a_progress_mark_on_a_stale_version_is_refused(services: Services) -> None:
    plans = services.store.plans
    plan = plans.set_status(_draft(services)["plan_id"], "approved", "ingrid")
    seen = plan["version"]
    plans.mark_done(plan["plan_id"], 0, expected_version=seen)
    with pytest.raises(PreconditionFailed, match="now in_progress"):
        plans.mark_done(plan["plan_id"], 1, expected_version=seen)
    assert [a["done"] for a in plans.get(plan["plan_id"])["actions"][:2]] == [True, False]
