"""API keys: created with a role (and, for employees and managers, an employee id), stored
as SHA-256 hashes, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, update

from core.errors import NotFoundError, UserError
from core.settings import MACHINE_ROLES, ROLES
from domain.erasure import ERASED, Identity
from storage import schema

PREFIX = "ti_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


# Every request asks it: built once.
_ACTIVE_KEY = select(schema.api_keys).where(
    schema.api_keys.c.key_hash == bindparam("key_hash"), schema.api_keys.c.revoked_at.is_(None)
)


class KeyRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def create(self, role: str, employee_id: str | None = None, name: str = "") -> dict[str, Any]:
        """Returns the record and the key itself, which is never shown again."""
        if role not in ROLES + MACHINE_ROLES:
            raise UserError(f"unknown role '{role}' (one of {', '.join(ROLES + MACHINE_ROLES)})")
        if role in MACHINE_ROLES and employee_id:
            raise UserError(f"a {role} key is a system's, bound to nobody (no --employee)")
        if role in ("manager", "employee") and not employee_id:
            raise UserError(f"a {role} key must be bound to an employee (--employee ID)")
        with self.engine.begin() as conn:
            if (
                employee_id
                and conn.scalar(
                    select(schema.employees.c.employee_id).where(
                        schema.employees.c.employee_id == employee_id
                    )
                )
                is None
            ):
                raise NotFoundError(f"no employee '{employee_id}'")
            key = PREFIX + secrets.token_urlsafe(24)
            key_id = secrets.token_hex(6)
            record = {
                "key_id": key_id,
                "name": name or f"{role}-{key_id}",
                "role": role,
                "employee_id": employee_id,
                "key_hash": _hash(key),
                "created_at": _now(),
                "revoked_at": None,
            }
            conn.execute(insert(schema.api_keys).values(**record))
        return {**_public(record), "key": key}

    def verify(self, key: str) -> dict[str, Any] | None:
        """The active key record for a presented key, or None."""
        if not key.startswith(PREFIX):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(_ACTIVE_KEY, {"key_hash": _hash(key)}).mappings().first()
        return _public(dict(row)) if row else None

    def list(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.api_keys).order_by(schema.api_keys.c.created_at))
            return [_public(dict(r)) for r in rows.mappings()]

    def revoke(self, key_id: str) -> None:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(schema.api_keys)
                .where(schema.api_keys.c.key_id == key_id, schema.api_keys.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
        if result.rowcount == 0:
            raise NotFoundError(f"no active key '{key_id}'")

    def forget_employee(self, conn: Any, person: Identity) -> dict[str, str]:
        """Within the caller's transaction (erasure): keys bound to them are revoked and lose
        their name and binding (the row stays: other records cite its id); other keys whose
        name mentions them are renamed. Returns their keys' ids and former names."""
        keys = schema.api_keys
        theirs: dict[str, str] = {
            key_id: name
            for key_id, name in conn.execute(
                select(keys.c.key_id, keys.c.name).where(keys.c.employee_id == person.employee_id)
            ).all()
        }
        if theirs:
            conn.execute(
                update(keys)
                .where(keys.c.key_id.in_(list(theirs)))
                .values(
                    name=ERASED,
                    employee_id=None,
                    revoked_at=func.coalesce(keys.c.revoked_at, _now()),
                )
            )
        for key_id, name in conn.execute(select(keys.c.key_id, keys.c.name)).all():
            if key_id not in theirs and person.mentioned_in(name):
                conn.execute(update(keys).where(keys.c.key_id == key_id).values(name=ERASED))
        return theirs


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "key_id": record["key_id"],
        "name": record["name"],
        "role": record["role"],
        "employee_id": record["employee_id"],
        "created_at": record["created_at"].isoformat(),
        "revoked": record["revoked_at"] is not None,
    }
