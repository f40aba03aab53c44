"""Learning completions from a learning management system: xAPI statements (POST/PUT
/xapi/statements) and, for an LMS without xAPI, a CSV export. Both become `Completion`s,
checked whole before anything is stored, with errors naming the statement or line and
the field.

Only "completed" and "passed" statements are completions; anything else an LMS reports
(launched, attempted, failed, progressed…) is acknowledged and not kept: we are not a
learning record store, and a person's every click is not ours to hold.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.errors import ValidationError
from domain.models import Completion
from ingest.native_format import ImportFailed, Problems

# xAPI's ADL verbs that say the learner finished the activity.
VERBS = {
    "http://adlnet.gov/expapi/verbs/completed": "completed",
    "http://adlnet.gov/expapi/verbs/passed": "passed",
}
XAPI_VERSIONS = ("1.0.0", "1.0.1", "1.0.2", "1.0.3")
CSV_COLUMNS = ("person", "activity", "completed_on")
CSV_OPTIONAL = ("statement_id", "activity_name", "verb")
TEXT_LIMIT = 512
ID_LIMIT = 64


def statements(body: Any, statement_id: str | None = None) -> list[Completion | str]:
    """The statements of a POST body (one, or a list) or a PUT (`statement_id` given): a
    Completion for each completion, the id alone for a statement of another kind. Every
    statement is checked; any problem refuses them all (ImportFailed, naming each)."""
    items = body if isinstance(body, list) else [body]
    label = "statements (request body)"
    problems = Problems(Path(label), unit="statement")
    found: list[Completion | str] = []
    if statement_id is not None and isinstance(body, list):
        problems.add(label, None, "", "PUT takes one statement, not a list")
    if not items:
        problems.add(label, None, "", "no statement")
    for number, item in enumerate(items, 1):
        try:
            found.append(_statement(item, statement_id))
        except ValidationError as exc:
            problems.add(label, number, exc.field, exc.reason)
    if problems.errors:
        raise ImportFailed(Path(label), problems.errors)
    ids = [c if isinstance(c, str) else c.statement_id for c in found]
    if len(set(ids)) != len(ids):
        raise ImportFailed(
            Path(label),
            [ValidationError("the same statement id twice in one request", field="id")],
        )
    return found


def _statement(item: Any, statement_id: str | None) -> Completion | str:
    if not isinstance(item, dict):
        raise ValidationError("a statement is a JSON object")
    given = item.get("id")
    if given is not None and not _is_uuid(given):
        raise ValidationError(f"'{_short(given)}' is not a UUID", field="id")
    if statement_id is not None:
        if not _is_uuid(statement_id):
            raise ValidationError(f"'{_short(statement_id)}' is not a UUID", field="statementId")
        if given is not None and str(given).lower() != statement_id.lower():
            raise ValidationError("differs from the statementId parameter", field="id")
        given = statement_id
    ident = str(given).lower() if given is not None else str(uuid.uuid4())
    verb = item.get("verb")
    if not isinstance(verb, dict) or not isinstance(verb.get("id"), str):
        raise ValidationError("a statement needs a verb with an id (an IRI)", field="verb.id")
    kind = VERBS.get(verb["id"])
    person = _actor(item.get("actor"))
    activity, name = _activity(item.get("object"))
    if kind is None:
        return ident  # acknowledged, not kept
    result = item.get("result")
    if isinstance(result, dict):
        if result.get("completion") is False:
            raise ValidationError(
                "says 'completed' with completion false", field="result.completion"
            )
        if kind == "passed" and result.get("success") is False:
            raise ValidationError("says 'passed' with success false", field="result.success")
    on = _timestamp(item.get("timestamp"))
    return Completion(
        ident, person, activity, name, kind, on, Completion.digest_of(person, activity, kind, on)
    )


def _actor(actor: Any) -> str:
    """Who: an Agent's mbox (mailto:) or account name. Groups and hashed mailboxes name
    nobody we can match without guessing, so they are refused."""
    if not isinstance(actor, dict):
        raise ValidationError("a statement needs an actor", field="actor")
    if actor.get("objectType") == "Group":
        raise ValidationError(
            "a group is not a learner; send one statement per person", field="actor"
        )
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox.lower().startswith("mailto:") and "@" in mbox:
        return _fit("actor.mbox", mbox[len("mailto:") :].strip())
    account = actor.get("account")
    if (
        isinstance(account, dict)
        and isinstance(account.get("name"), str)
        and account["name"].strip()
    ):
        return _fit("actor.account.name", account["name"].strip())
    raise ValidationError(
        "names nobody: send the learner's mbox (mailto:) or account name", field="actor"
    )


def _activity(target: Any) -> tuple[str, str]:
    if not isinstance(target, dict) or not isinstance(target.get("id"), str) or not target["id"]:
        raise ValidationError("a statement needs an object with an id (an IRI)", field="object.id")
    if target.get("objectType", "Activity") != "Activity":
        raise ValidationError("the object must be an activity", field="object.objectType")
    name = ""
    definition = target.get("definition")
    if isinstance(definition, dict) and isinstance(definition.get("name"), dict):
        names = definition["name"]
        chosen = names.get("en-US") or names.get("en") or next(iter(names.values()), "")
        name = chosen if isinstance(chosen, str) else ""
    return _fit("object.id", target["id"].strip()), _fit("object.definition.name", name)


def _timestamp(value: Any) -> date:
    """The day it happened (the statement's timestamp, else today)."""
    if value is None:
        return date.today()
    if not isinstance(value, str):
        raise ValidationError("is not an ISO 8601 time", field="timestamp")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValidationError(
            f"'{_short(value)}' is not an ISO 8601 time", field="timestamp"
        ) from None


def read_completions_csv(path: Path, content: bytes | None = None) -> list[Completion]:
    """A CSV export of completions: person (email or employee id), activity (the resource
    id or its URL), completed_on (YYYY-MM-DD); optionally statement_id (else one is made
    from the rest, so the same row imported twice is the same completion), activity_name
    and verb. Every row is checked; any problem refuses the file."""
    label = path.name
    text = (content if content is not None else path.read_bytes()).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    problems = Problems(path.parent)
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        problems.add(label, 1, missing[0], f"missing column (columns: {', '.join(CSV_COLUMNS)})")
        raise ImportFailed(path, problems.errors)
    found: list[Completion] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, 2):
        try:
            found.append(_row(row, line, seen))
        except ValidationError as exc:
            problems.add(label, line, exc.field, exc.reason)
    if problems.errors:
        raise ImportFailed(path, problems.errors)
    return found


def _row(row: dict[str, str | None], line: int, seen: dict[str, int]) -> Completion:
    values = {k: (v or "").strip() for k, v in row.items() if k}
    for column in CSV_COLUMNS:
        if not values.get(column):
            raise ValidationError("is empty", field=column)
    try:
        on = date.fromisoformat(values["completed_on"])
    except ValueError:
        raise ValidationError(
            f"'{_short(values['completed_on'])}' is not a date (YYYY-MM-DD)", field="completed_on"
        ) from None
    verb = values.get("verb") or "completed"
    if verb not in ("completed", "passed"):
        raise ValidationError(f"'{_short(verb)}' is not completed or passed", field="verb")
    person = _fit("person", values["person"])
    activity = _fit("activity", values["activity"])
    digest = Completion.digest_of(person, activity, verb, on)
    ident = values.get("statement_id") or f"csv-{digest}"
    if len(ident) > ID_LIMIT:
        raise ValidationError(f"longer than {ID_LIMIT} characters", field="statement_id")
    if ident in seen:
        raise ValidationError(f"the same completion as line {seen[ident]}", field="statement_id")
    seen[ident] = line
    return Completion(
        ident,
        person,
        activity,
        _fit("activity_name", values.get("activity_name", "")),
        verb,
        on,
        digest,
    )


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _fit(field: str, value: str) -> str:
    if len(value) > TEXT_LIMIT:
        raise ValidationError(f"longer than {TEXT_LIMIT} characters", field=field)
    return value


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
