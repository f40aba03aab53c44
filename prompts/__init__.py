"""Prompt and answer templates: files under prompts/, loaded by name, versioned, with their
variables checked (a missing variable is an error, never an empty string)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from domain.text import inert

ROOT = Path(__file__).resolve().parent


def _finalize(value: Any) -> Any:
    # Every value a template prints is made inert: stored text is plain already, and this
    # keeps it so for a client that renders the answer as Markdown or HTML.
    return inert(value) if isinstance(value, str) else value


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(ROOT)),
    # Prompts ship with the package: no stat() of the file on every answer.
    auto_reload=False,
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # plain text answers, not HTML: values are made inert instead
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_env.filters["pct"] = lambda value: f"{round(float(value) * 100)}%"


def _amount(value: Any, unit: str) -> str:
    """A scorecard figure in its unit: a share as a percentage, days as days."""
    if unit == "share":
        return f"{float(value) * 100:.0f}%"
    return f"{float(value):g}" + (f" {unit}" if unit in ("days", "hours") else "")


_env.filters["amount"] = _amount


@cache
def version(name: str) -> str:
    """The version a template declares in its first line: `{# version: answers/x@2 #}`."""
    first = (ROOT / name).read_text(encoding="utf-8").splitlines()[0]
    if "version:" not in first:
        raise ValueError(f"prompts/{name} does not declare a version on its first line")
    return first.split("version:", 1)[1].strip(" #}")


def render(template: str, **variables: Any) -> str:
    """Render prompts/<template>; raises jinja2.UndefinedError when a variable is missing."""
    return _env.get_template(template).render(**variables).strip()


_TAG = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)


@cache
def instructions() -> tuple[str, ...]:
    """The fixed wording of the instructions given to models (prompts/system, prompts/judge),
    template tags removed: what an answer must never repeat."""
    texts = []
    for folder in ("system", "judge"):
        for path in sorted((ROOT / folder).glob("*.j2")):
            texts.append(_TAG.sub(" ", path.read_text(encoding="utf-8")))
    return tuple(texts)
