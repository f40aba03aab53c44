"""Learning completions an LMS reported (ingest/completions.py), matched to a person and a
catalogue resource, kept as the evidence behind the plan actions they complete.

Idempotent by statement id: the same statement again changes nothing; the same id with
other content is refused (xAPI's 409). Matching is exact and never guessed: a person by
email, employee id or what the identity provider provisioned (userName, externalId); a
resource by its id, its URL, or an activity IRI ending in its id. What matches nothing is
kept as unknown_person or unknown_activity and listed for HR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update

from core.errors import ConflictError
from domain.erasure import Identity
from domain.models import Completion
from storage import schema
from storage.directory import DirectoryRepository
from storage.plans import PlanRepository

# The status of a kept completion.
MATCHED = "matched"  # person and resource known, plans not yet updated
APPLIED = "applied"  # plans updated (or none had the resource)
UNKNOWN_PERSON = "unknown_person"
UNKNOWN_ACTIVITY = "unknown_activity"
UNMATCHED = (UNKNOWN_PERSON, UNKNOWN_ACTIVITY)
EVIDENCE = "course completion"


@dataclass
class CompletionReport:
    """What a batch of completions did."""

    received: int = 0
    new: int = 0
    unchanged: int = 0  # sent before: nothing done again
    ignored: int = 0  # not a completion (another verb)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    completed_actions: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)  # as they now are

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "new": self.new,
            "unchanged": self.unchanged,
            "ignored": self.ignored,
            "unmatched": self.unmatched,
            "completed_actions": self.completed_actions,
        }


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class CompletionRepository:
    def __init__(self, engine: Engine, plans: PlanRepository, directory: DirectoryRepository):
        self.engine = engine
        self.plans = plans
        self.directory = directory

    def record(
        self, completions: Sequence[Completion | str], source: str, dry_run: bool = False
    ) -> CompletionReport:
        """Keep new completions (all, or none if any id is reused with other content),
        then complete the plan actions they match. `dry_run`: say what would happen."""
        report = CompletionReport(received=len(completions))
        kept = [c for c in completions if isinstance(c, Completion)]
        report.ignored = len(completions) - len(kept)
        resources = self._resources()
        table = schema.learning_completions
        pending: list[dict[str, Any]] = []
        with self.engine.begin() as conn:
            ids = [c.statement_id for c in kept]
            stored = {
                r.statement_id: r
                for r in conn.execute(select(table).where(table.c.statement_id.in_(ids)))
            }
            for completion in kept:
                before = stored.get(completion.statement_id)
                if before is not None:
                    if before.digest != completion.digest:
                        raise ConflictError(
                            f"statement '{completion.statement_id}' was received before with "
                            "other content; a statement cannot change"
                        )
                    report.unchanged += 1
                    if before.status == MATCHED:  # stopped before its plans were updated
                        pending.append(dict(before._mapping))
                    continue
                row = self._matched(conn, completion, source, resources)
                report.new += 1
                if row["status"] in UNMATCHED:
                    report.unmatched.append(_public(row))
                else:
                    pending.append(row)
                if not dry_run:
                    conn.execute(insert(table).values(**row))
        for row in pending:
            if dry_run:
                report.completed_actions.extend(self._would_complete(row))
            else:
                self._apply(row, report)
        return report

    def _would_complete(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The plan actions `_apply` would complete (a dry run)."""
        return [
            {
                "plan_id": plan["plan_id"],
                "action": index,
                "employee_id": row["employee_id"],
                "resource_id": row["resource_id"],
            }
            for plan in self.plans.list(row["employee_id"])
            if plan["status"] in ("approved", "in_progress")
            for index, action in enumerate(plan["actions"])
            if action.get("resource_id") == row["resource_id"] and not action.get("done")
        ]

    def _matched(
        self, conn: Connection, completion: Completion, source: str, resources: dict[str, str]
    ) -> dict[str, Any]:
        employee_id = self._person(conn, completion.person)
        resource_id = _resource(completion.activity_id, resources)
        status = (
            UNKNOWN_PERSON
            if employee_id is None
            else UNKNOWN_ACTIVITY
            if resource_id is None
            else MATCHED
        )
        return {
            "statement_id": completion.statement_id,
            "source": source[:256],
            "person": completion.person,
            "employee_id": employee_id,
            "activity_id": completion.activity_id,
            "activity_name": completion.activity_name,
            "resource_id": resource_id,
            "verb": completion.verb,
            "completed_on": completion.on,
            "status": status,
            "actions": [],
            "digest": completion.digest,
            "received_at": _now(),
        }

    def _person(self, conn: Connection, person: str) -> str | None:
        """The one employee `person` names: an employee id, a work email, or what the
        identity provider provisioned; None when none or several do."""
        for attribute in ("id", "emails.value", "userName", "externalId"):
            found = self.directory.find_users(attribute, person)
            if len(found) == 1:
                return found[0]
            if found:
                return None  # two people: not guessed
        return None

    def _resources(self) -> dict[str, str]:
        """Every way an activity may name a resource (its id, its URL), case aside."""
        r = schema.learning_resources
        names: dict[str, str] = {}
        with self.engine.connect() as conn:
            for resource_id, url in conn.execute(select(r.c.resource_id, r.c.url)):
                names[resource_id.casefold()] = resource_id
                if url:
                    names[url.rstrip("/").casefold()] = resource_id
        return names

    def _apply(self, row: dict[str, Any], report: CompletionReport) -> None:
        """Complete the plan actions the completion matches, then mark it applied."""
        evidence = {
            "source": EVIDENCE,
            "on": row["completed_on"].isoformat(),
            "reported_by": row["source"],
            "statement_id": row["statement_id"],
        }
        plans = self.plans.complete_resource(
            row["employee_id"], row["resource_id"], row["completed_on"], evidence
        )
        done = [
            {"plan_id": p["plan_id"], "action": i}
            for p in plans
            for i, a in enumerate(p["actions"])
            if (a.get("evidence") or {}).get("statement_id") == row["statement_id"]
        ]
        table = schema.learning_completions
        with self.engine.begin() as conn:
            conn.execute(
                update(table)
                .where(table.c.statement_id == row["statement_id"])
                .values(status=APPLIED, actions=done)
            )
        report.completed_actions.extend(
            {**d, "employee_id": row["employee_id"], "resource_id": row["resource_id"]}
            for d in done
        )
        report.plans.extend(plans)

    # ------------------------------------------------------------------ reading

    def list(
        self, status: str | None = None, employee_id: str | None = None, limit: int = 500
    ) -> list[dict[str, Any]]:
        """Kept completions, newest first: `status` "unmatched" for both kinds."""
        table = schema.learning_completions
        query = select(table).order_by(table.c.received_at.desc(), table.c.statement_id)
        if status == "unmatched":
            query = query.where(table.c.status.in_(UNMATCHED))
        elif status:
            query = query.where(table.c.status == status)
        if employee_id:
            query = query.where(table.c.employee_id == employee_id)
        with self.engine.connect() as conn:
            return [_public(dict(r._mapping)) for r in conn.execute(query.limit(limit))]

    def counts(self) -> dict[str, int]:
        table = schema.learning_completions
        with self.engine.connect() as conn:
            return {
                status: int(n)
                for status, n in conn.execute(
                    select(table.c.status, func.count()).group_by(table.c.status)
                )
            }

    def forget_employee(self, conn: Connection, person: Identity) -> None:
        """Within the caller's transaction (erasure): their completions, and unmatched ones
        whose reported person is their email or id, go."""
        table = schema.learning_completions
        conn.execute(
            delete(table).where(
                or_(
                    table.c.employee_id == person.employee_id,
                    func.lower(table.c.person).in_(
                        [person.employee_id.lower(), person.email.lower()]
                    ),
                )
            )
        )


def _resource(activity_id: str, names: dict[str, str]) -> str | None:
    key = activity_id.rstrip("/").casefold()
    if key in names:
        return names[key]
    last = key.rsplit("/", 1)[-1].rsplit(":", 1)[-1]  # …/courses/LR-K8S-101, urn:…:LR-K8S-101
    return names.get(last)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "statement_id": row["statement_id"],
        "source": row["source"],
        "person": row["person"],
        "employee_id": row["employee_id"],
        "activity_id": row["activity_id"],
        "activity_name": row["activity_name"],
        "resource_id": row["resource_id"],
        "verb": row["verb"],
        "completed_on": row["completed_on"].isoformat(),
        "status": row["status"],
        "actions": row["actions"] or [],
        "received_at": row["received_at"].isoformat(),
    }
