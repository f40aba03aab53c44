"""Persisted conversation state for follow-up questions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.errors import NotFoundError
from domain.erasure import Identity
from storage import schema

MAX_TURNS = 20
_table = schema.conversations
_UPDATE = (
    update(_table)
    .where(_table.c.conversation_id == bindparam("conversation_id"))
    .values(state=bindparam("state"), updated_at=bindparam("updated_at"))
)


def _upsert(dialect: str) -> Any:
    """Insert a conversation, or update its state: built once, run on every answer."""
    if dialect not in ("sqlite", "postgresql"):
        return None
    insert_for = sqlite_insert if dialect == "sqlite" else postgres_insert
    statement = insert_for(_table)
    return statement.on_conflict_do_update(
        index_elements=[_table.c.conversation_id],
        set_={"state": statement.excluded.state, "updated_at": statement.excluded.updated_at},
    )


class ConversationRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._upsert = _upsert(engine.dialect.name)

    def load(self, conversation_id: str | None, owner: str) -> tuple[str, dict[str, Any]]:
        """(id, state). A new id when none is given. An id that is not the caller's is not
        found, whether it is another caller's or nobody's: which ids exist is not theirs to
        learn (clients send back the ids they were given)."""
        if not conversation_id:
            return f"conv-{uuid.uuid4().hex[:12]}", {"turns": []}
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.conversations).where(
                    schema.conversations.c.conversation_id == conversation_id
                )
            ).first()
        if row is None or row.owner != owner:
            raise NotFoundError("no conversation with that id for this caller")
        return conversation_id, dict(row.state)

    def save(self, conversation_id: str, owner: str, state: dict[str, Any]) -> None:
        state = {**state, "turns": state.get("turns", [])[-MAX_TURNS:]}
        now = datetime.now(UTC).replace(tzinfo=None)
        values = {
            "conversation_id": conversation_id,
            "owner": owner,
            "state": state,
            "updated_at": now,
        }
        with self.engine.begin() as conn:
            if self._upsert is not None:  # one statement per answer (SQLite, PostgreSQL)
                conn.execute(self._upsert, values)
                return
            updated = conn.execute(_UPDATE, values)
            if updated.rowcount == 0:
                conn.execute(insert(schema.conversations), values)

    def forget_employee(self, conn: Any, person: Identity) -> None:
        """Within the caller's transaction: drop conversations owned by them or naming them
        in any form (id, name, first name, email)."""
        rows = conn.execute(select(schema.conversations)).all()
        doomed = [
            r.conversation_id
            for r in rows
            if r.owner.endswith(f":{person.employee_id}") or person.mentioned_in(r.state)
        ]
        for start in range(0, len(doomed), 500):
            conn.execute(
                delete(schema.conversations).where(
                    schema.conversations.c.conversation_id.in_(doomed[start : start + 500])
                )
            )
