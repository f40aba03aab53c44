"""AI initiatives from a native folder's `initiatives/*.md`: front matter (initiative_id,
title, target, teams) and the use case in text, whose competencies are read as a job
description's requirements are (ingest/extraction.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.errors import ValidationError
from domain.initiatives import as_stored, with_soft_skills
from domain.titles import title_problem
from ingest.extraction import extract_requirements
from ingest.native_format import BadValue, ImportFailed, identifier, split_front_matter
from retrieval.normalise import SkillNormaliser

FOLDER = "initiatives"


@dataclass(frozen=True)
class InitiativeFile:
    initiative_id: str
    title: str
    description: str
    target: date
    teams: list[str]
    source: str


def _line(raw: str, key: str) -> int:
    """The front matter line naming `key` (1 when it is missing)."""
    for number, text in enumerate(raw.splitlines(), start=1):
        if text.startswith(f"{key}:"):
            return number
    return 1


def read_initiatives(folder: Path, teams: set[str]) -> list[InitiativeFile]:
    """Every initiative file, checked; all problems at once, naming file, line and field."""
    found: list[InitiativeFile] = []
    errors: list[ValidationError] = []
    for path in sorted((folder / FOLDER).glob("*.md")) if (folder / FOLDER).is_dir() else []:
        name = f"{FOLDER}/{path.name}"

        def problem(message: str, key: str, raw: str = "", name: str = name) -> None:
            errors.append(ValidationError(message, file=name, line=_line(raw, key), field=key))

        try:
            raw = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problem("is not UTF-8 text", "")
            continue
        meta, body, error = split_front_matter(raw)
        if error:
            problem(f"front matter {error}", "", raw)
            continue
        try:
            initiative_id = identifier(str(meta.get("initiative_id") or path.stem))
        except BadValue as exc:
            problem(str(exc), "initiative_id", raw)
            continue
        title = str(meta.get("title") or "").strip()
        wrong = title_problem(title) if title else "is missing"
        if wrong:
            problem(wrong, "title", raw)
            title = ""
        try:
            target = date.fromisoformat(str(meta.get("target") or ""))
        except ValueError:
            problem(f"'{meta.get('target')}' is not a date (YYYY-MM-DD)", "target", raw)
            continue
        listed = meta.get("teams") or []
        if not isinstance(listed, list) or not listed:
            problem("must list the teams involved", "teams", raw)
            continue
        unknown = [str(t) for t in listed if str(t) not in teams]
        if unknown:
            problem(f"no team called {', '.join(repr(t) for t in unknown)}", "teams", raw)
            continue
        if not body.strip():
            problem("the use case has no text", "", raw)
            continue
        if title:
            found.append(
                InitiativeFile(
                    initiative_id,
                    title,
                    body.strip() + "\n",
                    target,
                    [str(t) for t in listed],
                    name,
                )
            )
    if errors:
        raise ImportFailed(folder, errors)
    return found


def competencies_of(
    text: str, normaliser: SkillNormaliser, known: set[str]
) -> list[dict[str, object]]:
    """What a use case needs: its requirements as read from the text, then the soft skills
    that go with adopting AI (domain/initiatives.py)."""
    return as_stored(with_soft_skills(known, extract_requirements(text, normaliser)))
