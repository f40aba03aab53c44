"""Who is being erased, in every form their data may take: id, full name, each part of the
name, email and its local part, with and without accents.

A first name alone ("Zora") is treated as naming the person: a conversation that says "and
Zora?" is about them. That may also catch a namesake's mention; for erasure, taking too
much is the right error."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Any

ERASED = "[erased]"
MIN_PART = 3  # "Li" or "Wu" alone would match inside too many words


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Identity:
    employee_id: str
    name: str = ""
    email: str = ""

    @cached_property
    def variants(self) -> tuple[str, ...]:
        forms = {self.employee_id, self.name, self.email}
        forms.update(part for part in re.split(r"[\s\-']+", self.name) if len(part) >= MIN_PART)
        local = self.email.partition("@")[0]
        forms.add(local)
        forms.update(p for p in re.split(r"[._\-+]+", local) if len(p) >= MIN_PART)
        forms |= {_fold(f) for f in forms}
        # Longest first, so "Zora Quillfeather" is replaced whole before "Zora".
        return tuple(sorted((f for f in forms if f.strip()), key=len, reverse=True))

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(v) for v in self.variants)
        return re.compile(rf"(?<![\w.@])(?:{alternatives})(?![\w@])", re.IGNORECASE)

    def mentioned_in(self, value: Any) -> bool:
        """Whether text (or any string inside a JSON-like value) names the person."""
        return any(self._pattern.search(s) for s in _strings(value))

    def redact(self, text: str) -> str:
        return self._pattern.sub(ERASED, text)

    def redact_all(self, value: Any) -> Any:
        """`redact` on every string inside a JSON-like value."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {k: self.redact_all(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact_all(v) for v in value]
        return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []
