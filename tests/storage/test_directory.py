"""The SCIM directory's records (storage/directory.py): users are employees, deactivation
is a leave, reactivation a hire, and every user write says whom it changed."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import ConflictError, NotFoundError, UserError
from domain.models import EventType
from ingest.native_folder import load_folder
from storage.directory import BEFORE_RECORDS, UNASSIGNED, Address, GroupChange, Sent
from storage.store import Store
from tests.support.organisations import SAMPLE

DAY = date(2026, 11, 22)


@pytest.fixture
def sample(store: Store) -> Store:
    load_folder(store, SAMPLE)
    return store


def _new(**fields: object) -> Sent:
    values: dict[str, object] = {
        "user_name": "Zoe.Quinn@Kestrel-Mutual.example",
        "given_name": "Zoe",
        "family_name": "Quinn",
        "emails": (Address("zoe.quinn@kestrel-mutual.example", "work", True),),
        "department": "IT",
        "manager_id": "E012",
        "title": "Data Engineer",
        "active": True,
    }
    values.update(fields)
    return Sent(**values)  # type: ignore[arg-type]


def test_an_employee_the_provider_never_named_is_a_user_known_by_email(sample: Store) -> None:
    (dana,) = sample.directory.users(["E013"], DAY)
    assert dana.sent.user_name == "dana.okafor@kestrel-mutual.example"
    assert dana.sent.employee_number == "E013"
    assert dana.sent.display_name == "Dana Okafor"
    assert dana.sent.manager_id == "E012"
    assert dana.employed
    assert dana.created_at is None  # never provisioned
    # Entra ID looks a user up by userName before creating it: found, case aside
    assert sample.directory.find_users("userName", "Dana.Okafor@Kestrel-Mutual.example") == ["E013"]
    assert sample.directory.find_users("employeeNumber", "E013") == ["E013"]
    assert sample.directory.find_users("externalId", "anything") == []


def test_a_created_user_becomes_an_employee(sample: Store) -> None:
    before = sample.data_version()
    employee_id = sample.directory.create_user(_new(employee_number="E900"), DAY)
    assert employee_id == "E900"
    (person,) = sample.employees(["E900"])
    assert person.name == "Zoe Quinn"
    assert person.email == "zoe.quinn@kestrel-mutual.example"
    assert (person.department, person.team) == ("IT", "IT")
    assert person.role_id == "data-engineer"  # the job title names a role
    assert person.manager_id == "E012"
    assert sample.people_changed_between(before, sample.data_version()) == {"E900"}
    user = sample.directory.user("E900", DAY)
    assert user.sent.user_name == "zoe.quinn@kestrel-mutual.example"  # userName case-folded
    assert user.sent.given_name == "Zoe"
    assert sample.directory.find_users("userName", "ZOE.QUINN@kestrel-mutual.example") == ["E900"]


def test_without_an_employee_number_an_id_is_made_and_without_a_department_unassigned(
    sample: Store,
) -> None:
    employee_id = sample.directory.create_user(_new(department=None, manager_id=None), DAY)
    assert employee_id.startswith("U-")
    (person,) = sample.employees([employee_id])
    assert person.department == UNASSIGNED


def test_deactivating_records_a_leave_and_reactivating_a_hire(sample: Store) -> None:
    dana = sample.directory.user("E013", DAY).sent
    gone = Sent(**{**dana.__dict__, "active": False})
    sample.directory.replace_user("E013", gone, DAY)
    leaves = [e for e in sample.events(["E013"]) if e.type is EventType.LEAVE]
    assert [(e.on, e.role_id, e.voluntary) for e in leaves] == [(DAY, "data-engineer", None)]
    assert not sample.directory.user("E013", DAY).employed
    # the same state sent again records nothing more (Entra ID repeats itself)
    sample.directory.replace_user("E013", gone, DAY)
    assert len([e for e in sample.events(["E013"]) if e.type is EventType.LEAVE]) == 1
    # reactivated the same day: a mistake undone, the leave goes
    sample.directory.replace_user("E013", Sent(**{**dana.__dict__, "active": True}), DAY)
    assert [e for e in sample.events(["E013"]) if e.on == DAY] == []
    assert sample.directory.user("E013", DAY).employed
    # reactivated later: a rehire
    sample.directory.replace_user("E013", gone, DAY)
    later = date(2027, 1, 4)
    sample.directory.replace_user("E013", Sent(**{**dana.__dict__, "active": True}), later)
    assert [(e.type, e.on) for e in sample.events(["E013"]) if e.on >= DAY] == [
        (EventType.LEAVE, DAY),
        (EventType.HIRE, later),
    ]
    assert sample.directory.user("E013", later).employed
    assert not sample.directory.user("E013", DAY).employed
    # her history stays: her record, her skills
    assert sample.employees(["E013"])
    assert sample.assertions(["E013"])


def test_a_user_first_sent_inactive_left_before_records_begin(sample: Store) -> None:
    employee_id = sample.directory.create_user(_new(active=False), DAY)
    (leave,) = sample.events([employee_id])
    assert (leave.type, leave.on) == (EventType.LEAVE, BEFORE_RECORDS)
    assert not sample.directory.user(employee_id, DAY).employed


def test_a_change_without_names_or_addresses_keeps_those_on_record(sample: Store) -> None:
    sample.directory.replace_user("E013", Sent(user_name="u-7731", active=True), DAY)
    (dana,) = sample.employees(["E013"])
    assert (dana.name, dana.email) == ("Dana Okafor", "dana.okafor@kestrel-mutual.example")


def test_a_new_title_naming_a_role_is_a_move(sample: Store) -> None:
    dana = sample.directory.user("E013", DAY).sent
    sample.directory.replace_user(
        "E013", Sent(**{**dana.__dict__, "title": "Senior Data Engineer"}), DAY
    )
    moves = [e for e in sample.events(["E013"]) if e.on == DAY]
    assert [(e.type, e.role_id) for e in moves] == [(EventType.MOVE, "senior-data-engineer")]
    assert sample.employees(["E013"])[0].role_id == "senior-data-engineer"


def test_bad_changes_are_refused_and_change_nothing(sample: Store) -> None:
    version = sample.data_version()
    with pytest.raises(UserError, match="manager: 'E999' is no user here"):
        sample.directory.create_user(_new(manager_id="E999"), DAY)
    with pytest.raises(ConflictError, match=r"userName 'dana\.okafor@kestrel-mutual\.example'"):
        sample.directory.create_user(_new(user_name="dana.okafor@kestrel-mutual.example"), DAY)
    with pytest.raises(ConflictError, match="employeeNumber 'E013'"):
        sample.directory.create_user(_new(employee_number="E013"), DAY)
    with pytest.raises(UserError, match="not a usable id"):
        sample.directory.create_user(_new(employee_number="E 1/2"), DAY)
    with pytest.raises(UserError, match=r"name\.givenName: longer than 256"):
        sample.directory.create_user(_new(given_name="x" * 300), DAY)
    with pytest.raises(UserError, match="cannot be their own manager"):
        dana = sample.directory.user("E013", DAY).sent
        sample.directory.replace_user("E013", Sent(**{**dana.__dict__, "manager_id": "E013"}), DAY)
    with pytest.raises(UserError, match="cannot manage their own manager"):
        ingrid = sample.directory.user("E012", DAY).sent  # Dana's manager
        sample.directory.replace_user(
            "E012", Sent(**{**ingrid.__dict__, "manager_id": "E013"}), DAY
        )
    with pytest.raises(NotFoundError):
        sample.directory.replace_user("E999", _new(), DAY)
    assert sample.data_version() == version
    assert sample.employees(["E013"])[0].manager_id == "E012"


def test_groups_hold_users_and_refuse_strangers(sample: Store) -> None:
    group_id = sample.directory.create_group(GroupChange("talent-hr", "ext-1", ("E013", "E012")))
    group = sample.directory.group(group_id)
    assert [m for m, _ in group.members] == ["E012", "E013"]
    assert sample.directory.find_groups("displayName", "talent-hr") == [group_id]
    assert sample.directory.group_names_of("E013") == ["talent-hr"]
    assert sample.directory.user("E013", DAY).groups == ((group_id, "talent-hr"),)
    with pytest.raises(UserError, match="E999 is no user here"):
        sample.directory.replace_group(group_id, GroupChange("talent-hr", None, ("E999",)))
    with pytest.raises(ConflictError, match="another group's"):
        sample.directory.create_group(GroupChange("TALENT-HR"))
    with pytest.raises(UserError, match="externalId: longer than 256"):
        sample.directory.create_group(GroupChange("data", "x" * 300))
    sample.directory.delete_group(group_id)
    assert sample.directory.group_names_of("E013") == []


def test_erasing_a_person_removes_what_the_provider_sent(sample: Store) -> None:
    sample.directory.replace_user("E013", _new(user_name="dana@idp.example"), DAY)
    sample.directory.create_group(GroupChange("data", None, ("E013",)))
    sample.forget_employee("E013")
    assert sample.directory.find_users("userName", "dana@idp.example") == []
    assert sample.directory.users(["E013"], DAY) == []
    assert sample.directory.group(sample.directory.group_ids()[0]).members == ()
