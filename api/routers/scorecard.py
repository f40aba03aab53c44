"""/v1/scorecard, /v1/targets, /v1/series, /v1/decisions: the figures HR and IT review
together, their targets with two owners, aggregates HR records each quarter, and the
committee's decisions. Reading: HR, admins, evaluators (without names), managers (their own
teams' figures); writing: HR and admins."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from agent.access import (
    actor_label,
    actor_name,
    names_on_scorecard,
    require_scorecard,
    require_scorecard_writer,
)
from api.deps import PrincipalDep, ServicesDep
from api.routers.talent_flow import as_of_day
from api.schemas.scorecard import (
    DecisionChange,
    DecisionIn,
    DecisionPublic,
    DecisionsPublic,
    RecordedBatch,
    RecordedPublic,
    ScorecardPublic,
    TargetChange,
    TargetHistoryPublic,
    TargetIn,
    TargetPublic,
    TargetsPublic,
)
from core.errors import UserError, ValidationError
from domain.org import Org
from domain.scorecard import COMPUTED, Direction, owner_problem
from services import Services
from services.committee import last_quarter, pack, pdf, render

router = APIRouter(tags=["scorecard"])


def _name(org: Org, employee_id: str | None) -> str | None:
    person = org.flow.people.get(employee_id or "")
    return person.name if person else None


@router.get("/v1/scorecard", response_model=ScorecardPublic, summary="The HR–IT scorecard")
def scorecard(
    principal: PrincipalDep,
    services: ServicesDep,
    as_of: date | None = None,
    department: Annotated[str, Query(max_length=128)] = "",
    family: Annotated[str, Query(max_length=128)] = "",
    quarters: Annotated[int, Query(ge=2, le=40)] = 8,
) -> dict[str, Any]:
    org = services.org()
    scope = require_scorecard(principal.caller, org, department, family)
    data = services.scorecard(as_of_day(org, as_of), scope, quarters)
    if not names_on_scorecard(principal.caller):
        for figure in data["figures"]:
            for target in figure["targets"]:
                for key in ("hr_owner", "hr_owner_name", "it_owner", "it_owner_name"):
                    target.pop(key, None)
    return data


# ---------------------------------------------------------------- targets


def _figures(services: Services) -> dict[str, Direction]:
    """Every figure a target may name, with the way that is better."""
    figures = {name: f.better for name, f in COMPUTED.items()}
    for row in services.store.scorecard.recorded():
        figures.setdefault(row["series"], Direction(row["direction"]))
    return figures


def _checked(services: Services, fields: dict[str, Any]) -> dict[str, Any]:
    """A target's fields, checked against the organisation: errors name the field."""
    org = services.org()
    settings = services.settings
    departments = {p: e.department for p, e in org.employees.items()}
    known = _figures(services)
    if "figure" in fields and fields["figure"] not in known:
        raise ValidationError(
            f"unknown figure '{fields['figure']}' (one of: {', '.join(sorted(known))})",
            field="figure",
        )
    for side, allowed in (
        ("hr_owner", settings.hr_departments),
        ("it_owner", settings.it_departments),
    ):
        if side in fields:
            problem = owner_problem(fields[side], departments, allowed, side[:2].upper())
            if problem:
                raise ValidationError(problem, field=side)
    if fields.get("direction") is None and "figure" in fields:
        fields["direction"] = known[fields["figure"]].value
    if fields.get("direction") is None:
        fields.pop("direction", None)
    return fields


def _when(row: dict[str, Any]) -> dict[str, Any]:
    """Stored times (UTC, naive) as ISO 8601 strings, as the other resources give them."""
    return {k: row[k].isoformat() for k in ("created_at", "updated_at") if row.get(k)}


def _target_out(org: Org, row: dict[str, Any], named: bool = True) -> dict[str, Any]:
    out = {**row, **_when(row)}
    out["created_by_name"] = actor_name(org, row["created_by"]) if named else None
    out["hr_owner_name"] = _name(org, row["hr_owner"]) if named else None
    out["it_owner_name"] = _name(org, row["it_owner"]) if named else None
    if not named:
        out["hr_owner"] = out["it_owner"] = None
    out.pop("created_by", None)
    return out


@router.get("/v1/targets", response_model=TargetsPublic, summary="Targets, by figure")
def list_targets(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    org = services.org()
    require_scorecard(principal.caller, org)
    named = names_on_scorecard(principal.caller)
    return {"targets": [_target_out(org, r, named) for r in services.store.scorecard.targets()]}


@router.post("/v1/targets", response_model=TargetPublic, status_code=201, summary="Set a target")
def create_target(body: TargetIn, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    require_scorecard_writer(principal.caller)
    fields = _checked(services, body.model_dump())
    actor = actor_label(principal.caller, principal.key_name)
    return _target_out(services.org(), services.store.scorecard.save_target(fields, actor))


@router.put("/v1/targets/{target_id}", response_model=TargetPublic, summary="Change a target")
def change_target(
    target_id: str, body: TargetChange, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_scorecard_writer(principal.caller)
    fields = _checked(services, body.model_dump(exclude_unset=True))
    actor = actor_label(principal.caller, principal.key_name)
    row = services.store.scorecard.save_target(fields, actor, target_id)
    return _target_out(services.org(), row)


@router.delete("/v1/targets/{target_id}", status_code=204, summary="Remove a target")
def delete_target(target_id: str, principal: PrincipalDep, services: ServicesDep) -> Response:
    require_scorecard_writer(principal.caller)
    services.store.scorecard.delete_target(target_id)
    return Response(status_code=204)


@router.get(
    "/v1/targets/{target_id}/history",
    response_model=TargetHistoryPublic,
    summary="Every change to a target: who, when, before and after",
)
def target_history(
    target_id: str, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    org = services.org()
    require_scorecard(principal.caller, org)
    named = names_on_scorecard(principal.caller)
    changes = services.store.scorecard.history(target_id)
    for change in changes:
        change["changed_by_name"] = actor_name(org, change["changed_by"]) if named else None
        change.pop("changed_by")
    return {"target_id": target_id, "changes": changes}


# ---------------------------------------------------------------- recorded series


@router.get("/v1/series", response_model=RecordedPublic, summary="Recorded series")
def list_recorded(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    require_scorecard(principal.caller, services.org())
    rows = services.store.scorecard.recorded()
    return {"values": [{k: v for k, v in r.items() if k != "recorded_by"} for r in rows]}


@router.post(
    "/v1/series",
    response_model=RecordedPublic,
    summary="Record quarterly aggregates (engagement, diversity…) from HR's own systems",
    description="One value per series and quarter, never per person; a quarter already "
    "recorded is replaced. A series may not take the name of a computed figure.",
)
def record_series(
    body: RecordedBatch, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_scorecard_writer(principal.caller)
    rows = [v.model_dump() for v in body.values]
    for number, row in enumerate(rows, 1):
        if row["series"] in COMPUTED:
            raise ValidationError(
                f"'{row['series']}' is computed by the service; record another name",
                file="values",
                line=number,
                field="series",
                unit="item",
            )
    services.store.scorecard.record(rows, actor_label(principal.caller, principal.key_name))
    return list_recorded(principal, services)


# ---------------------------------------------------------------- decisions


def _decision_out(org: Org, row: dict[str, Any], named: bool) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k != "created_by"} | _when(row)
    out["owner_name"] = _name(org, row["owner"]) if named else None
    if not named:
        out["owner"] = None
    return out


def _owner(services: Services, owner: str | None) -> None:
    if owner is not None and owner not in services.org().employees:
        raise ValidationError(f"unknown employee '{owner}'", field="owner")


@router.get("/v1/decisions", response_model=DecisionsPublic, summary="The decisions log")
def list_decisions(
    principal: PrincipalDep,
    services: ServicesDep,
    quarter: Annotated[str | None, Query(pattern=r"^\d{4}Q[1-4]$")] = None,
) -> dict[str, Any]:
    org = services.org()
    require_scorecard(principal.caller, org)
    named = names_on_scorecard(principal.caller)
    rows = services.store.scorecard.decisions(quarter)
    return {"decisions": [_decision_out(org, r, named) for r in rows]}


@router.post(
    "/v1/decisions", response_model=DecisionPublic, status_code=201, summary="Log a decision"
)
def add_decision(
    body: DecisionIn, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_scorecard_writer(principal.caller)
    _owner(services, body.owner)
    actor = actor_label(principal.caller, principal.key_name)
    row = services.store.scorecard.add_decision(body.model_dump(), actor)
    return _decision_out(services.org(), row, True)


@router.patch(
    "/v1/decisions/{decision_id}", response_model=DecisionPublic, summary="Follow a decision up"
)
def change_decision(
    decision_id: str, body: DecisionChange, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_scorecard_writer(principal.caller)
    fields = body.model_dump(exclude_unset=True)
    _owner(services, fields.get("owner"))
    row = services.store.scorecard.update_decision(decision_id, fields)
    return _decision_out(services.org(), row, True)


# ---------------------------------------------------------------- the committee pack


@router.get(
    "/v1/reports/committee",
    summary="The committee pack for a quarter (HTML or Markdown)",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}, "text/markdown": {}, "application/pdf": {}}}},
)
def committee_pack(
    principal: PrincipalDep,
    services: ServicesDep,
    quarter: Annotated[str | None, Query(pattern=r"^\d{4}Q[1-4]$")] = None,
    format: Annotated[str, Query(pattern="^(html|md|pdf)$")] = "html",
) -> Response:
    org = services.org()
    scope = require_scorecard(principal.caller, org)
    if not scope.everything:
        raise UserError("the committee pack covers the whole organisation; ask HR for it")
    data = pack(services, quarter or last_quarter(org.as_of), names_on_scorecard(principal.caller))
    if format == "pdf":
        return Response(
            pdf(data),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="committee-{data["quarter"]}.pdf"'},
        )
    text = render(data, format)
    if format == "md":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    # The pack is a document to read and print: nothing in it runs, nothing loads.
    return HTMLResponse(
        text,
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; frame-ancestors 'none'",
            "Content-Disposition": f'inline; filename="committee-{data["quarter"]}.html"',
        },
    )
