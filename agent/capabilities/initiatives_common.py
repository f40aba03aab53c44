"""What the AI-initiative capabilities share: which initiative a question names, and its
analysis as the caller may see it (agent/access.py)."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from agent.access import initiative_figures_allowed, visible_initiative
from agent.capabilities.base import MissingSlot, Turn
from agent.context import ToolContext
from agent.slots import Slots, words
from core.errors import NotFoundError
from domain.initiatives import analyse, by_day


def named(slots: Slots, turn: Turn) -> str:
    """The initiative a question names, by title or id; else the previous turn's; else the
    only one on record (the router has read the question as about an initiative)."""
    text = f" {slots.text} "
    for initiative_id, title in turn.initiatives.items():
        if f" {words(title)} " in text or f" {words(initiative_id)} " in text:
            return initiative_id
    previous = turn.previous("initiative")
    if previous:
        return str(previous)
    if len(turn.initiatives) == 1:  # the question is about an initiative: the one on record
        return next(iter(turn.initiatives))
    if not turn.initiatives:
        raise MissingSlot(
            "no AI initiative is on record yet: HR adds one as a use case in text "
            "(initiatives/*.md in a folder, or POST /v1/initiatives)"
        )
    on_record = ", ".join(f"{t} ({i})" for i, t in turn.initiatives.items())
    raise MissingSlot(f"which initiative? On record: {on_record}")


def found(ctx: ToolContext, initiative: str) -> dict[str, Any]:
    if ctx.initiatives is None:
        raise NotFoundError("AI initiatives are not kept here")
    return ctx.initiatives.get(initiative)


def analysed(ctx: ToolContext, stored: dict[str, Any], day: date | None = None) -> dict[str, Any]:
    """What the initiative needs, for everyone; coverage, gaps, build / buy / borrow and
    the roadmap for those who may see the named teams' figures; with `day`, whether it is
    ready then (worked out before names are withheld: the answer is the same for all)."""
    base = {
        k: stored[k]
        for k in ("initiative_id", "title", "description", "target", "teams", "reviewed_by")
    }
    base["needs"] = [
        {
            **c,
            "name": ctx.org.skills[c["skill_id"]].name
            if c["skill_id"] in ctx.org.skills
            else c["skill_id"],
        }
        for c in stored["competencies"]
    ]
    base["reviewed"] = stored["reviewed_by"] is not None
    if not initiative_figures_allowed(ctx.caller, ctx.org, stored["teams"]):
        return {**base, "figures": False}
    flow = ctx.insights.talent_flow()
    fill = flow.get("time_to_fill", {}).get("median_days")
    data = analyse(
        ctx.org,
        stored,
        ctx.org.as_of,
        ctx.insights.advice.hours_per_week,
        round(fill) if fill is not None else None,
    )
    if day is not None:
        data["check"] = by_day(data, day)
    shown = visible_initiative(ctx.caller, ctx.org, data, ctx.insights.min_group_size)
    return {**base, **shown, "figures": True}


MONTHS = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]


def day_named(slots: Slots, today: date) -> str | None:
    """The day a readiness question asks about, when the date reader found none: a month
    ("come June": its last day, the next one to come), a quarter's end ("EOQ1", "end of Q3"),
    the end of this or next year, or "in N months" / "N months from now"."""
    if slots.by:
        return slots.by
    text = slots.text
    quarter = re.search(r"\beo ?q([1-4])\b|\bend of q([1-4])\b|\bq([1-4])\b", text)
    if quarter:
        number = int(next(g for g in quarter.groups() if g))
        year = today.year if date(today.year, 3 * number, 28) >= today else today.year + 1
        return _month_end(year, 3 * number)
    if re.search(r"\bend of (?:this|the) year\b|\beoy\b", text):
        return date(today.year, 12, 31).isoformat()
    if re.search(r"\bnext year\b", text):
        return date(today.year + 1, 12, 31).isoformat()
    months = re.search(r"\b(?:in (\w+) months|(\w+) months from now)\b", text)
    if months:
        count = _number(months.group(1) or months.group(2))
        if count:
            index = today.year * 12 + today.month - 1 + count
            year, month = divmod(index, 12)
            return today.replace(year=year, month=month + 1, day=min(today.day, 28)).isoformat()
    said = re.search(
        rf"\b({'|'.join(MONTHS)}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b", text
    )
    if said:
        number = next(i for i, m in enumerate(MONTHS, 1) if m.startswith(said.group(1)))
        stated = re.search(r"\b(20\d\d)\b", text)
        year = int(stated.group(1)) if stated else today.year + (number < today.month)
        return _month_end(year, number)
    return None


def _month_end(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _number(text: str) -> int | None:
    words_ = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12}
    return int(text) if text.isdigit() else words_.get(text)
