"""Resolving what people type (ids, names, aliases, prefixes) to one record."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.errors import AmbiguousNameError, NotFoundError
from domain.models import Skill

_SPACES = re.compile(r"\s+")


def normalise_key(text: str) -> str:
    """Case- and whitespace-insensitive key for exact matching."""
    return _SPACES.sub(" ", text.strip()).casefold()


class SkillLookup:
    """Exact skill resolution by id, name or alias (case-insensitive).

    Fuzzy matching ("Kubernetes administration" → kubernetes) is the normaliser's
    job in `retrieval/`; importers use this exact lookup so a typo is an error,
    not a silent guess.
    """

    def __init__(self, skills: Iterable[Skill]):
        self._by_key: dict[str, set[str]] = {}
        self._skills: dict[str, Skill] = {}
        for skill in skills:
            self._skills[skill.skill_id] = skill
            for key in (skill.skill_id, skill.name, *skill.aliases):
                self._by_key.setdefault(normalise_key(key), set()).add(skill.skill_id)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._skills

    def __len__(self) -> int:
        return len(self._skills)

    def get(self, skill_id: str) -> Skill:
        return self._skills[skill_id]

    def candidates(self, text: str) -> set[str]:
        return set(self._by_key.get(normalise_key(text), set()))

    def resolve(self, text: str) -> str:
        """The skill id that `text` names, or an error saying why there is none."""
        if text in self._skills:
            return text
        found = self._by_key.get(normalise_key(text), set())
        if len(found) == 1:
            return next(iter(found))
        if not found:
            raise NotFoundError(f"unknown skill '{text}'")
        raise AmbiguousNameError(f"'{text}' names several skills: {', '.join(sorted(found))}")


def resolve_by_id_or_name(text: str, records: dict[str, str], kind: str) -> str:
    """Resolve `text` against {id: display name}: exact id, exact name, then an
    unambiguous case-insensitive prefix of a name. Errors list the candidates."""
    if text in records:
        return text
    key = normalise_key(text)
    exact = [rid for rid, name in records.items() if normalise_key(name) == key]
    exact = exact or [rid for rid in records if rid.casefold() == key]
    if len(exact) == 1:
        return exact[0]
    matches = exact or [rid for rid, name in records.items() if normalise_key(name).startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no {kind} named '{text}'")
    listed = ", ".join(f"{rid} ({records[rid]})" for rid in sorted(matches)[:10])
    more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
    raise AmbiguousNameError(f"'{text}' matches several {kind}s: {listed}{more}")
