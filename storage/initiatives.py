"""AI initiatives as stored: the text, target date and teams, and the competencies read from
the text, kept as inferred until HR or IT review them (as a role's requirements are)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from core.errors import NotFoundError
from domain.erasure import Identity
from storage import schema
from storage.rows import forget_in_columns


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _public(row: Any) -> dict[str, Any]:
    return {
        "initiative_id": row.initiative_id,
        "title": row.title,
        "description": row.description,
        "target": row.target.isoformat(),
        "teams": list(row.teams),
        "competencies": list(row.competencies),
        "source": row.source,
        "updated_at": row.updated_at.isoformat(),
        "updated_by": row.updated_by,
        "reviewed_by": row.reviewed_by,
        "reviewed_at": row.reviewed_at.isoformat() if row.reviewed_at else None,
    }


class InitiativeRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def save(
        self,
        initiative_id: str,
        title: str,
        description: str,
        target: date,
        teams: list[str],
        competencies: list[dict[str, Any]],
        source: str,
        actor: str,
    ) -> tuple[dict[str, Any], str]:
        """Create or update an initiative; ("created" | "updated" | "unchanged"). A text
        that did not change keeps its competencies as they were reviewed."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(schema.initiatives).where(
                    schema.initiatives.c.initiative_id == initiative_id
                )
            ).first()
            values = {
                "title": title,
                "description": description,
                "target": target,
                "teams": teams,
                "source": source,
            }
            if row is None:
                conn.execute(
                    insert(schema.initiatives).values(
                        initiative_id=initiative_id,
                        competencies=competencies,
                        updated_at=_now(),
                        updated_by=actor,
                        **values,
                    )
                )
                outcome = "created"
            elif all(getattr(row, k) == v for k, v in values.items()):
                outcome = "unchanged"
            else:
                changed = dict(values, updated_at=_now(), updated_by=actor)
                if row.description != description:  # a new text: read its competencies again
                    changed.update(competencies=competencies, reviewed_by=None, reviewed_at=None)
                conn.execute(
                    update(schema.initiatives)
                    .where(schema.initiatives.c.initiative_id == initiative_id)
                    .values(**changed)
                )
                outcome = "updated"
        return self.get(initiative_id), outcome

    def get(self, initiative_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.initiatives).where(
                    schema.initiatives.c.initiative_id == initiative_id
                )
            ).first()
        if row is None:
            raise NotFoundError(f"no initiative '{initiative_id}'")
        return _public(row)

    def titles(self) -> dict[str, str]:
        """id -> title of every initiative: what a question may name (read per question)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(schema.initiatives.c.initiative_id, schema.initiatives.c.title)
            ).all()
        return {r.initiative_id: r.title for r in rows}

    def all(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(schema.initiatives).order_by(
                    schema.initiatives.c.target, schema.initiatives.c.initiative_id
                )
            ).all()
        return [_public(r) for r in rows]

    def review(
        self, initiative_id: str, competencies: list[dict[str, Any]], actor: str
    ) -> dict[str, Any]:
        """The reviewed competencies replace the inferred ones and become declared."""
        self.get(initiative_id)
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.initiatives)
                .where(schema.initiatives.c.initiative_id == initiative_id)
                .values(
                    competencies=[{**c, "inferred": False} for c in competencies],
                    reviewed_by=actor,
                    reviewed_at=_now(),
                )
            )
        return self.get(initiative_id)

    def forget_employee(self, conn: Connection, person: Identity, key_names: set[str]) -> None:
        """Within the erasure's transaction: who wrote or reviewed an initiative, if it was
        them (or one of their keys), is forgotten."""
        forget_in_columns(
            conn,
            schema.initiatives,
            "initiative_id",
            ("updated_by", "reviewed_by"),
            person,
            key_names,
        )
