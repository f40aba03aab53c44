"""Who may see what. Enforced in code, before retrieval — never left to a prompt.

- admin, hr: everyone's records; any group's figures; candidates and mentors; plans for anyone.
- manager: their own and their direct and indirect reports' records; figures for groups made
  up of their reports; candidates among their reports; mentors; plans for self and reports.
- employee: their own records and plan only; no group figures, candidate lists or mentor
  lists (their own learning plan names a mentor).
- evaluator: non-personal documents and group figures; nobody's individual records.

Group figures also need at least `min_group_size` people (domain/teams.py).

Every access decision is a named `require_*` rule (or a `visible_*` filter) in this file;
the tools and the REST routers call them and decide nothing themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from core.errors import NotFoundError, UserError
from domain.models import Employee
from domain.names import resolve_by_id_or_name
from domain.org import Org
from domain.programmes import cohorts
from domain.talent_flow import Scope


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


def visible_employee(caller: Caller, org: Org, text: str, what: str = "records") -> Employee:
    """The person `text` names (an id, a name, a unique prefix), for a caller who may see
    them. A caller who may not see everyone gets the same refusal for a name or id that
    names nobody as for someone they may not see, and names are resolved among the people
    they may see only: which ids exist, and who else is called Dana, are not theirs to learn."""
    visible = visible_employees(caller, org)
    if visible is None:
        return org.employee(text)
    names = {e: org.employees[e].name for e in visible if e in org.employees}
    try:
        return org.employees[resolve_by_id_or_name(text, names, "employee")]
    except NotFoundError:
        raise not_visible(caller, what) from None


def require_employee(caller: Caller, org: Org, employee_id: str, what: str = "records") -> None:
    if not can_see_employee(caller, org, employee_id):
        raise not_visible(caller, what)


def not_visible(caller: Caller, what: str) -> AccessDenied:
    """The one refusal for a person the caller may not see, or who does not exist."""
    if caller.role is CallerRole.EMPLOYEE:
        return AccessDenied(
            f"As an employee you can see your own {what} only, not a colleague's. "
            "Ask your manager or HR if you need this."
        )
    if caller.role is CallerRole.MANAGER:
        # Named by neither name nor id: a refusal must not tell who is behind an id.
        return AccessDenied(
            f"That person is not one of your reports, so you cannot see their {what}. "
            "Ask HR if you need this."
        )
    return AccessDenied(f"Your role ({caller.role.value}) cannot see individual people's {what}.")


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


def sees_individually(caller: Caller, org: Org, member_ids: Iterable[str]) -> bool:
    """Whether the caller may see every one of these people's own records (then figures
    about a few of them tell the caller nothing new)."""
    visible = visible_employees(caller, org)
    return visible is None or set(member_ids) <= visible


def require_group_figures(
    caller: Caller,
    org: Org,
    member_ids: Iterable[str],
    label: str,
    min_group_size: int,
    parent_ids: Iterable[str] | None = None,
    parent_label: str = "the organisation",
) -> None:
    """Figures about a group: the caller may see the group, it is big enough that its
    figures identify nobody, and so is the rest of its parent (or the parent's figures minus
    this group's would describe that rest)."""
    members = list(member_ids)
    require_group(caller, org, members, label)
    if len(members) < min_group_size:
        raise AccessDenied(
            f"{label} is smaller than the minimum group of {min_group_size}, so "
            "its figures would identify individuals."
        )
    if parent_ids is not None:
        parent = set(parent_ids)
        rest = len(parent - set(members))
        if 0 < rest < min_group_size and not sees_individually(caller, org, parent):
            raise AccessDenied(
                f"the rest of {parent_label} without {label} is smaller than the minimum "
                f"group of {min_group_size}, so {label}'s figures would identify them."
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


# ---------------------------------------------------------------- named rules for the edges
# The REST routers and the tools call these; none decides access on its own.


def require_hr_or_admin(caller: Caller, what: str) -> None:
    if not caller.sees_everyone:
        raise AccessDenied(f"{what} is for HR and admins.")


def require_requirement_review(caller: Caller) -> None:
    """Accepting or correcting a role's requirements."""
    require_hr_or_admin(caller, "Reviewing role requirements")


def require_document_curation(caller: Caller) -> None:
    """Uploading, listing and deleting documents and frameworks."""
    if not caller.sees_everyone:
        raise AccessDenied("Uploading and deleting documents is for HR and admins.")


def require_completions_reader(caller: Caller) -> None:
    """Learning completions the LMS reported, matched or not (an unmatched one names
    someone the service could not place)."""
    if not caller.sees_everyone:
        raise AccessDenied("Learning completions reported by the LMS are for HR and admins.")


def require_erasure(caller: Caller) -> None:
    """Erasing a person everywhere (right to erasure)."""
    if not caller.sees_everyone:
        raise AccessDenied("Only HR and admins can erase a person's data.")


def require_audit_reader(caller: Caller) -> None:
    if caller.role is not CallerRole.ADMIN:
        raise AccessDenied("The audit log is for admins.")


def require_scenarios(caller: Caller) -> None:
    """Workforce scenarios rank people across the whole organisation."""
    if not caller.sees_everyone:
        raise AccessDenied(
            "Workforce scenarios rank people across the organisation; they are for HR and admins."
        )


def visible_teams(caller: Caller, org: Org) -> set[str] | None:
    """Teams whose names and sizes a caller may list; None means all. Employees may not."""
    if caller.role is CallerRole.EMPLOYEE:
        raise AccessDenied("Team figures are for managers and HR.")
    visible = visible_employees(caller, org)
    if visible is None or caller.role is CallerRole.EVALUATOR:
        return None
    return {org.employees[e].team for e in visible if e in org.employees}


def require_heatmap(caller: Caller, org: Org, member_ids: Iterable[str]) -> None:
    """A heatmap shows individuals: everyone in it must be visible to the caller."""
    if caller.role is CallerRole.EVALUATOR or not all(
        can_see_employee(caller, org, e) for e in member_ids
    ):
        raise AccessDenied(
            "The heatmap shows individuals: it is for HR, admins and the team's own managers."
        )


# ---------------------------------------------------------------- talent flow


def require_talent_flow(caller: Caller, org: Org, department: str = "", family: str = "") -> Scope:
    """Hiring, leaving and retention figures, and the part of the organisation they may
    cover: HR, admins and evaluators any; a manager only their reports' teams (figures
    about people there still need the minimum group); employees none."""
    if caller.role is CallerRole.EMPLOYEE:
        raise AccessDenied(
            "Hiring, leaving and retention figures are for HR, managers and evaluators; "
            "you can ask about your own gaps and plan."
        )
    teams = None
    if caller.role is CallerRole.MANAGER:
        teams = frozenset(visible_teams(caller, org) or ())
    return Scope(department=department, family=family, teams=teams)


def move_floor(caller: Caller, min_group_size: int) -> int:
    """Career paths count the moves seen between two roles: HR and admins see every count;
    anyone else only counts of at least the minimum group, since one move between two roles
    can say who moved."""
    return 1 if caller.sees_everyone else min_group_size


def names_in_talent_flow(caller: Caller) -> bool:
    """Who left, who filled a vacancy: named to HR and admins only."""
    return caller.sees_everyone


def require_scorecard(caller: Caller, org: Org, department: str = "", family: str = "") -> Scope:
    """The scorecard: as the talent-flow figures (HR, admins, evaluators; managers their own
    teams, without the organisation's targets; employees not)."""
    return require_talent_flow(caller, org, department, family)


def require_organisation_scorecard(caller: Caller, org: Org) -> None:
    """Targets and the quarter's changes are about the whole organisation: HR, admins and
    evaluators. A manager sees their own teams' figures instead."""
    require_scorecard(caller, org)
    if caller.role is CallerRole.MANAGER:
        raise AccessDenied(
            "The scorecard's targets and the quarter's changes cover the whole organisation, "
            "so they are for HR; ask about your own teams' time to fill, vacancies or "
            "retention instead."
        )


def names_on_scorecard(caller: Caller) -> bool:
    """Who owns a target, who owns a decision: named to HR, admins and managers; evaluators
    read the figures without names."""
    return caller.role is not CallerRole.EVALUATOR


def require_scorecard_writer(caller: Caller) -> None:
    """Targets, recorded series and the committee's decisions are written by HR and admins."""
    require_hr_or_admin(caller, "Setting targets, recording series and logging decisions")


def require_talent_flow_records(caller: Caller) -> None:
    """Reading and writing vacancies and employment events (they name people)."""
    require_hr_or_admin(caller, "Recording and listing vacancies and employment events")


# ---------------------------------------------------------------- learning plans


def require_plan_drafting(
    caller: Caller, org: Org, employee_id: str, role_id: str | None = None
) -> None:
    """Drafting a plan: an employee plans toward their current role or their career goal
    (a plan toward any role would show them what others at that level know)."""
    if caller.role is CallerRole.EVALUATOR:
        raise AccessDenied("Evaluators cannot draft plans for people.")
    require_employee(caller, org, employee_id, "learning plan")
    person = org.employees[employee_id]
    if (
        caller.role is CallerRole.EMPLOYEE
        and role_id is not None
        and role_id not in (person.role_id, person.goal_role_id)
    ):
        raise AccessDenied(
            "You can plan toward your current role or your career goal; ask your manager or "
            "HR to record a different goal first."
        )


# One answer for a plan id that names nothing and for one the caller may not see.
PLAN_NOT_FOUND = "no learning plan with that id that you may see"


def require_plan_visible(caller: Caller, org: Org, plan: dict[str, Any]) -> None:
    """A plan the caller may not see does not exist for them (no hint that it does)."""
    if not can_see_employee(caller, org, plan["employee_id"]):
        raise NotFoundError(PLAN_NOT_FOUND)


def require_plan_decision(
    caller: Caller, org: Org, plan: dict[str, Any], status: str, comment: str = ""
) -> None:
    """Approving or rejecting: a manager of the employee, HR or an admin — and nobody their
    own plan, whatever their role. A plan is completed when its actions are done; before
    that only an approver may close it, and must say why."""
    if status == "completed":
        actions = plan.get("actions") or []
        if actions and all(a.get("done") for a in actions):
            require_plan_progress(caller)
            return
        if not _is_approver(caller, org, plan["employee_id"]):
            raise UserError(
                "a plan is completed when its actions are done; a manager of the employee or "
                "HR can close it earlier, with a comment"
            )
        if not comment.strip():
            raise UserError("closing a plan before its actions are done needs a comment")
        return
    if status not in ("approved", "rejected"):
        require_plan_progress(caller)
        return
    if not _is_approver(caller, org, plan["employee_id"]):
        raise AccessDenied(
            "Only a manager of the employee, HR or an admin can approve or "
            "reject a plan (and nobody their own)."
        )


def _is_approver(caller: Caller, org: Org, employee_id: str) -> bool:
    if caller.employee_id == employee_id:
        return False  # nobody decides their own plan, whatever their role
    if caller.sees_everyone:
        return True
    return caller.role is CallerRole.MANAGER and employee_id in org.reports(
        caller.employee_id or ""
    )


def may_decide_plan(caller: Caller, org: Org, plan: dict[str, Any]) -> bool:
    """A draft this caller could approve or reject: their "to decide" list."""
    return plan["status"] == "draft" and _is_approver(caller, org, plan["employee_id"])


def actor_label(caller: Caller, key_name: str) -> str:
    """Who acted, as stored with a plan: the person a key or token speaks for (by id, so
    erasure finds it), else the key's name; with the role either way."""
    return f"{caller.role.value}:{caller.employee_id or key_name or '-'}"


def actor_name(org: Org, label: str | None) -> str | None:
    """The person behind a stored actor label, by name; a key with no person is named as
    a key ("demo-hr (hr key)"). Labels stored before roles were recorded are key names."""
    if not label:
        return None
    role, _, who = label.partition(":")
    if not who:
        return label
    person = org.employees.get(who)
    if person is not None:
        return person.name
    return f"{who} ({role} key)"


def visible_plan(caller: Caller, org: Org, plan: dict[str, Any]) -> dict[str, Any]:
    """A plan as the caller may read it, with the names a person reads (whose plan, which
    role, who drafted and decided it) and whether this caller may decide it: a mentor the
    caller may not see is named, with no level, source or date."""
    shown = dict(plan)
    person = org.employees.get(plan["employee_id"])
    role = org.roles.get(plan.get("role_id") or "")
    shown["employee_name"] = person.name if person else plan["employee_id"]
    shown["role_title"] = role.title if role else None
    shown["created_by_name"] = actor_name(org, plan.get("created_by"))
    shown["decided_by_name"] = actor_name(org, plan.get("decided_by"))
    shown["may_decide"] = may_decide_plan(caller, org, plan)
    for part in ("actions", "next_horizon"):
        actions = []
        for action in plan.get(part) or []:
            mentor = action.get("mentor_id")
            if mentor and not can_see_employee(caller, org, mentor):
                action = {**action, "reason": f"a mentor in {action['skill_id']}"}
            actions.append(action)
        shown[part] = actions
    return shown


def require_plan_progress(caller: Caller) -> None:
    """Marking actions done: the employee, their manager, HR — not evaluators."""
    if caller.role is CallerRole.EVALUATOR:
        raise AccessDenied("Evaluators cannot change plans.")


# ---------------------------------------------------------------- cross-training programmes


def require_programme_drafting(caller: Caller) -> None:
    """Drafting, approving, rejecting and closing a cross-training programme."""
    require_hr_or_admin(caller, "Setting up and deciding cross-training programmes")


def require_programme_visible(caller: Caller, programme: dict[str, Any]) -> None:
    """A draft or rejected programme is HR's working paper until it is approved."""
    if programme["status"] in ("draft", "rejected") and not caller.sees_everyone:
        raise AccessDenied(
            "That programme is not approved yet: drafts are for HR and admins. "
            "Ask about an approved programme, or your own participation."
        )


def require_opt_in(caller: Caller, org: Org, employee_id: str, programme: dict[str, Any]) -> None:
    """Taking part is always the person's choice: they opt in (or out) themselves; HR and
    admins may record it on their word. Nobody else enrols anyone."""
    if caller.employee_id != employee_id and not caller.sees_everyone:
        raise AccessDenied(
            "Taking part in a cross-training programme is each person's own choice: only "
            "they can opt in or out (HR can record it on their word)."
        )
    person = org.employees.get(employee_id)
    if person is None:
        raise not_visible(caller, "participation")
    if person.department not in programme["departments"]:
        raise UserError(
            f"{person.name} is in {person.department}; the programme is for "
            f"{' and '.join(programme['departments'])}"
        )
    if programme["status"] != "approved":
        raise UserError(f"the programme is {programme['status']}: people join approved ones")
    if org.as_of > date.fromisoformat(programme["ends"]):
        raise UserError(f"the programme ended on {programme['ends']}")


def visible_programme(
    caller: Caller, org: Org, view: dict[str, Any], min_group_size: int
) -> dict[str, Any]:
    """What of a programme a caller sees: tracks and each cohort's figures (below the
    minimum group only for HR and admins); people's progress and pairs for HR and admins,
    and for a participant and their managers their own. Nobody gets a ranking."""
    data = {**view, "cohorts": cohorts(view, 1 if caller.sees_everyone else min_group_size)}
    visible = visible_employees(caller, org)
    if visible is None:
        return data
    data["people"] = [p for p in view["people"] if p["employee_id"] in visible]
    data["pairs"] = [
        pair for pair in view["pairs"] if any(m["employee_id"] in visible for m in pair["members"])
    ]
    data["unpaired"] = [e for e in view["unpaired"] if e in visible]
    for person in data["people"]:
        person["recorded_by"] = ""  # which key recorded an opt-in is HR's to know
    return data


# ---------------------------------------------------------------- AI initiatives


def require_initiative_review(caller: Caller, org: Org, teams: Iterable[str]) -> None:
    """Reviewing an initiative's competencies: HR and admins, and the managers of a team it
    names (IT's side of the review)."""
    if caller.sees_everyone:
        return
    mine = visible_teams(caller, org) if caller.role is CallerRole.MANAGER else set()
    if not mine or not set(teams) & set(mine):
        raise AccessDenied(
            "Reviewing an initiative's competencies is for HR, admins and the managers of "
            "the teams it names."
        )


def initiative_figures_allowed(caller: Caller, org: Org, teams: Iterable[str]) -> bool:
    """Coverage, gaps and the roadmap are the named teams' figures: HR, admins, evaluators,
    and managers of one of those teams; employees see what an initiative needs only."""
    if caller.sees_everyone or caller.role is CallerRole.EVALUATOR:
        return True
    if caller.role is CallerRole.MANAGER:
        return bool(set(teams) & set(visible_teams(caller, org) or ()))
    return False


def require_initiative_figures(caller: Caller, org: Org, teams: Iterable[str]) -> None:
    if not initiative_figures_allowed(caller, org, teams):
        raise AccessDenied(
            "Whether the named teams are ready is their figures: for HR, managers of those "
            "teams and evaluators. You can ask what the initiative needs."
        )


def visible_initiative(
    caller: Caller, org: Org, data: dict[str, Any], min_group_size: int
) -> dict[str, Any]:
    """An initiative's analysis as a caller may see it: names of people (who meets a
    competency, who could build it, who could be lent) for HR and admins, a manager's own
    reports for them; evaluators no names; counts of a group under the minimum size only
    for HR and admins."""
    if caller.sees_everyone:
        return data
    visible = visible_employees(caller, org) or set()
    small = data.get("members", 0) < min_group_size
    rows = []
    for row in data.get("competencies", []):
        row = {
            **row,
            "meet_ids": [p for p in row.get("meet_ids", []) if p in visible],
            "meet_people": [m for m in row.get("meet_people", []) if m["employee_id"] in visible],
        }
        row["build"] = [b for b in row.get("build", []) if b["employee_id"] in visible]
        row["borrowable_ids"] = []
        if small:
            row.update(meet=None, near=None, experts=None)
        rows.append(row)
    roadmap = [
        step
        if step.get("employee_id") is None or step["employee_id"] in visible
        else {
            **step,
            "employee_id": None,
            "what": f"someone in the named teams reaches {step['skill_name']} level "
            f"{step['level']}",
        }
        for step in data.get("roadmap", [])
    ]
    return {**data, "competencies": rows, "roadmap": roadmap, "suppressed": small}
