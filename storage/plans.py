"""Persisted learning plans and their approval workflow."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select, update

from core.errors import ConflictError, NotFoundError, PreconditionFailed, UserError
from domain.erasure import ERASED, Identity
from domain.plans import PlanDraft, PlanStatus, check_transition, without_mentor
from storage import schema

# What a plan keeps in its JSON payload (the rest are columns).
PAYLOAD_KEYS = (
    "gaps",
    "actions",
    "next_horizon",
    "budget_hours",
    "scheduled_hours",
    "total_cost",
    "action_count",
    "next_horizon_count",
)


MARK_ATTEMPTS = 20


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


# How a stored actor label ("manager:E012") is read out; the API names the person.
Namer = Callable[[str], str | None]


def _as_stored(label: str) -> str:
    return label


def _still(plan: dict[str, Any], expected_version: int | None, name: Namer = _as_stored) -> None:
    """The plan is the version the caller read, or PreconditionFailed saying what it is now."""
    if expected_version is None or plan["version"] == expected_version:
        return
    decided = (
        f" by {name(plan['decided_by']) or plan['decided_by']} on {plan['decided_at']}"
        if plan.get("decided_by") and plan["status"] in ("approved", "rejected")
        else ""
    )
    raise PreconditionFailed(
        f"the plan changed since you read it: it is now {plan['status']}{decided}. "
        "Read it again, then decide."
    )


def _public(row: Any) -> dict[str, Any]:
    payload = dict(row.payload)
    return {
        "plan_id": row.plan_id,
        "employee_id": row.employee_id,
        "role_id": row.role_id,
        "status": row.status,
        "weeks": row.weeks,
        "hours_per_week": row.hours_per_week,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
        "decided_by": row.decided_by,
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
        "comment": row.comment,
        "updated_at": row.updated_at.isoformat(),
        "version": row.version or 0,
        **payload,
        "progress": _progress(payload.get("actions") or []),
    }


def _progress(actions: list[dict[str, Any]]) -> dict[str, Any]:
    """How far a plan has got: actions and hours done of all."""
    done = [a for a in actions if a.get("done")]
    return {
        "done": len(done),
        "total": len(actions),
        "hours_done": round(sum(float(a.get("hours") or 0) for a in done), 1),
        "hours_total": round(sum(float(a.get("hours") or 0) for a in actions), 1),
    }


class PlanRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def save_draft(self, draft: PlanDraft, created_by: str = "") -> dict[str, Any]:
        plan_id = f"PLAN-{uuid.uuid4().hex[:10]}"
        body = draft.to_dict()
        payload = {k: body[k] for k in PAYLOAD_KEYS}
        # to the microsecond: plans are listed newest first, and two drafted within one
        # second must still come in the order they were made
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.learning_plans).values(
                    plan_id=plan_id,
                    employee_id=draft.employee_id,
                    role_id=draft.role_id,
                    status=PlanStatus.DRAFT.value,
                    weeks=draft.weeks,
                    hours_per_week=draft.hours_per_week,
                    created_at=now,
                    created_by=created_by,
                    comment="",
                    updated_at=now,
                    payload=payload,
                )
            )
        return self.get(plan_id)

    def get(self, plan_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.learning_plans).where(schema.learning_plans.c.plan_id == plan_id)
            ).first()
        if row is None:
            raise NotFoundError(f"no learning plan '{plan_id}'")
        return _public(row)

    def list(
        self, employee_id: str | None = None, status: str | None = None
    ) -> list[dict[str, Any]]:
        query = select(schema.learning_plans).order_by(schema.learning_plans.c.created_at)
        if employee_id:
            query = query.where(schema.learning_plans.c.employee_id == employee_id)
        if status:
            query = query.where(schema.learning_plans.c.status == status)
        with self.engine.connect() as conn:
            return [_public(r) for r in conn.execute(query)]

    def set_status(
        self,
        plan_id: str,
        status: str,
        actor: str,
        comment: str = "",
        expected_version: int | None = None,
        name: Namer = _as_stored,
    ) -> dict[str, Any]:
        """Move a plan along draft → approved → in_progress → completed (or rejected).
        Conditional on the plan being as it was read: of two decisions taken at once, one
        wins and the other gets ConflictError. `expected_version` (the version the decider
        saw, If-Match): a plan changed since then is PreconditionFailed, whatever the
        change, so nobody rejects a plan without having seen it approved."""
        try:
            target = PlanStatus(status)
        except ValueError:
            raise UserError(f"unknown plan status '{status}'") from None
        if not actor.strip():
            raise UserError("a plan decision must name the person who takes it")
        plan = self.get(plan_id)
        _still(plan, expected_version, name)
        check_transition(PlanStatus(plan["status"]), target)
        values: dict[str, Any] = {"status": target.value, "updated_at": _now()}
        if target in (PlanStatus.APPROVED, PlanStatus.REJECTED):
            values.update(decided_by=actor, decided_at=_now(), comment=comment)
        elif comment:
            values["comment"] = comment
        try:
            self._update_if_unchanged(plan, values)
        except ConflictError:
            if expected_version is None:
                raise
            _still(self.get(plan_id), expected_version, name)
            raise
        return self.get(plan_id)

    def mark_done(
        self,
        plan_id: str,
        action_index: int,
        done: bool = True,
        expected_version: int | None = None,
        name: Namer = _as_stored,
        on: date | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Record progress on an approved plan; the first done action starts it, the last
        completes it. Marks made at once on different actions are all kept: a mark that
        lost the race is applied again to the plan as it now is — unless the caller named
        the version it saw (`expected_version`), which must still be the plan's."""
        for _attempt in range(MARK_ATTEMPTS):
            plan = self.get(plan_id)
            _still(plan, expected_version, name)
            status = PlanStatus(plan["status"])
            if status not in (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS):
                raise UserError(
                    f"only an approved plan records progress; this one is {status.value}"
                )
            actions = plan["actions"]
            if not 0 <= action_index < len(actions):
                raise UserError(f"the plan has actions 0–{len(actions) - 1}; got {action_index}")
            actions[action_index]["done"] = done
            # the day it was done: learning hours done are counted by when (domain/scorecard.py)
            if done:
                actions[action_index]["done_on"] = (on or _now().date()).isoformat()
                if evidence is not None:  # what says so: a course completion the LMS reported
                    actions[action_index]["evidence"] = evidence
            else:
                actions[action_index].pop("done_on", None)
                actions[action_index].pop("evidence", None)
            new_status = (
                PlanStatus.COMPLETED if all(a["done"] for a in actions) else PlanStatus.IN_PROGRESS
            )
            payload = {k: plan[k] for k in PAYLOAD_KEYS}
            try:
                self._update_if_unchanged(
                    plan, {"payload": payload, "status": new_status.value, "updated_at": _now()}
                )
            except ConflictError:
                continue
            return self.get(plan_id)
        raise ConflictError(f"plan '{plan_id}' is being changed by others; try again")

    def complete_resource(
        self, employee_id: str, resource_id: str, on: date, evidence: dict[str, Any]
    ) -> builtins.list[dict[str, Any]]:
        """A person finished a catalogue resource: every action of their approved (or
        started) plans that takes that resource and is not yet done becomes done on `on`,
        with the evidence. Returns the plans as they now are, each once."""
        changed: dict[str, dict[str, Any]] = {}
        for plan in self.list(employee_id):
            if plan["status"] not in (PlanStatus.APPROVED.value, PlanStatus.IN_PROGRESS.value):
                continue
            for index, action in enumerate(plan["actions"]):
                if action.get("resource_id") == resource_id and not action.get("done"):
                    changed[plan["plan_id"]] = self.mark_done(
                        plan["plan_id"], index, on=on, evidence=evidence
                    )
        return list(changed.values())

    def _update_if_unchanged(self, plan: dict[str, Any], values: dict[str, Any]) -> None:
        """Write `values` if the plan is still the version read; else ConflictError."""
        table = schema.learning_plans
        version = int(plan.get("version") or 0)
        with self.engine.begin() as conn:
            updated = conn.execute(
                update(table)
                .where(
                    table.c.plan_id == plan["plan_id"],
                    table.c.status == plan["status"],
                    func.coalesce(table.c.version, 0) == version,
                )
                .values(**values, version=version + 1)
            )
        if updated.rowcount != 1:
            now = self.get(plan["plan_id"])["status"]
            raise ConflictError(
                f"plan '{plan['plan_id']}' changed while this was decided: it is now {now}; "
                "read it again"
            )

    def forget_employee(self, conn: Any, person: Identity, key_names: set[str]) -> None:
        """Within the caller's transaction (erasure). Their own plans go with their employee
        row (cascade); in other people's plans a mentoring action they were to give stays,
        with nobody named, and comments or decisions naming them (or taken with one of their
        keys) lose the name."""
        for plan in conn.execute(select(schema.learning_plans)).mappings().all():
            values: dict[str, Any] = {}
            if person.mentioned_in(plan["payload"]):
                values["payload"] = person.redact_all(
                    {
                        **plan["payload"],
                        **{
                            part: [
                                without_mentor(a, person)
                                if a.get("mentor_id") == person.employee_id
                                else a
                                for a in plan["payload"].get(part, [])
                            ]
                            for part in ("actions", "next_horizon")
                        },
                    }
                )
            for column in ("comment", "decided_by", "created_by"):
                text = plan[column] or ""
                if text in key_names:
                    values[column] = ERASED
                elif person.mentioned_in(text):
                    values[column] = person.redact(text)
            if values:
                conn.execute(
                    update(schema.learning_plans)
                    .where(schema.learning_plans.c.plan_id == plan["plan_id"])
                    .values(**values)
                )
