"""Cross-training programmes as stored: the draft, its decision, and who opted in with the
practice actions they have done. What the figures mean is domain/programmes.py's."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from core.errors import ConflictError, NotFoundError, PreconditionFailed, UserError
from domain.erasure import Identity
from storage import schema
from storage.rows import forget_in_columns

STATUSES = ("draft", "approved", "rejected", "closed")
# From each status, where a decision may take it.
TRANSITIONS = {"draft": ("approved", "rejected"), "approved": ("closed",)}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class ProgrammeRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def create(
        self,
        title: str,
        departments: tuple[str, str],
        starts: date,
        ends: date,
        tracks: list[dict[str, Any]],
        created_by: str,
    ) -> dict[str, Any]:
        programme_id = f"PRG-{uuid.uuid4().hex[:8]}"
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.programmes).values(
                    programme_id=programme_id,
                    title=title,
                    first_department=departments[0],
                    second_department=departments[1],
                    starts=starts,
                    ends=ends,
                    status="draft",
                    tracks=tracks,
                    created_at=_now(),
                    created_by=created_by,
                    comment="",
                    version=1,
                )
            )
        return self.get(programme_id)

    def get(self, programme_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.programmes).where(schema.programmes.c.programme_id == programme_id)
            ).first()
            if row is None:
                raise NotFoundError(f"no programme '{programme_id}'")
            return self._public(conn, row)

    def list(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(schema.programmes).order_by(
                    schema.programmes.c.starts.desc(), schema.programmes.c.programme_id
                )
            ).all()
            return [self._public(conn, row) for row in rows]

    def _public(self, conn: Connection, row: Any) -> dict[str, Any]:
        participants = conn.execute(
            select(schema.programme_participants)
            .where(schema.programme_participants.c.programme_id == row.programme_id)
            .order_by(schema.programme_participants.c.employee_id)
        ).all()
        return {
            "programme_id": row.programme_id,
            "title": row.title,
            "departments": [row.first_department, row.second_department],
            "starts": row.starts.isoformat(),
            "ends": row.ends.isoformat(),
            "status": row.status,
            "tracks": row.tracks,
            "created_at": row.created_at.isoformat(),
            "created_by": row.created_by,
            "decided_by": row.decided_by,
            "decided_at": row.decided_at.isoformat() if row.decided_at else None,
            "comment": row.comment,
            "version": row.version,
            "participants": [
                {
                    "employee_id": p.employee_id,
                    "joined_on": p.joined_on.isoformat(),
                    "left_on": p.left_on.isoformat() if p.left_on else None,
                    "recorded_by": p.recorded_by,
                    "done": {str(k): v for k, v in (p.done or {}).items()},
                }
                for p in participants
            ],
        }

    def decide(
        self,
        programme_id: str,
        status: str,
        actor: str,
        comment: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        current = self.get(programme_id)
        if expected_version is not None and current["version"] != expected_version:
            raise PreconditionFailed(
                f"the programme changed since you read it: it is now {current['status']}. "
                "Read it again, then decide."
            )
        allowed = TRANSITIONS.get(current["status"], ())
        if status not in allowed:
            raise UserError(
                f"the programme is {current['status']} and cannot become {status}"
                + (f" (it may become {' or '.join(allowed)})" if allowed else "")
            )
        with self.engine.begin() as conn:
            done = conn.execute(
                update(schema.programmes)
                .where(
                    schema.programmes.c.programme_id == programme_id,
                    schema.programmes.c.version == current["version"],
                )
                .values(
                    status=status,
                    decided_by=actor,
                    decided_at=_now(),
                    comment=comment,
                    version=current["version"] + 1,
                )
            )
            if done.rowcount != 1:
                raise ConflictError(f"programme '{programme_id}' changed meanwhile; read it again")
        return self.get(programme_id)

    def opt_in(self, programme_id: str, employee_id: str, day: date, recorded_by: str) -> None:
        """The person takes part from `day` (again, if they had withdrawn)."""
        with self.engine.begin() as conn:
            found = conn.execute(
                select(schema.programme_participants).where(
                    schema.programme_participants.c.programme_id == programme_id,
                    schema.programme_participants.c.employee_id == employee_id,
                )
            ).first()
            if found is None:
                conn.execute(
                    insert(schema.programme_participants).values(
                        programme_id=programme_id,
                        employee_id=employee_id,
                        joined_on=day,
                        left_on=None,
                        recorded_by=recorded_by,
                        done={},
                    )
                )
            elif found.left_on is not None:
                conn.execute(
                    self._row(programme_id, employee_id).values(
                        left_on=None, recorded_by=recorded_by
                    )
                )

    def withdraw(self, programme_id: str, employee_id: str, day: date) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                self._row(programme_id, employee_id)
                .where(schema.programme_participants.c.left_on.is_(None))
                .values(left_on=day)
            )

    def mark_done(self, programme_id: str, employee_id: str, action: int, day: date) -> None:
        with self.engine.begin() as conn:
            found = conn.execute(
                select(schema.programme_participants.c.done).where(
                    schema.programme_participants.c.programme_id == programme_id,
                    schema.programme_participants.c.employee_id == employee_id,
                )
            ).first()
            if found is None:
                raise NotFoundError(f"'{employee_id}' does not take part in '{programme_id}'")
            done = {str(k): v for k, v in (found.done or {}).items()}
            done.setdefault(str(action), day.isoformat())
            conn.execute(self._row(programme_id, employee_id).values(done=done))

    @staticmethod
    def _row(programme_id: str, employee_id: str) -> Any:
        return update(schema.programme_participants).where(
            schema.programme_participants.c.programme_id == programme_id,
            schema.programme_participants.c.employee_id == employee_id,
        )

    def forget_employee(self, conn: Connection, person: Identity, key_names: set[str]) -> None:
        """Within the erasure's transaction: their participation goes; a programme they
        drafted or decided (or one of their keys did) names nobody."""
        conn.execute(
            delete(schema.programme_participants).where(
                schema.programme_participants.c.employee_id == person.employee_id
            )
        )
        forget_in_columns(
            conn,
            schema.programmes,
            "programme_id",
            ("created_by", "decided_by", "comment", "title"),
            person,
            key_names,
        )
