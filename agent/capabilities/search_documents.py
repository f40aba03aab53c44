"""Hybrid search over skills, roles and job descriptions, profiles and learning resources,
filtered to what the caller may see before it runs."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from agent.access import visible_employees
from agent.capabilities.base import Capability, Turn, everyone
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots
from domain.text import plain, plain_name
from retrieval.knowledge import held_by
from retrieval.search import build_filter

SNIPPET = 240


class SearchArgs(Args):
    query: str = Field(min_length=1, max_length=500)
    types: list[str] | None = Field(default=None, description="skill, role, profile, resource")
    top_k: int = Field(default=5, ge=1, le=20)


def run(ctx: ToolContext, args: SearchArgs) -> ToolResult:
    visible = visible_employees(ctx.caller, ctx.org)
    where = build_filter(doc_types=args.types, owners=None if visible is None else sorted(visible))
    hits = ctx.knowledge.searcher.search(args.query, args.top_k, where, exists=held_by(ctx.org))
    # A snippet in plain words, not the raw chunk: a document's text must not carry markup,
    # links or instructions into a client or a client's model.
    results = [
        {
            "id": h.id,
            "type": h.type,
            "title": plain_name(h.title),
            "score": round(h.score, 6),
            "snippet": plain(h.chunk, SNIPPET),
            "chunk_id": h.chunk_id,
            "section": plain_name(h.section),
        }
        for h in hits
    ]
    return ToolResult(
        "search_documents",
        args.model_dump(),
        {"query": args.query, "results": results},
        [
            Citation(h.id, h.type, str(r["title"]), str(r["snippet"]))
            for h, r in zip(hits, results, strict=True)
        ],
    )


SEARCH_WORDS = re.compile(
    r"^\s*(?:please\s+)?(?:search|find|look up|look for)\s+(?:for\s+|documents?\s+"
    r"(?:about|on|for|mentioning)\s+|anything\s+(?:on|about)\s+)?",
    re.I,
)


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    query = SEARCH_WORDS.sub("", slots.question).strip(" ?.!") or slots.question
    return {"query": query[:500], "top_k": 5}


CAPABILITY = Capability(
    name="search_documents",
    description="Search job descriptions, profiles, skills and learning resources by meaning "
    "and keywords (only what the caller may see).",
    fill=fill,
    args=SearchArgs,
    run=run,
    # Personal documents are filtered out of the search itself, before it runs.
    access=everyone,
    template="answers/search.j2",
    who="everyone; profiles only where the caller may see the person",
    suggestion="Search for dashboards",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=("Search for dashboards",),
    examples=(
        "search for <TEXT>",
        "find documents about <TEXT>",
        "look up <TEXT>",
        "Which job descriptions mention <TEXT>?",
        "search profiles for <TEXT>",
        "find anything on <TEXT>",
        "search the job descriptions for <SKILL>",
        "Which job descriptions mention <SKILL>?",
        "find profiles that mention <SKILL>",
        "search documents for <ROLE>",
    ),
)
