"""Who may see what. Enforced in code, before retrieval — never left to a prompt.

- admin, hr: everyone's records; any group's figures; candidates and mentors; plans for anyone.
- manager: their own and their direct and indirect reports' records; figures for groups made
  up of their reports; candidates among their reports; mentors; plans for self and reports.
- employee: their own records and plan only; no group figures, candidate lists or mentor
  lists (their own learning plan names a mentor).
- evaluator: non-personal documents and group figures; nobody's individual records.

Group figures also need at least `min_group_size` people (domain/teams.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from core.errors import UserError
from domain.org import Org


class AccessDenied(UserError):
    """A caller asked for something their role does not allow; the message says why."""


class CallerRole(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    MANAGER = "manager"
    EMPLOYEE = "employee"
    EVALUATOR = "evaluator"


@dataclass(frozen=True)
class Caller:
    role: CallerRole
    employee_id: str | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.role in (CallerRole.MANAGER, CallerRole.EMPLOYEE) and not self.employee_id:
            raise UserError(f"a {self.role.value} caller must be bound to an employee id")

    @property
    def sees_everyone(self) -> bool:
        return self.role in (CallerRole.ADMIN, CallerRole.HR)


def visible_employees(caller: Caller, org: Org) -> set[str] | None:
    """Employee ids whose personal records the caller may see; None means all."""
    if caller.sees_everyone:
        return None
    if caller.role is CallerRole.EVALUATOR or caller.employee_id is None:
        return set()
    if caller.role is CallerRole.MANAGER:
        return {caller.employee_id, *org.reports(caller.employee_id)}
    return {caller.employee_id}


def can_see_employee(caller: Caller, org: Org, employee_id: str) -> bool:
    visible = visible_employees(caller, org)
    return visible is None or employee_id in visible


def require_employee(caller: Caller, org: Org, employee_id: str, what: str = "records") -> None:
    if can_see_employee(caller, org, employee_id):
        return
    if caller.role is CallerRole.EMPLOYEE:
        raise AccessDenied(
            f"As an employee you can see your own {what} only, not a colleague's. "
            "Ask your manager or HR if you need this."
        )
    if caller.role is CallerRole.MANAGER:
        raise AccessDenied(
            f"{org.employees[employee_id].name if employee_id in org.employees else employee_id}"
            f" is not one of your reports, so you cannot see their {what}."
        )
    raise AccessDenied(f"Your role ({caller.role.value}) cannot see individual people's {what}.")


def require_group(caller: Caller, org: Org, member_ids: Iterable[str], label: str) -> None:
    """Aggregates: HR, admin and evaluators for any group; managers inside their reports."""
    if caller.sees_everyone or caller.role is CallerRole.EVALUATOR:
        return
    if caller.role is CallerRole.MANAGER:
        visible = visible_employees(caller, org) or set()
        if set(member_ids) <= visible:
            return
        raise AccessDenied(
            f"{label} is not entirely within your reports; ask HR for figures about it."
        )
    raise AccessDenied(
        "Team and organisation figures are for managers and HR; you can ask about your own "
        "gaps and plan."
    )


def require_people_lists(caller: Caller, what: str) -> None:
    """Rankings and lists of named people (candidates, mentors)."""
    if caller.role in (CallerRole.EMPLOYEE, CallerRole.EVALUATOR):
        raise AccessDenied(
            f"{what} name colleagues, so they are for managers and HR. "
            + (
                "Your own learning plan suggests a mentor."
                if caller.role is CallerRole.EMPLOYEE
                else ""
            )
        )


def candidate_pool(caller: Caller, org: Org) -> set[str] | None:
    """Whom a caller may see ranked as internal candidates; None means everyone."""
    require_people_lists(caller, "Internal candidate lists")
    return visible_employees(caller, org)
