"""What an identity provider provisions over SCIM (api/scim): users and groups.

Every employee is a SCIM user, whose id is the employee id. The provider's own names for
the person (userName, externalId, given and family name, job title) sit beside the employee
record in `directory_users`; an employee the provider never named is known by email.
Deactivating a user records a leave and reactivating a hire, so the person's history stays
and the talent-flow figures see it. Each write to a user notes which person it changed
(rows.people_changed): serving processes update that person alone, never reload everyone.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, or_, select, update

from core.errors import ConflictError, NotFoundError, UserError
from domain.models import FIRST_YEAR, EmploymentEvent, EventType
from domain.talent_flow import left_by
from domain.text import is_identifier, name_key, plain_name
from storage import schema
from storage.rows import people_changed

# Where a person the provider names no department for is counted (a department and a
# team are required of every employee); the HRIS import or the next change fills it in.
UNASSIGNED = "Unassigned"
# The day a user first provisioned as inactive is taken to have left: before any figure's
# window, so they are not in the organisation and never counted as a leaver.
BEFORE_RECORDS = date(FIRST_YEAR, 1, 1)
# The ids of events a provider's change implied start with this.
SCIM_EVENT = "scim-"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Address:
    """An email address as the provider sent it."""

    value: str
    type: str | None = None
    primary: bool | None = None
    display: str | None = None


@dataclass(frozen=True)
class Sent:
    """A user's attributes as the provider last sent them (None: not sent). They are
    returned as sent, since SCIM clients compare what they read with what they wrote;
    the employee record takes what it needs from them (`name`, `email`)."""

    user_name: str
    external_id: str | None = None
    employee_number: str | None = None
    display_name: str | None = None
    formatted_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    title: str | None = None
    department: str | None = None
    manager_id: str | None = None
    emails: tuple[Address, ...] = ()
    active: bool | None = None

    @property
    def named(self) -> bool:
        """Whether the provider sent any form of the person's name."""
        parts = (self.display_name, self.formatted_name, self.given_name, self.family_name)
        return any(parts)

    @property
    def name(self) -> str:
        """The person's name on the employee record."""
        parts = " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.display_name or self.formatted_name or parts or self.user_name

    @property
    def email(self) -> str:
        """The work address on the employee record: the primary one, else the first,
        else the userName when it is an address."""
        chosen = next((a for a in self.emails if a.primary), None) or next(iter(self.emails), None)
        if chosen is not None:
            return chosen.value
        return self.user_name if "@" in self.user_name else ""


@dataclass(frozen=True)
class DirectoryUser:
    """A SCIM user: what the provider sent (or, for an employee it never named, what the
    employee record says) and whether they are employed on the day asked."""

    employee_id: str
    sent: Sent
    employed: bool
    groups: tuple[tuple[str, str], ...]  # (group id, display name)
    created_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True)
class DirectoryGroup:
    group_id: str
    display_name: str
    external_id: str | None
    members: tuple[tuple[str, str], ...]  # (employee id, name)
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class GroupChange:
    display_name: str
    external_id: str | None = None
    members: tuple[str, ...] = ()  # employee ids


class DirectoryRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ users: reading

    def user(self, employee_id: str, day: date) -> DirectoryUser:
        found = self.users([employee_id], day)
        if not found:
            raise NotFoundError(f"no user '{employee_id}'")
        return found[0]

    def users(self, employee_ids: Sequence[str], day: date) -> list[DirectoryUser]:
        """These users as they stand on `day`, in the order asked (unknown ids left out)."""
        if not employee_ids:
            return []
        e, d, m, g = (
            schema.employees,
            schema.directory_users,
            schema.directory_members,
            schema.directory_groups,
        )
        ids = list(dict.fromkeys(employee_ids))
        with self.engine.connect() as c:
            rows = {
                r.employee_id: r
                for r in c.execute(
                    select(e, *[column.label(f"d_{column.name}") for column in d.c])
                    .select_from(e.outerjoin(d, d.c.employee_id == e.c.employee_id))
                    .where(e.c.employee_id.in_(ids))
                )
            }
            groups: dict[str, list[tuple[str, str]]] = {}
            for member in c.execute(
                select(m.c.employee_id, g.c.group_id, g.c.display_name)
                .join(g, g.c.group_id == m.c.group_id)
                .where(m.c.employee_id.in_(ids))
                .order_by(g.c.display_name)
            ):
                groups.setdefault(member.employee_id, []).append(
                    (member.group_id, member.display_name)
                )
            events = _events_of(c, ids)
        return [
            DirectoryUser(
                employee_id=r.employee_id,
                sent=_sent(r),
                employed=not left_by(r.hire_date, events.get(r.employee_id, ()), day),
                groups=tuple(groups.get(r.employee_id, ())),
                created_at=r.d_created_at,
                updated_at=r.d_updated_at,
            )
            for employee_id in ids
            if (r := rows.get(employee_id)) is not None
        ]

    def user_ids(self) -> list[str]:
        """Every user's id, in order (a listing or search without an indexed equality)."""
        with self.engine.connect() as c:
            return list(c.scalars(select(schema.employees.c.employee_id).order_by("employee_id")))

    def find_users(self, attribute: str, value: str) -> list[str]:
        """Ids of the users whose `attribute` equals `value` (userName and emails case
        aside), found by index: how identity providers look a user up before creating it.
        `attribute` is one of USER_KEYS."""
        e, d = schema.employees, schema.directory_users
        with self.engine.connect() as c:
            if attribute == "id":
                return list(c.scalars(select(e.c.employee_id).where(e.c.employee_id == value)))
            if attribute == "employeeNumber":
                numbered = set(
                    c.scalars(select(d.c.employee_id).where(d.c.employee_number == value))
                )
                own = c.execute(
                    select(e.c.employee_id, d.c.employee_number)
                    .select_from(e.outerjoin(d, d.c.employee_id == e.c.employee_id))
                    .where(e.c.employee_id == value)
                ).first()
                if own is not None and own.employee_number is None:
                    numbered.add(own.employee_id)
                return sorted(numbered)
            if attribute == "externalId":
                return list(c.scalars(select(d.c.employee_id).where(d.c.external_id == value)))
            if attribute == "userName":
                named = set(c.scalars(select(d.c.employee_id).where(d.c.user_name == _key(value))))
                return sorted(named | self._unnamed_by_email(c, value))
            if attribute == "emails.value":
                return sorted(self._by_email(c, value))
        raise UserError(f"users cannot be looked up by '{attribute}'")

    @staticmethod
    def _by_email(c: Connection, value: str) -> set[str]:
        e = schema.employees
        return set(c.scalars(select(e.c.employee_id).where(e.c.email.in_({value, _key(value)}))))

    def _unnamed_by_email(self, c: Connection, value: str) -> set[str]:
        """People the provider never named, whose email is `value`: their userName."""
        found = self._by_email(c, value)
        if not found:
            return found
        d = schema.directory_users
        named = set(c.scalars(select(d.c.employee_id).where(d.c.employee_id.in_(found))))
        return found - named

    # ------------------------------------------------------------------ users: writing

    def create_user(self, change: Sent, day: date) -> str:
        """A new employee from the provider; returns their id (the employee number sent,
        or a new one). Refuses a userName or employee number already taken."""
        employee_id = change.employee_number
        now = _now()
        columns = _columns(change, now)  # checked before anything is written
        with self.engine.begin() as c:
            if employee_id is None:
                employee_id = f"U-{secrets.token_hex(5)}"
            elif not is_identifier(employee_id):
                raise UserError(
                    f"employeeNumber '{employee_id}' is not a usable id: letters, digits "
                    "and _ . : - only, at most 128"
                )
            elif _exists(c, employee_id):
                raise ConflictError(f"employeeNumber '{employee_id}' is another user's")
            self._check(c, employee_id, change)
            department = plain_name(change.department or "") or UNASSIGNED
            c.execute(
                insert(schema.employees).values(
                    employee_id=employee_id,
                    name=plain_name(change.name),
                    email=change.email,
                    department=department,
                    team=department,
                    role_id=_role_titled(c, change.title or ""),
                    manager_id=change.manager_id,
                    hire_date=None,
                    goal_role_id=None,
                )
            )
            c.execute(
                insert(schema.directory_users).values(
                    employee_id=employee_id, created_at=now, **columns
                )
            )
            if change.active is False:
                _record(c, employee_id, EventType.LEAVE, BEFORE_RECORDS)
            people_changed(c, [employee_id])
        return employee_id

    def replace_user(self, employee_id: str, change: Sent, day: date) -> None:
        """The user's new state: their employee record follows it; a deactivation records
        a leave on `day` and a reactivation a hire; a new job title naming one of our roles
        moves them to it (a move event)."""
        e = schema.employees
        now = _now()
        columns = _columns(change, now)  # checked before anything is written
        with self.engine.begin() as c:
            row = c.execute(select(e).where(e.c.employee_id == employee_id)).first()
            if row is None:
                raise NotFoundError(f"no user '{employee_id}'")
            self._check(c, employee_id, change)
            department = plain_name(change.department or "") or row.department
            team = department if row.team == row.department else row.team
            role_id = _role_titled(c, change.title or "") or row.role_id
            c.execute(
                update(e)
                .where(e.c.employee_id == employee_id)
                .values(
                    # a change that sends no name, or no address, leaves the one on record
                    name=plain_name(change.name) if change.named else row.name,
                    email=change.email or row.email,
                    department=department,
                    team=team,
                    role_id=role_id,
                    manager_id=change.manager_id,
                )
            )
            was_active = not left_by(
                row.hire_date, _events_of(c, [employee_id]).get(employee_id, ()), day
            )
            stays = change.active is not False  # not sent: no change to employment
            if was_active and not stays and not _undone(c, employee_id, EventType.HIRE, day):
                _record(c, employee_id, EventType.LEAVE, day, role_id=row.role_id, team=row.team)
            elif stays and not was_active and not _undone(c, employee_id, EventType.LEAVE, day):
                _record(c, employee_id, EventType.HIRE, day, role_id=role_id, team=team)
            elif role_id != row.role_id and stays:
                _record(c, employee_id, EventType.MOVE, day, role_id=role_id, team=team)
            d = schema.directory_users
            if c.scalar(select(d.c.employee_id).where(d.c.employee_id == employee_id)):
                c.execute(update(d).where(d.c.employee_id == employee_id).values(**columns))
            else:
                c.execute(insert(d).values(employee_id=employee_id, created_at=now, **columns))
            people_changed(c, [employee_id])

    def _check(self, c: Connection, employee_id: str, change: Sent) -> None:
        """userName unique (case aside), the manager a user here and not the person."""
        d = schema.directory_users
        holder = c.scalar(select(d.c.employee_id).where(d.c.user_name == _key(change.user_name)))
        if holder is None:
            holder = next(iter(self._unnamed_by_email(c, change.user_name) - {employee_id}), None)
        if holder is not None and holder != employee_id:
            raise ConflictError(f"userName '{change.user_name}' is another user's")
        if change.manager_id is not None:
            if change.manager_id == employee_id:
                raise UserError("manager: a user cannot be their own manager")
            if not _exists(c, change.manager_id):
                raise UserError(
                    f"manager: '{change.manager_id}' is no user here (a manager is named by "
                    "the id of their SCIM user, which is their employee id)"
                )
            if employee_id in _managers_above(c, change.manager_id):
                raise UserError(
                    f"manager: '{change.manager_id}' reports to {employee_id} (directly or "
                    "not): a person cannot manage their own manager"
                )

    # ------------------------------------------------------------------ groups

    def group(self, group_id: str) -> DirectoryGroup:
        found = self.groups([group_id])
        if not found:
            raise NotFoundError(f"no group '{group_id}'")
        return found[0]

    def groups(self, group_ids: Sequence[str]) -> list[DirectoryGroup]:
        g, m, e = schema.directory_groups, schema.directory_members, schema.employees
        ids = list(dict.fromkeys(group_ids))
        with self.engine.connect() as c:
            rows = {r.group_id: r for r in c.execute(select(g).where(g.c.group_id.in_(ids)))}
            members: dict[str, list[tuple[str, str]]] = {}
            for member in c.execute(
                select(m.c.group_id, e.c.employee_id, e.c.name)
                .join(e, e.c.employee_id == m.c.employee_id)
                .where(m.c.group_id.in_(ids))
                .order_by(e.c.employee_id)
            ):
                members.setdefault(member.group_id, []).append((member.employee_id, member.name))
        return [
            DirectoryGroup(
                r.group_id,
                r.display_name,
                r.external_id,
                tuple(members.get(r.group_id, ())),
                r.created_at,
                r.updated_at,
            )
            for group_id in ids
            if (r := rows.get(group_id)) is not None
        ]

    def group_ids(self) -> list[str]:
        g = schema.directory_groups
        with self.engine.connect() as c:
            return list(c.scalars(select(g.c.group_id).order_by(g.c.group_id)))

    def find_groups(self, attribute: str, value: str) -> list[str]:
        g = schema.directory_groups
        column = {
            "id": g.c.group_id,
            "displayName": g.c.display_name,
            "externalId": g.c.external_id,
        }
        if attribute not in column:
            raise UserError(f"groups cannot be looked up by '{attribute}'")
        with self.engine.connect() as c:
            return list(c.scalars(select(g.c.group_id).where(column[attribute] == value)))

    def create_group(self, change: GroupChange) -> str:
        group_id = secrets.token_hex(8)
        with self.engine.begin() as c:
            now = _now()
            self._check_group(c, group_id, change)
            c.execute(
                insert(schema.directory_groups).values(
                    group_id=group_id,
                    display_name=plain_name(change.display_name),
                    external_id=change.external_id,
                    created_at=now,
                    updated_at=now,
                )
            )
            _set_members(c, group_id, change.members)
        return group_id

    def replace_group(self, group_id: str, change: GroupChange) -> None:
        g = schema.directory_groups
        with self.engine.begin() as c:
            if c.scalar(select(g.c.group_id).where(g.c.group_id == group_id)) is None:
                raise NotFoundError(f"no group '{group_id}'")
            self._check_group(c, group_id, change)
            c.execute(
                update(g)
                .where(g.c.group_id == group_id)
                .values(
                    display_name=plain_name(change.display_name),
                    external_id=change.external_id,
                    updated_at=_now(),
                )
            )
            _set_members(c, group_id, change.members)

    def delete_group(self, group_id: str) -> None:
        g = schema.directory_groups
        with self.engine.begin() as c:
            if c.execute(delete(g).where(g.c.group_id == group_id)).rowcount == 0:
                raise NotFoundError(f"no group '{group_id}'")

    def group_names_of(self, employee_id: str) -> list[str]:
        """The display names of the groups a person is a member of (their access role)."""
        g, m = schema.directory_groups, schema.directory_members
        with self.engine.connect() as c:
            return list(
                c.scalars(
                    select(g.c.display_name)
                    .join(m, m.c.group_id == g.c.group_id)
                    .where(m.c.employee_id == employee_id)
                    .order_by(g.c.display_name)
                )
            )

    def group_names(self, ids: Sequence[str]) -> list[str]:
        """The display names of the groups these ids name, by our id or the provider's
        (externalId): how a token listing group ids maps to roles."""
        g = schema.directory_groups
        wanted = list(set(ids))[:500]
        if not wanted:
            return []
        with self.engine.connect() as c:
            return list(
                c.scalars(
                    select(g.c.display_name).where(
                        or_(g.c.group_id.in_(wanted), g.c.external_id.in_(wanted))
                    )
                )
            )

    @staticmethod
    def _check_group(c: Connection, group_id: str, change: GroupChange) -> None:
        g = schema.directory_groups
        _fit("externalId", change.external_id or "")
        holder = c.scalar(
            select(g.c.group_id).where(
                func.lower(g.c.display_name) == plain_name(change.display_name).lower()
            )
        )
        if holder is not None and holder != group_id:
            raise ConflictError(f"displayName '{change.display_name}' is another group's")
        unknown = sorted(set(change.members) - _existing(c, change.members))
        if unknown:
            raise UserError(
                f"members: {', '.join(unknown[:5])} {'is' if len(unknown) == 1 else 'are'} "
                "no user here (a group's members are users, named by their id)"
            )


# What find_users looks users up by (each served by an index).
USER_KEYS = ("id", "userName", "externalId", "employeeNumber", "emails.value")
GROUP_KEYS = ("id", "displayName", "externalId")


def _key(user_name: str) -> str:
    return user_name.strip().casefold()


def _sent(r: Row[Any]) -> Sent:
    """What the provider sent for this person, or what their employee record says when it
    never named them."""
    if r.d_employee_id is None:
        return Sent(
            user_name=r.email or r.employee_id,
            employee_number=r.employee_id,
            display_name=r.name,
            formatted_name=r.name,
            department=r.department,
            manager_id=r.manager_id,
            emails=(Address(r.email, "work", True),) if r.email else (),
            active=True,
        )
    return Sent(
        user_name=r.d_user_name,
        external_id=r.d_external_id,
        employee_number=r.d_employee_number,
        display_name=r.d_display_name,
        formatted_name=r.d_formatted_name,
        given_name=r.d_given_name,
        family_name=r.d_family_name,
        title=r.d_title,
        department=r.d_department,
        manager_id=r.manager_id,
        emails=tuple(Address(**a) for a in r.d_emails or ()),
        active=r.d_active,
    )


def _columns(sent: Sent, now: datetime) -> dict[str, Any]:
    """The directory row of what was sent; every text is checked to fit."""
    texts = {
        "display_name": ("displayName", sent.display_name),
        "formatted_name": ("name.formatted", sent.formatted_name),
        "given_name": ("name.givenName", sent.given_name),
        "family_name": ("name.familyName", sent.family_name),
        "title": ("title", sent.title),
        "department": ("department", sent.department),
        "external_id": ("externalId", sent.external_id),
        "employee_number": ("employeeNumber", sent.employee_number),
    }
    row: dict[str, Any] = {"user_name": _key(_fit("userName", sent.user_name))}
    for column, (attribute, value) in texts.items():
        row[column] = None if value is None else plain_name(_fit(attribute, value))
    row["emails"] = [
        {
            "value": _fit("emails.value", a.value),
            "type": a.type,
            "primary": a.primary,
            "display": None if a.display is None else plain_name(_fit("emails.display", a.display)),
        }
        for a in sent.emails
    ]
    row["active"] = sent.active
    row["updated_at"] = now
    return row


def _fit(attribute: str, value: str, limit: int = 256) -> str:
    if len(value) > limit:
        raise UserError(f"{attribute}: longer than {limit} characters")
    return value


def _exists(c: Connection, employee_id: str) -> bool:
    e = schema.employees
    return c.scalar(select(e.c.employee_id).where(e.c.employee_id == employee_id)) is not None


def _managers_above(c: Connection, employee_id: str) -> set[str]:
    """Everyone up `employee_id`'s line of managers (stops at a cycle already stored)."""
    e = schema.employees
    seen: set[str] = set()
    current: str | None = employee_id
    while current is not None and current not in seen:
        seen.add(current)
        current = c.scalar(select(e.c.manager_id).where(e.c.employee_id == current))
    return seen


def _existing(c: Connection, employee_ids: Iterable[str]) -> set[str]:
    e = schema.employees
    wanted = list(set(employee_ids))
    return set(c.scalars(select(e.c.employee_id).where(e.c.employee_id.in_(wanted))))


def _role_titled(c: Connection, title: str) -> str | None:
    """The role whose title is this job title (case and spacing aside), if exactly one."""
    if not title.strip():
        return None
    r = schema.roles
    wanted = name_key(title)
    found = [
        row.role_id
        for row in c.execute(select(r.c.role_id, r.c.title))
        if name_key(row.title) == wanted
    ]
    return found[0] if len(found) == 1 else None


def _events_of(c: Connection, employee_ids: Sequence[str]) -> dict[str, list[EmploymentEvent]]:
    t = schema.employment_events
    found: dict[str, list[EmploymentEvent]] = {}
    for r in c.execute(
        select(t.c.event_id, t.c.employee_id, t.c.type, t.c.on)
        .where(t.c.employee_id.in_(list(employee_ids)), t.c.type.in_(["hire", "leave"]))
        .order_by(t.c.on, t.c.event_id)
    ):
        found.setdefault(r.employee_id, []).append(
            EmploymentEvent(
                event_id=r.event_id, employee_id=r.employee_id, type=EventType(r.type), on=r.on
            )
        )
    return found


def _record(
    c: Connection,
    employee_id: str,
    kind: EventType,
    on: date,
    role_id: str | None = None,
    team: str | None = None,
) -> None:
    """An employment event the provider's change implies (the reason for a leave is not
    known: `voluntary` stays empty)."""
    c.execute(
        insert(schema.employment_events).values(
            event_id=f"{SCIM_EVENT}{secrets.token_hex(6)}",
            employee_id=employee_id,
            type=kind.value,
            on=on,
            role_id=role_id,
            team=team,
            voluntary=None,
        )
    )


def _undone(c: Connection, employee_id: str, kind: EventType, day: date) -> bool:
    """A change undoing one made over SCIM the same day (deactivated by mistake and
    reactivated): that event is deleted rather than another recorded. Whether one was."""
    t = schema.employment_events
    deleted = c.execute(
        delete(t).where(
            t.c.employee_id == employee_id,
            t.c.type == kind.value,
            t.c.on == day,
            t.c.event_id.startswith(SCIM_EVENT),
        )
    )
    return bool(deleted.rowcount)


def _set_members(c: Connection, group_id: str, members: Iterable[str]) -> None:
    m = schema.directory_members
    c.execute(delete(m).where(m.c.group_id == group_id))
    rows = [{"group_id": group_id, "employee_id": e} for e in sorted(set(members))]
    if rows:
        c.execute(insert(m), rows)
