"""Slot filling: the people, roles, skills, teams, durations, dates, counts and hours a
question names, read the way people write them.

People: full names, unique first or last names, ids, possessives ("Priya's"), close spellings
("Dana Okafr"), "I/me/my", "my team", "my reports". Roles: titles, plurals, ids,
abbreviations (MLE, SRE, SDE…) and families ("move into machine learning engineering").
Skills: names, aliases, close spellings, and the skill normaliser for other wordings.
Durations ("3-month", "six months", "90-day"), dates ("next year", "by the end of Q2",
"in Q3 2027", "by 2027-06-30"), counts ("two additional", "a couple of") and weekly hours.

The question is also returned with each name replaced by a typed placeholder (`<person>`,
`<role>`…), which is what the router compares with the capabilities' example questions.
Nothing here reads documents: text inside the data can never choose a tool.
"""

from __future__ import annotations

import calendar
import difflib
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.org import Org

TOKENS = re.compile(r"<[a-z]+>|\d{4}-\d\d-\d\d|\d+(?:\.\d+)?h?|[a-z0-9+#&]+")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "another": 1,
    "two": 2,
    "couple": 2,
    "three": 3,
    "few": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUM = r"\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}

DURATION = re.compile(
    rf"\b(?:(?P<n>{_NUM}) (?P<unit>days?|weeks?|wks?|months?|mths?|years?|yrs?|quarters?)"
    r"|(?P<half>half a year|half year|six month)|(?P<a>a|one|next|coming|the next|the coming) "
    r"(?P<aunit>quarter|month|year))\b"
)
HOURS = re.compile(
    rf"\b(?P<n>{_NUM}|half an?) ?(?:h|hr|hrs|hour|hours)\b"
    r"(?: (?:a|per|each|every|in a|in|/))? (?:week|wk|wks)\b"
)
HOURS_TOKEN = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)h(?: (?:a|per|each|every|in))? (?:week|wk|wks)\b")
ISO_DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
QUARTER = re.compile(r"\b(?:(?:the )?end of )?(?:eo ?)?q(?P<q>[1-4])(?: (?P<y>20\d\d))?\b")
MONTH_DATE = re.compile(
    r"\b(?:by|before|until|in|end of|by the end of|come) (?P<m>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")(?: (?P<y>20\d\d))?\b"
)
DAY_MONTH_YEAR = re.compile(
    r"\b(?P<d>[0-3]?\d) (?P<m>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r") (?P<y>20\d\d)\b"
)
MID_YEAR = re.compile(r"\b(?:mid|middle of|half way through) (?P<y>20\d\d)\b")
YEAR = re.compile(
    r"\b(?:by|in|before|during|for|until|within|end of|the end of) (?:the )?(?:year )?"
    r"(?P<y>20\d\d)\b"
)
NEXT_YEAR = re.compile(r"\b(?:next year|the coming year|within a year)\b")
END_OF_YEAR = re.compile(r"\b(?:(?:the )?end of (?:this|the) year|eoy)\b")
IN_MONTHS = re.compile(rf"\b(?:in (?P<n>{_NUM}) months?|(?P<from>{_NUM}) months? from now)\b")
COUNT_BEFORE_ROLE = re.compile(
    rf"\b(?P<n>\d+|{'|'.join(w for w in NUMBER_WORDS if w not in ('a', 'an', 'one'))})"
    r"(?: of)?(?: (?:more|additional|extra|new|further|senior|experienced|qualified))* $"
    r"|\b(?P<one>an?|one|another) (?:more|additional|extra|new|further)(?: \w+)? $"
)
STATUS = {
    "approved": "approved",
    "draft": "draft",
    "drafts": "draft",
    "pending": "draft",
    "rejected": "rejected",
    "declined": "rejected",
    "in progress": "in_progress",
    "ongoing": "in_progress",
    "completed": "completed",
    "finished": "completed",
    "done": "completed",
}
SELF = re.compile(r"\b(i|me|my|myself|mine|i m|im)\b")
OTHER = re.compile(r"\b(she|he|her|him|they|them|their|his|hers)\b")
MY_TEAM = re.compile(
    r"\b(?:my|our) (?:own )?(?:\w+ )?(?:team|teams|reports|direct reports|people|group|staff|"
    r"hrbps|analysts|engineers|specialists)\b"
)
# "there", "that team", "them": the question points back at the previous turn's subject.
REFERS_BACK = re.compile(
    r"\b(there|that team|this team|that group|the same|that comparison|that role|those|"
    r"them|that one|this one)\b"
)
AI = re.compile(r"\b(?:ai|artificial intelligence|genai|gen ai)\b")
# Words that start role families: "machine learning engineering" → "ml engineer".
FAMILY = {
    "engineering": "engineer",
    "science": "scientist",
    "analysis": "analyst",
    "analytics": "analyst",
}
EXPANSIONS = {"ml": "machine learning", "hr": "human resources", "it": "information technology"}


def words(text: str) -> str:
    """Lower-case tokens joined by single spaces, accents folded ("Wójcik" → "wojcik"):
    what every phrase is matched against."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(TOKENS.findall(folded))


def _id_shape(token: str) -> str:
    """Letters as A and digits as 9: the shape of an id."""
    return re.sub(r"[0-9]", "9", re.sub(r"[A-Za-z]", "A", token))


def _stem(word: str) -> str:
    """A crude stem, enough to match "modellers" with "modelling"."""
    for suffix in ("ers", "ing", "er", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _number(text: str) -> float | None:
    text = text.strip()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    if text.startswith("half"):
        return 0.5
    try:
        return float(text)
    except ValueError:
        return None


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Span:
    start: int
    end: int
    kind: str  # person, role, skill, team, department, duration, date, hours, number
    value: object


@dataclass
class Slots:
    """What a question names, in the order it names them."""

    employees: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    team: str | None = None
    department: str | None = None
    teams: list[str] = field(default_factory=list)  # every team named, in order
    departments: list[str] = field(default_factory=list)  # every department named
    weeks: int | None = None
    in_months: int | None = None  # "in six months": a horizon for a plan, a date otherwise
    hours: float | None = None
    headcount: int | None = None
    by: str | None = None
    status: str | None = None
    internal: bool | None = None
    ai_only: bool = False
    self_reference: bool = False
    other_reference: bool = False
    my_team: bool = False
    org_wide: bool = False  # "the organisation", "company-wide": a group, the whole org
    refers_back: bool = False
    unknown_names: list[str] = field(default_factory=list)  # "Zed": a name we don't know
    templated: str = ""  # the question with typed placeholders
    question: str = ""  # as typed
    text: str = ""  # as typed, normalised (words())

    def has(self, slot: str) -> bool:
        """Whether the question itself supplies a slot a capability may need."""
        return {
            "employee": bool(self.employees) or self.self_reference or bool(self.unknown_names),
            "employees": len(self.employees) >= 2,
            "role": bool(self.roles),
            "skill": bool(self.skills),
            "group": bool(self.team or self.department or self.my_team or self.org_wide),
            "weeks": self.weeks is not None,
            "hours": self.hours is not None,
            "headcount": self.headcount is not None,
            "date": self.by is not None,
        }[slot]


# Short single words that are also names in the data ("REST" is an API style, "Go" a
# language): read as a name only when written as the data writes them.
_COMMON = (
    "a an and are as at be by can do go for get has have i in is it its lead me my no of "
    "on or our rest run s so the to up us we what who will with you"
)
COMMON_WORDS = frozenset(_COMMON.split())
ORG_WIDE = re.compile(
    r"\b(organi[sz]ation|company|company wide|org wide|whole org|overall|across the board|"
    r"everyone|all teams|all departments)\b"
)
# Capitalised words that are not people.
NOT_NAMES = frozenset(
    [
        "what",
        "which",
        "who",
        "how",
        "could",
        "would",
        "should",
        "please",
        "can",
        "the",
        "and",
        "for",
        "team",
        "teams",
        "department",
        "skills",
        "skill",
        "plan",
        "plans",
        "role",
        "roles",
        "thanks",
        "hello",
        "hi",
        "senior",
        "junior",
        "lead",
        "ok",
        "okay",
    ]
)
ROLE_WORDS = {"job", "jobs", "role", "roles", "position", "positions", "seat", "seats", "post"}
RELATION = re.compile(r"^ s (team|role|job|position|seat|manager|boss|lead|reports)\b")
MOVE = re.compile(
    r"\b(?:move|moving|switch|switching|transition|transitioning|become|becoming|get into|"
    r"career in|step into|grow into|ready for|readiness for|into)(?: \S+){0,2} $"
)
LED_BY = re.compile(r"\bteams? (?:led|managed|run|headed) by $")
LEADS = re.compile(r"^ (?:manages|leads|runs|heads)\b")
SUCCEED = re.compile(r"\b(?:succeed|successors? (?:to|for|of)|replace|replacement for|backfill)$")
QUOTED = re.compile(
    "(?:(?<=\\s)|^)[\"\u2018\u201c']([^\"'\u2018\u2019\u201c\u201d]{2,60})"
    "[\"\u2019\u201d'](?=[\\s.,;:!?)]|$)"
)


class Fuzzy:
    """Close spellings, fast enough for every question: only the phrases sharing a third of
    a word's character trigrams are compared in full (difflib's ratio)."""

    def __init__(self, phrases: Iterable[str]):
        self.phrases = sorted(set(phrases))
        self._by_gram: dict[str, set[int]] = {}
        for i, phrase in enumerate(self.phrases):
            for gram in _grams(phrase):
                self._by_gram.setdefault(gram, set()).add(i)

    def close(self, text: str, cutoff: float, n: int = 1) -> list[str]:
        grams = _grams(text)
        counts: dict[int, int] = {}
        for gram in grams:
            for i in self._by_gram.get(gram, ()):
                counts[i] = counts.get(i, 0) + 1
        needed = max(1, len(grams) // 3)
        candidates = [self.phrases[i] for i, c in counts.items() if c >= needed]
        return difflib.get_close_matches(text, candidates, n=n, cutoff=cutoff)


def _grams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _phrases(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(normalised phrase, key), longest first so "Senior Data Engineer" wins."""
    unique = {(words(text), key) for text, key in pairs if text and words(text)}
    return sorted(unique, key=lambda p: (-len(p[0]), p[0]))


def _acronym(title: str) -> str:
    out = ""
    for token in re.findall(r"[A-Za-z]+", title):
        if token.isupper() and len(token) <= 3:
            out += token.lower()  # "HR Business Partner" → "hrbp", "ML Engineer" → "mle"
        elif token.lower() not in {"of", "and", "the"}:
            out += token[0].lower()
    return out


def _role_variants(title: str, role_id: str) -> set[str]:
    """How people write a role: its title, id, plural, abbreviations ("TA Specialist",
    "L&D Specialist"), the words an abbreviation stands for, and its family
    ("machine learning engineering")."""
    bare = re.sub(r"\(.*?\)", "", title).strip()
    variants = {bare, role_id.replace("-", " "), title}
    variants |= {p.strip() for p in re.findall(r"\((.*?)\)", title)}  # "(CHRO)"
    variants.add(re.sub(r"\b(\w)\w* & (\w)\w*", r"\1&\2", bare))  # "L&D Specialist"
    parts = bare.split()
    if len(parts) >= 3:  # "TA Specialist", "SD Analyst"
        variants.add("".join(p[0] for p in parts[:-1]) + " " + parts[-1])
    for v in list(variants):
        lowered = f" {words(v)} "
        for short, long in EXPANSIONS.items():
            if f" {short} " in lowered:
                variants.add(lowered.replace(f" {short} ", f" {long} ").strip())
    for v in list(variants):
        tokens = words(v).split()
        if tokens and tokens[-1] in FAMILY.values():
            for family, person in FAMILY.items():
                if person == tokens[-1]:
                    variants.add(" ".join([*tokens[:-1], family]))
    return variants


@dataclass(frozen=True)
class Entry:
    phrase: str
    kind: str  # role, person, team, skill, department
    key: str
    written: str  # as the data writes it (for short common words)
    family: bool = False  # a role read from its family ("site reliability engineering")


# The value of a person slot that names several people ("namesakes:dana okafor").
NAMESAKES = "namesakes:"

# A team named exactly ("HR Business Partners") wins over a role written the same way, and a
# person over a role: a role titled like someone must not take the questions about them.
PRIORITY = {"team": 0, "person": 1, "role": 2, "skill": 3, "department": 4}


class Vocabulary:
    """Names in one organisation that a question may mention, built once per org."""

    def __init__(self, org: Org, skill_matcher: Callable[[str], str | None] | None = None):
        self.org = org
        self.skill_matcher = skill_matcher
        entries: list[Entry] = []

        def add(text: str, kind: str, key: str, family: bool = False) -> None:
            phrase = words(text)
            if phrase:
                entries.append(Entry(phrase, kind, key, text, family))

        firsts: dict[str, list[str]] = {}
        lasts: dict[str, list[str]] = {}
        for e in org.employees.values():
            add(e.name, "person", e.employee_id)
            add(e.employee_id, "person", e.employee_id)
            parts = words(e.name).split()
            firsts.setdefault(parts[0], []).append(e.employee_id)
            if len(parts) > 1:
                lasts.setdefault(parts[-1], []).append(e.employee_id)
        # A first or last name alone counts only when it is unique in the organisation.
        for name, ids in (firsts | lasts).items():
            if len(ids) == 1 and len((firsts.get(name) or []) + (lasts.get(name) or [])) == 1:
                add(name, "person", ids[0])
        self.full_names = {words(e.name): e.employee_id for e in org.employees.values()}
        # How this organisation writes employee ids ("E013" → "A999"): only shapes with a
        # letter, or five digits and more, so years and counts are never taken for ids.
        self.id_shapes = {
            shape
            for shape in map(_id_shape, org.employees)
            if any(c == "A" for c in shape) or len(shape) >= 5
        }
        # Full names several people share: a question naming one must not pick at random.
        holders: dict[str, list[str]] = {}
        for e in org.employees.values():
            holders.setdefault(words(e.name), []).append(e.employee_id)
        self.namesakes = {name: ids for name, ids in holders.items() if len(ids) > 1}
        self.single_names = {
            n: ids[0]
            for n, ids in (firsts | lasts).items()
            if len(ids) == 1 and len(n) >= 4 and n not in COMMON_WORDS
        }
        acronyms: dict[str, list[str]] = {}
        self.role_phrases: dict[str, str] = {}
        for r in org.roles.values():
            for v in _role_variants(r.title, r.role_id):
                family = words(v).split()[-1] in FAMILY
                for form in (v, v + "s", v + "es"):
                    add(form, "role", r.role_id, family)
                    self.role_phrases[words(form)] = r.role_id
            bare = re.sub(r"\(.*?\)", "", r.title).strip()
            acronyms.setdefault(_acronym(bare), []).append(r.role_id)
            if bare.lower().startswith("senior "):
                base = _acronym(bare[len("senior ") :])
                for prefix in ("senior ", "sr "):
                    acronyms.setdefault(prefix + base, []).append(r.role_id)
        # Acronyms of two letters ("DE", "DS") are read only when written in capitals.
        self.acronyms = {a: ids[0] for a, ids in acronyms.items() if len(ids) == 1 and a}
        self.skill_words: dict[str, str] = {}
        for s in org.skills.values():
            for form in (s.name, s.skill_id.replace("-", " "), *s.aliases):
                add(form, "skill", s.skill_id)
                phrase = words(form)
                if " " not in phrase and len(phrase) >= 5:
                    self.skill_words[phrase] = s.skill_id
        self.skill_phrases = {e.phrase: e.key for e in entries if e.kind == "skill"}
        # "threat modellers" → "threat modell" = "threat modelling"
        self.skill_stems = {
            " ".join(_stem(w) for w in phrase.split()): key
            for phrase, key in self.skill_phrases.items()
            if " " in phrase
        }
        for team in org.teams():
            add(team, "team", team)
        for department in org.departments():
            add(department, "department", department)
        self.entries = sorted(
            set(entries), key=lambda e: (-len(e.phrase.split()), -len(e.phrase), PRIORITY[e.kind])
        )
        self.team_names = {words(t): t for t in org.teams()}
        self.known_words = {w for entry in self.entries for w in entry.phrase.split()}
        self.by_first: dict[str, list[int]] = {}
        for rank, entry in enumerate(self.entries):
            self.by_first.setdefault(entry.phrase.split(" ", 1)[0], []).append(rank)
        self.team_abbreviations: dict[str, str] = {}
        for team in org.teams():
            parts = re.findall(r"[A-Za-z]+|&", team)
            if len(parts) >= 2:
                short = "".join(p if p == "&" else p[0] for p in parts).lower()
                if parts[0].isupper():  # "HR Business Partners" → "hrbp"
                    short = parts[0].lower() + "".join(p[0] for p in parts[1:]).lower()
                self.team_abbreviations[short.rstrip("s") if len(short) > 3 else short] = team
        self._fuzzy = {
            id(table): Fuzzy(table)
            for table in (
                self.role_phrases,
                self.full_names,
                self.skill_phrases,
                self.single_names,
                self.skill_words,
                self.team_names,
            )
        }

    # ------------------------------------------------------------------ finding

    def _names(
        self,
        question: str,
        text: str,
        spans: list[Span],
        multiword: bool | None = None,
        only: str | None = None,
    ) -> list[Span]:
        """Every name the text holds, longest first, none overlapping another (only the
        names of several words, or of one, when `multiword` says so; of one kind, `only`)."""
        says_team = bool(re.search(r"\bteams?\b", text))
        capitals = set(re.findall(r"\b[A-Z][A-Za-z&]*\b", question))
        found: list[Span] = []
        padded = f" {text} "
        # Only names whose first word the text holds can be in it; longest first still.
        ranks = sorted({r for word in set(text.split()) for r in self.by_first.get(word, ())})
        for entry in (self.entries[r] for r in ranks):
            if multiword is not None and (" " in entry.phrase) != multiword:
                continue
            if only is not None and entry.kind != only:
                continue
            if entry.kind == "team" and entry.phrase in self.skill_phrases and not says_team:
                continue  # "Talent Acquisition" is a skill unless the question says team
            short = " " not in entry.phrase and len(entry.phrase) <= 3
            if (
                entry.kind == "department"
                and short
                and entry.written not in capitals
                and not re.search(rf"\b{entry.phrase} (?:department|dept|side|org)", text)
            ):
                continue  # "it" is a word; "IT" or "the it department" a department
            if (
                entry.phrase in COMMON_WORDS
                and entry.kind in ("skill", "person")
                and entry.written not in question
            ):
                continue  # "rest" is a word; "REST" an API style
            start = padded.find(f" {entry.phrase} ")
            while start != -1:
                kind, key = entry.kind, entry.key
                if (
                    entry.family
                    and entry.phrase in self.skill_phrases
                    and not MOVE.search(text[:start])
                ):
                    # "What is site reliability engineering?" is the skill; "move into site
                    # reliability engineering" the role.
                    kind, key = "skill", self.skill_phrases[entry.phrase]
                span = Span(start, start + len(entry.phrase), kind, key)
                if not any(s.start < span.end and span.start < s.end for s in spans):
                    spans.append(span)
                    found.append(span)
                start = padded.find(f" {entry.phrase} ", start + 1)
        return found

    @staticmethod
    def _mark(text: str, match: re.Match[str], kind: str, value: object, spans: list[Span]) -> bool:
        span = Span(match.start(), match.end(), kind, value)
        if any(s.start < span.end and span.start < s.end for s in spans):
            return False
        spans.append(span)
        return True

    @staticmethod
    def _free(text: str, spans: list[Span]) -> list[tuple[int, int, str]]:
        return [
            (m.start(), m.end(), m.group())
            for m in re.finditer(r"\S+", text)
            if not any(s.start < m.end() and m.start() < s.end for s in spans)
        ]

    def _close_names(self, text: str, spans: list[Span], multiword: bool) -> list[Span]:
        """Names spelt nearly right ("Dana Okafr", "platfrom enginer", "kubernets"): windows
        of the words no exact name took, against full names, role titles and skill names."""
        found: list[Span] = []
        free = self._free(text, spans)
        if not multiword:
            return self._close_words(text, spans)
        for size, table, kind, cutoff in (
            (3, self.role_phrases, "role", 0.88),
            (2, self.full_names, "person", 0.85),
            (2, self.role_phrases, "role", 0.86),
            (2, self.skill_phrases, "skill", 0.88),
        ):
            for i in range(len(free) - size + 1):
                window = free[i : i + size]
                if any(b[0] - a[1] > 1 for a, b in itertools.pairwise(window)):
                    continue  # not adjacent
                if any(w[2] in COMMON_WORDS for w in window):
                    continue  # "chro s" is a possessive, not a misspelt "chros"
                stems = " ".join(_stem(w[2]) for w in window)
                if kind == "skill" and stems in self.skill_stems:
                    span = Span(window[0][0], window[-1][1], kind, self.skill_stems[stems])
                    spans.append(span)
                    found.append(span)
                    continue
                start, end = window[0][0], window[-1][1]
                if any(s.start < end and start < s.end for s in spans):
                    continue
                phrase = " ".join(w[2] for w in window)
                close = self._fuzzy[id(table)].close(phrase, cutoff)
                if close:
                    span = Span(start, end, kind, table[close[0]])
                    spans.append(span)
                    found.append(span)
        return found

    def _close_words(self, text: str, spans: list[Span]) -> list[Span]:
        found: list[Span] = []
        for start, end, token in self._free(text, spans):
            if len(token) < 5 or token in COMMON_WORDS:
                continue
            for table, kind, cutoff in (
                (self.single_names, "person", 0.84),
                (self.skill_words, "skill", 0.86),
            ):
                close = self._fuzzy[id(table)].close(token, cutoff, n=2)
                if len(close) == 1 or (close and kind == "skill"):
                    span = Span(start, end, kind, table[close[0]])
                    spans.append(span)
                    found.append(span)
                    break
        return found

    def _team_names(self, question: str, text: str, spans: list[Span]) -> None:
        """Teams by abbreviation ("TA team", "L&D", "HRBPs") or spelt nearly right ("Securty
        team"): only where the question says team, or writes the abbreviation in capitals."""
        says_team = bool(re.search(r"\bteams?\b", text))
        capitals = {t.lower() for t in re.findall(r"\b[A-Z][A-Z&]{1,5}s?\b", question)}
        for abbreviation, team in self.team_abbreviations.items():
            for form in (abbreviation, abbreviation + "s"):
                if not (says_team or form in capitals or "&" in form):
                    continue
                for m in re.finditer(rf"(?<!\S){re.escape(form)}(?!\S)", text):
                    self._mark(text, m, "team", team, spans)
        if not says_team:
            return
        for m in re.finditer(r"(\S+(?: \S+)?) team\b", text):
            for candidate in (m.group(1), m.group(1).split()[-1]):
                close = self._fuzzy[id(self.team_names)].close(candidate, 0.8)
                if close:
                    start = m.start(1) + len(m.group(1)) - len(candidate)
                    span = Span(start, m.end(1), "team", self.team_names[close[0]])
                    if not any(s.start < span.end and span.start < s.end for s in spans):
                        spans.append(span)
                    break

    def _quoted(self, question: str, text: str, spans: list[Span]) -> None:
        """Quoted text that names nothing in the data is text to search for, not a name."""
        for match in QUOTED.finditer(question):
            inner = words(match.group(1))
            if not inner or inner in self.skill_phrases or inner in self.role_phrases:
                continue
            if self._fuzzy[id(self.skill_phrases)].close(inner, 0.86):
                continue
            at = f" {text} ".find(f" {inner} ")
            if at != -1:
                spans.append(Span(at, at + len(inner), "text", inner))

    def _relations(self, text: str, spans: list[Span]) -> None:
        """ "Carmen's team", "Tomasz's role", "Dana's manager", "the CHRO's profile",
        "succeed Aisha Bello": a person standing for their team, role or manager, and a
        one-holder role standing for its holder."""
        for span in sorted(spans, key=_at):
            after = RELATION.match(text[span.end :])
            if span.kind == "role" and after is None and re.match(r"^ s\b", text[span.end :]):
                holders = self.org.holders(str(span.value))
                if len(holders) == 1 and text[: span.start].endswith("the "):
                    span.kind, span.value = "person", holders[0]
                continue
            if span.kind != "person":
                if span.kind == "role" and after and after.group(1) in ("manager", "boss"):
                    pass
                continue
            person = self.org.employees[str(span.value)]
            before = text[: span.start]
            if LED_BY.search(before) or (
                LEADS.match(text[span.end :]) and re.search(r"\bteam\b", before)
            ):
                span.kind, span.value = "team", person.team
                continue
            if after is not None:
                relation = after.group(1)
                end = span.end + after.end()
                if relation in ("team", "reports"):
                    span.kind, span.value, span.end = "team", person.team, end
                elif relation in ("role", "job", "position", "seat") and person.role_id:
                    span.kind, span.value, span.end = "role", person.role_id, end
                elif relation in ("manager", "boss", "lead") and person.manager_id:
                    span.value, span.end = person.manager_id, end
            elif SUCCEED.search(text[: span.start].rstrip()) and person.role_id:
                span.kind, span.value = "role", person.role_id

    # ------------------------------------------------------------------ reading

    def read(
        self, question: str, caller_employee: str | None = None, as_of: date | None = None
    ) -> Slots:
        as_of = as_of or self.org.as_of
        text = words(question)
        spans: list[Span] = []
        slots = Slots(question=question, text=text)
        self._quoted(question, text, spans)
        self._read_times(text, as_of, slots, spans)
        # A person's full name first, whatever else is called like it: a role titled "Ravi
        # Shah (interim)" must not take the questions asked about Ravi Shah.
        self._names(question, text, spans, multiword=True, only="person")
        self._names(question, text, spans, multiword=True)
        self._acronym_roles(question, text, spans)
        self._team_names(question, text, spans)
        self._close_names(text, spans, multiword=True)
        self._names(question, text, spans, multiword=False)
        self._close_names(text, spans, multiword=False)
        self._relations(text, spans)
        for span in spans:
            # A shared full name stands for all who hold it (an id in the text still picks one).
            if span.kind == "person" and text[span.start : span.end] in self.namesakes:
                span.value = NAMESAKES + text[span.start : span.end]
        by_kind: dict[str, list[str]] = {}
        for span in sorted(spans, key=_at):
            by_kind.setdefault(span.kind, [])
            if str(span.value) not in by_kind[span.kind]:
                by_kind[span.kind].append(str(span.value))
        slots.employees = by_kind.get("person", [])
        slots.roles = by_kind.get("role", [])
        slots.skills = by_kind.get("skill", [])
        if not slots.skills and self.skill_matcher is not None:
            self._match_skill(text, spans, slots)
        teams, departments = by_kind.get("team", []), by_kind.get("department", [])
        slots.departments = list(departments)  # all of them, in order ("between HR and IT")
        slots.teams = list(teams)
        if len(departments) > 1:
            departments = []  # "HR and IT": both sides together, the whole organisation
        slots.team = teams[0] if teams else None
        slots.department = departments[0] if departments and not slots.team else None
        slots.self_reference = bool(SELF.search(text))
        slots.other_reference = bool(OTHER.search(text))
        slots.refers_back = bool(REFERS_BACK.search(text))
        slots.org_wide = bool(ORG_WIDE.search(text))
        slots.my_team = bool(MY_TEAM.search(text)) and caller_employee is not None
        if slots.my_team and not (slots.team or slots.department) and caller_employee:
            slots.team = self.org.employees[caller_employee].team
        slots.ai_only = bool(AI.search(text))
        if re.search(r"\b(?:internal|internally|in house|inhouse|kestrel academy|our own)\b", text):
            slots.internal = True
        elif re.search(r"\b(?:external|externally|outside|third party|vendor)\b", text):
            slots.internal = False
        for phrase, status in STATUS.items():
            if re.search(rf"\b{phrase}\b", text):
                slots.status = status
                break
        self._read_count(text, [s for s in spans if s.kind == "role"], spans, slots)
        slots.unknown_names = self._unknown_names(question, spans)
        for name in slots.unknown_names:  # someone we don't know is still someone
            at = f" {text} ".find(f" {words(name)} ")
            if at != -1 and not any(s.start < at + len(name) and at < s.end for s in spans):
                spans.append(Span(at, at + len(words(name)), "person", None))
        slots.templated = _templated(text, spans)
        return slots

    def _unknown_names(self, question: str, spans: list[Span]) -> list[str]:
        """Capitalised words after the first that name nothing we know, and words shaped
        like this organisation's employee ids that are nobody's ("E999"): someone the
        question means but the organisation does not have ("What does Zed lack?")."""
        known = {w for s in spans for w in str(s.value).lower().split()}
        names = [
            token
            for token in re.findall(r"[A-Za-z0-9][\w.:-]*[A-Za-z0-9]", question)
            if _id_shape(token) in self.id_shapes and token not in self.org.employees
        ]
        for m in re.finditer(r"(?<=\s)([A-Z][a-z]{2,})\b", question):
            if question[: m.start()].rstrip()[-1:] in (".", "?", "!"):
                continue  # a sentence's first word ("…guidance. Given my skills…")
            word = words(m.group(1))
            if word in COMMON_WORDS or word in NOT_NAMES or word in known:
                continue
            if word in self.known_words:
                continue  # part of a known name, role, skill or team
            names.append(m.group(1))
        return names

    def _acronym_roles(self, question: str, text: str, spans: list[Span]) -> None:
        capitals = {t.lower() for t in re.findall(r"\b[A-Z]{2,5}s?\b", question)}
        for acronym, role_id in sorted(self.acronyms.items(), key=lambda a: -len(a[0])):
            for form in (acronym, acronym + "s"):
                last = form.split()[-1]
                if len(last.rstrip("s")) < 3 and last not in capitals:
                    continue
                for m in re.finditer(rf"\b{re.escape(form)}\b", text):
                    self._mark(text, m, "role", role_id, spans)

    def _match_skill(self, text: str, spans: list[Span], slots: Slots) -> None:
        """A skill described in other words ("container orchestration"): the normaliser on
        the few free words after a cue, when they name nothing else."""
        assert self.skill_matcher is not None
        cue = re.search(
            r"\b(?:in|on|with|about|for|knows?|at|learn|learning|cover|covers|covering)"
            r" ([a-z0-9+#&][a-z0-9+#& ]{1,50}?)(?: (?:please|skills?|training|courses?))?$",
            text,
        )
        if not cue or len(cue.group(1).split()) > 4:
            return
        if any(s.start < cue.end(1) and cue.start(1) < s.end for s in spans):
            return
        found = self.skill_matcher(cue.group(1))
        if found:
            slots.skills = [found]
            spans.append(Span(cue.start(1), cue.end(1), "skill", found))

    def _read_times(self, text: str, as_of: date, slots: Slots, spans: list[Span]) -> None:
        for m in HOURS.finditer(text):
            value = _number(m.group("n"))
            if value and self._mark(text, m, "hours", value, spans):
                slots.hours = value
        for m in HOURS_TOKEN.finditer(text):
            if slots.hours is None and self._mark(text, m, "hours", m.group("n"), spans):
                slots.hours = float(m.group("n"))
        day: date | None = None
        for m in ISO_DATE.finditer(text):
            if self._mark(text, m, "date", m.group(1), spans):
                day = date.fromisoformat(m.group(1))
        for m in DAY_MONTH_YEAR.finditer(text):
            try:
                written = date(int(m.group("y")), MONTHS[m.group("m")], int(m.group("d")))
            except ValueError:
                continue  # "31 June 2027" is no day
            if day is None and self._mark(text, m, "date", written.isoformat(), spans):
                day = written
        for m in QUARTER.finditer(text):
            quarter = int(m.group("q"))
            year = int(m.group("y")) if m.group("y") else None
            if year is None:
                year = as_of.year if quarter * 3 >= as_of.month else as_of.year + 1
            if day is None and self._mark(text, m, "date", quarter, spans):
                day = _end_of_month(year, quarter * 3)
        for m in MONTH_DATE.finditer(text):
            month = MONTHS[m.group("m")]
            year = int(m.group("y")) if m.group("y") else None
            if year is None:
                year = as_of.year if month > as_of.month else as_of.year + 1
            if day is None and self._mark(text, m, "date", month, spans):
                day = _end_of_month(year, month)
        for m in MID_YEAR.finditer(text):
            if day is None and self._mark(text, m, "date", m.group("y"), spans):
                day = date(int(m.group("y")), 6, 30)
        for m in YEAR.finditer(text):
            if day is None and self._mark(text, m, "date", m.group("y"), spans):
                day = date(int(m.group("y")), 12, 31)
        for m in NEXT_YEAR.finditer(text):
            if day is None and self._mark(text, m, "date", "next year", spans):
                day = date(as_of.year + 1, 12, 31)
        for m in END_OF_YEAR.finditer(text):
            if day is None and self._mark(text, m, "date", "end of year", spans):
                day = date(as_of.year, 12, 31)
        for m in IN_MONTHS.finditer(text):
            months = _number(m.group("n") or m.group("from"))
            if months and self._mark(text, m, "duration", months, spans):
                slots.in_months = int(months)
                slots.weeks = max(1, round(months * 52 / 12))
                if day is None:
                    day = _add_months(as_of, int(months))
        for m in DURATION.finditer(text):
            weeks = _duration_weeks(m)
            if weeks and slots.weeks is None and self._mark(text, m, "duration", weeks, spans):
                slots.weeks = weeks
        slots.by = day.isoformat() if day else None

    @staticmethod
    def _read_count(text: str, roles: list[Span], spans: list[Span], slots: Slots) -> None:
        for role in sorted(roles, key=_at):
            m = COUNT_BEFORE_ROLE.search(text[: role.start].rstrip() + " ")
            if m:
                group = "n" if m.group("n") else "one"
                value = m.group(group)
                slots.headcount = int(value) if value.isdigit() else NUMBER_WORDS[value]
                start = m.start(group)
                spans.append(Span(start, start + len(value), "number", slots.headcount))
                return
        taken = {(s.start, s.end) for s in spans}
        words_only = "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "one", "another"))
        for m in re.finditer(rf"\b(\d{{1,3}}|{words_only})\b", text):
            if not any(a <= m.start() < b for a, b in taken):
                value = m.group(1)
                slots.headcount = int(value) if value.isdigit() else NUMBER_WORDS[value]
                spans.append(Span(m.start(), m.end(), "number", slots.headcount))
                return


def _at(span: Span) -> int:
    return span.start


def _duration_weeks(m: re.Match[str]) -> int | None:
    if m.group("half"):
        return 26
    if m.group("aunit"):
        return {"quarter": 13, "month": 4, "year": 52}[m.group("aunit")]
    number = _number(m.group("n"))
    if not number:
        return None
    unit = m.group("unit")
    if unit.startswith("day"):
        return max(1, round(number / 7))
    if unit.startswith(("month", "mth")):
        return max(1, round(number * 52 / 12))
    if unit.startswith("quarter"):
        return round(number * 13)
    if unit.startswith(("year", "yr")):
        return round(number * 52)
    return round(number)


PLACEHOLDER = {
    "person": "<person>",
    "role": "<role>",
    "skill": "<skill>",
    "team": "<team>",
    "department": "<department>",
    "duration": "<duration>",
    "date": "<date>",
    "hours": "<hours>",
    "number": "<number>",
    "text": "<text>",
}


def _templated(text: str, spans: list[Span]) -> str:
    """The question with every name replaced by its typed placeholder."""
    out, at = [], 0
    for span in sorted(spans, key=_at):
        if span.start < at:
            continue
        out.append(text[at : span.start])
        out.append(PLACEHOLDER[span.kind])
        at = span.end
    out.append(text[at:])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def templated_example(example: str) -> str:
    """An example question in the same form as a templated question."""
    return words(example)
