"""/v1/talent-flow, /v1/vacancies, /v1/events: hiring, moving and leaving, and the figures
HR and IT review together (time to fill, open vacancies, internal fill, retention)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from agent.access import (
    names_in_talent_flow,
    require_talent_flow,
    require_talent_flow_records,
)
from api.deps import PrincipalDep, ServicesDep
from api.pagination import PageDep
from api.schemas.talent_flow import (
    EventsIn,
    EventsPublic,
    RecordedPublic,
    TalentFlowPublic,
    TalentFlowSeriesPublic,
    VacanciesIn,
    VacanciesPublic,
)
from core.errors import UserError
from domain.models import FIRST_YEAR
from domain.org import Org
from services import Services

router = APIRouter(tags=["talent flow"])

AsOf = Annotated[
    date | None,
    Query(description="the day the figures are for (default: the service's as-of day)"),
]
Department = Annotated[str, Query(max_length=128, description="only roles of this department")]
Family = Annotated[str, Query(max_length=128, description="only roles of this family")]


def as_of_day(org: Org, as_of: date | None) -> date:
    """The day asked about: the service's own unless one is given, never one to come."""
    if as_of is not None and as_of.year < FIRST_YEAR:
        raise UserError(f"as_of {as_of.isoformat()} is before any record could be ({FIRST_YEAR})")
    if as_of is not None and as_of > org.as_of:
        raise UserError(
            f"as_of {as_of.isoformat()} is after the service's day ({org.as_of.isoformat()}): "
            "figures are computed from what has happened"
        )
    return as_of or org.as_of


def _named(org: Org, ids: list[str]) -> list[dict[str, str]]:
    people = org.flow.people
    return [{"employee_id": i, "name": people[i].name if i in people else ""} for i in ids]


@router.get(
    "/v1/talent-flow",
    response_model=TalentFlowPublic,
    summary="Time to fill, open vacancies, internal fill, retention and leavers on a day",
)
def talent_flow(
    principal: PrincipalDep,
    services: ServicesDep,
    as_of: AsOf = None,
    department: Department = "",
    family: Family = "",
) -> dict[str, Any]:
    org = services.org()
    scope = require_talent_flow(principal.caller, org, department, family)
    data = services.insights().talent_flow(as_of_day(org, as_of), scope)
    retention = data["retention"]
    cohort, leavers = retention.pop("cohort_ids", []), retention.pop("leaver_ids", [])
    if names_in_talent_flow(principal.caller) and not retention["suppressed"]:
        retention["leavers_named"] = _named(org, leavers)
        retention["cohort_named"] = _named(org, cohort)
    if not names_in_talent_flow(principal.caller):
        for figure in ("time_to_fill", "internal_fill"):
            data[figure].pop("vacancy_ids", None)
    return data


@router.get(
    "/v1/talent-flow/series",
    response_model=TalentFlowSeriesPublic,
    summary="Each talent-flow figure at the last quarter ends",
)
def talent_flow_series(
    principal: PrincipalDep,
    services: ServicesDep,
    as_of: AsOf = None,
    department: Department = "",
    family: Family = "",
    quarters: Annotated[int, Query(ge=1, le=40)] = 8,
) -> dict[str, Any]:
    org = services.org()
    scope = require_talent_flow(principal.caller, org, department, family)
    return services.insights().talent_flow_series(quarters, as_of_day(org, as_of), scope)


@router.get("/v1/vacancies", response_model=VacanciesPublic, summary="Vacancies, by id")
def list_vacancies(
    principal: PrincipalDep,
    services: ServicesDep,
    page: PageDep,
    status: Annotated[
        Literal["open", "filled", "cancelled"] | None,
        Query(description="their status on the as-of day"),
    ] = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    require_talent_flow_records(principal.caller)
    org = services.org()
    day = as_of_day(org, as_of)
    rows = [v for v in org.flow.vacancies if v.opened <= day]
    if status is not None:
        rows = [v for v in rows if (s := v.status_on(day)) is not None and s.value == status]
    chunk, fields = page.of(rows, key=lambda v: v.vacancy_id)
    people = org.flow.people
    return {
        **fields,
        "as_of": day,
        "vacancies": [
            {
                "vacancy_id": v.vacancy_id,
                "role_id": v.role_id,
                "title": org.roles[v.role_id].title if v.role_id in org.roles else v.role_id,
                "team": v.team,
                "opened": v.opened,
                "status": (v.status_on(day) or v.status).value,
                "closed": v.closed if v.closed and v.closed <= day else None,
                "filled_from": v.filled_from.value
                if v.filled_from and v.closed and v.closed <= day
                else None,
                "filled_by": v.filled_by if v.closed and v.closed <= day else None,
                "filled_by_name": people[v.filled_by].name
                if v.filled_by in people and v.closed and v.closed <= day
                else None,
                "critical": v.critical,
            }
            for v in chunk
        ],
    }


@router.get("/v1/events", response_model=EventsPublic, summary="Hires, moves and leaves")
def list_events(
    principal: PrincipalDep,
    services: ServicesDep,
    page: PageDep,
    type: Annotated[Literal["hire", "move", "leave"] | None, Query()] = None,
    employee_id: Annotated[str | None, Query(max_length=128)] = None,
) -> dict[str, Any]:
    require_talent_flow_records(principal.caller)
    org = services.org()
    rows = [
        e
        for e in org.flow.events
        if (type is None or e.type.value == type)
        and (employee_id is None or e.employee_id == employee_id)
    ]
    # newest first, by date then id
    chunk, fields = page.of(rows, key=lambda e: f"{e.on.isoformat()}|{e.event_id}", descending=True)
    people = org.flow.people
    return {
        **fields,
        "events": [
            {
                "event_id": e.event_id,
                "employee_id": e.employee_id,
                "name": people[e.employee_id].name if e.employee_id in people else None,
                "type": e.type.value,
                "date": e.on,
                "role_id": e.role_id,
                "team": e.team,
                "voluntary": e.voluntary,
            }
            for e in chunk
        ],
    }


def _record(services: Services, kind: Literal["vacancies", "events"], items: list[Any]) -> dict:
    counts = services.record_talent_flow(
        kind, [item.model_dump(mode="json", exclude_unset=True) for item in items]
    )
    return {"inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged}


@router.post(
    "/v1/vacancies",
    response_model=RecordedPublic,
    summary="Record vacancies (new ones added, known ids updated)",
    description="The fields and checks of vacancies.csv (docs/data-format.md). Nothing is "
    "stored unless every item is valid; errors name the item (from 1) and the field.",
)
def record_vacancies(
    body: VacanciesIn, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_talent_flow_records(principal.caller)
    return _record(services, "vacancies", body.vacancies)


@router.post(
    "/v1/events",
    response_model=RecordedPublic,
    summary="Record hires, moves and leaves (new ones added, known ids updated)",
    description="The fields and checks of events.csv (docs/data-format.md). Nothing is "
    "stored unless every item is valid; errors name the item (from 1) and the field.",
)
def record_events(body: EventsIn, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    require_talent_flow_records(principal.caller)
    return _record(services, "events", body.events)
