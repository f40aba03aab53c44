"""The offline planner: understands the questions people really ask, resolves the names in
them, and decides which tool to call with which arguments. No model involved.

It reads the question only. Text inside documents and profiles never reaches this code,
so instructions hidden in them cannot choose a tool.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.org import Org

PRONOUNS_SELF = re.compile(r"\b(i|me|my|myself|mine)\b", re.I)
PRONOUNS_OTHER = re.compile(r"\b(she|he|her|him|they|them|their|his)\b", re.I)
WORDS = re.compile(r"[a-z0-9+#]+")
DURATION = re.compile(r"\b(\d+)[\s-]*(day|days|week|weeks|wk|wks|month|months|year|years)\b", re.I)
HOURS = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:h|hours?)\s*(?:a|per|/)\s*week\b", re.I)
DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
YEAR_END = re.compile(r"\b(?:by|before|end of)\s+(20\d\d)\b", re.I)
COUNT = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:more\s+)?", re.I)
# "mentor Dana in <skill>", "what is <skill>", "who knows <skill>"
SKILL_PHRASE = re.compile(
    r"\b(?:in|on|with|is|are|about|knows?)\s+([a-z0-9+#][\w+#\s.-]{1,60}?)\s*\??$", re.I
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

INTENTS: list[tuple[str, re.Pattern[str]]] = [
    ("search", re.compile(r"^\s*(search|find|look up)\b", re.I)),
    (
        "scenario",
        re.compile(
            r"\b(we need|need to (?:fill|hire)|hire or grow|how many must we hire|headcount)\b",
            re.I,
        ),
    ),
    ("plan", re.compile(r"\b(plan|roadmap|learning path)\b", re.I)),
    ("mentors", re.compile(r"\b(mentor|mentors|coach (?:her|him|me|them))\b", re.I)),
    (
        "candidates",
        re.compile(
            r"\b(candidates?|who (?:could|can|might) (?:move|step|grow|become|be|fill|take)"
            r"|who (?:is|are) ready for|(?:could|can) become|succession|internal mobility)\b",
            re.I,
        ),
    ),
    (
        "team_gaps",
        re.compile(
            r"\b(team|department|org(?:anisation|anization)?|company)\b.*"
            r"\b(missing|lack|gaps?|short|need|readiness|weak|weakest|strongest)\b"
            r"|\b(missing|lack|gaps?|readiness)\b.*\b(team|department|organisation|organization)\b",
            re.I,
        ),
    ),
    (
        "person_gaps",
        re.compile(
            r"\b(lack|lacks|missing|miss|gaps?|need to learn|should i learn|learn to become"
            r"|ready for|readiness|how ready|ready to (?:be|become|move)|weakness(?:es)?"
            r"|what does .+ need)\b",
            re.I,
        ),
    ),
    (
        "profile",
        re.compile(
            r"\b(profile|skills does|what (?:skills|can) .+ (?:have|do)|tell me about)\b", re.I
        ),
    ),
    (
        "definition",
        re.compile(
            r"^\s*(what is|what's|what are|define|explain|what does an? .+ do|describe)\b", re.I
        ),
    ),
]


@dataclass
class Plan:
    """What the planner decided: an intent, the tool and its arguments, or why not."""

    intent: str
    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # a clarification to ask instead of calling a tool
    refusal: str | None = None  # something we will not do, whoever asks


@dataclass
class Mentions:
    employees: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    team: str | None = None
    department: str | None = None
    self_reference: bool = False
    other_reference: bool = False


def _phrase_index(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(normalised phrase, id), longest phrase first so "Senior Data Engineer" wins."""
    unique = {(" ".join(WORDS.findall(text.lower())), key) for text, key in pairs if text}
    return sorted((p for p in unique if p[0]), key=lambda p: (-len(p[0]), p[0]))


class Vocabulary:
    """Names in the organisation that a question may mention. Exact names and aliases
    first; then close spellings of people's names ("Dana Okafr"), and the skill normaliser
    (`skill_matcher`) for skills described in other words."""

    def __init__(self, org: Org, skill_matcher: Callable[[str], str | None] | None = None):
        self.org = org
        self.skill_matcher = skill_matcher
        people: list[tuple[str, str]] = []
        first: dict[str, list[str]] = {}
        for e in org.employees.values():
            people.append((e.name, e.employee_id))
            people.append((e.employee_id, e.employee_id))
            first.setdefault(e.name.split()[0].lower(), []).append(e.employee_id)
        # A first name alone counts only when it is unique in the organisation.
        people += [(name, ids[0]) for name, ids in first.items() if len(ids) == 1]
        self.people = _phrase_index(people)
        roles: list[tuple[str, str]] = []
        for r in org.roles.values():
            roles += [
                (r.title, r.role_id),
                (r.role_id.replace("-", " "), r.role_id),
                (r.title + "s", r.role_id),
            ]
        self.roles = _phrase_index(roles)
        skills: list[tuple[str, str]] = []
        for s in org.skills.values():
            skills += [(s.name, s.skill_id), (s.skill_id.replace("-", " "), s.skill_id)]
            skills += [(a, s.skill_id) for a in s.aliases]
        self.skills = _phrase_index(skills)
        self.teams = _phrase_index([(t, t) for t in org.teams()])
        self.departments = _phrase_index([(d, d) for d in org.departments()])

    @staticmethod
    def _find(
        text: str, index: list[tuple[str, str]], consumed: list[tuple[int, int]]
    ) -> list[str]:
        """Whole-word occurrences of each phrase (longest first), not overlapping earlier
        finds. `text` is lower-case words separated by single spaces, like the phrases."""
        padded = f" {text} "
        found: list[str] = []
        for phrase, key in index:
            start = padded.find(f" {phrase} ")
            while start != -1:
                span = (start, start + len(phrase))  # offsets in `text` (padding = +1 -1)
                if not any(a < span[1] and span[0] < b for a, b in consumed):
                    consumed.append(span)
                    if key not in found:
                        found.append(key)
                start = padded.find(f" {phrase} ", start + 1)
        return found

    def _close_people(self, text: str) -> list[str]:
        """People whose full name is spelt nearly right (two-word windows of the text)."""
        words = text.split()
        names = {phrase: key for phrase, key in self.people if " " in phrase}
        for i in range(len(words) - 1):
            window = f"{words[i]} {words[i + 1]}"
            close = difflib.get_close_matches(window, list(names), n=2, cutoff=0.85)
            if len(close) == 1:
                return [names[close[0]]]
        return []

    def mentions(self, question: str) -> Mentions:
        text = " ".join(WORDS.findall(question.lower()))
        consumed: list[tuple[int, int]] = []
        m = Mentions()
        # Order matters: a role title ("Data Engineer") must not be read as a team ("Data"),
        # unless the question says "team" ("the HR Business Partners team").
        says_team = " team" in f" {text}"
        named_teams = [(f"{phrase} team", key) for phrase, key in self.teams]
        teams = self._find(text, named_teams, consumed) if says_team else []
        m.roles = self._find(text, self.roles, consumed)
        m.employees = self._find(text, self.people, consumed)
        teams = teams or self._find(text, self.teams, consumed)
        departments = self._find(text, self.departments, consumed)
        m.skills = self._find(text, self.skills, consumed)
        if not m.employees:
            m.employees = self._close_people(text)
        if not m.skills and self.skill_matcher is not None:
            phrase = SKILL_PHRASE.search(question)
            if phrase:
                found = self.skill_matcher(phrase.group(1))
                m.skills = [found] if found else []
        m.team = (
            teams[0]
            if (teams and re.search(r"\bteam\b", text)) or (teams and not departments)
            else None
        )
        m.department = departments[0] if departments and not m.team else None
        m.self_reference = bool(PRONOUNS_SELF.search(question))
        m.other_reference = bool(PRONOUNS_OTHER.search(question))
        return m


def duration_weeks(question: str) -> int | None:
    match = DURATION.search(question)
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit.startswith("day"):
        return max(1, round(number / 7))
    if unit.startswith("month"):
        return max(1, round(number * 52 / 12))
    if unit.startswith("year"):
        return number * 52
    return number


def intent_of(question: str) -> str | None:
    for name, pattern in INTENTS:
        if pattern.search(question):
            return name
    return None


def plan_question(
    question: str, vocab: Vocabulary, caller_employee: str | None, memory: dict[str, Any]
) -> Plan:
    """Decide what to do. `memory` is the conversation's state (the last intent and args)."""
    m = vocab.mentions(question)
    intent = intent_of(question)
    last = memory.get("last") or {}
    follow_up = (
        intent is None
        and last
        and (m.employees or m.roles or duration_weeks(question) or m.team or m.department)
    )
    if follow_up:  # "and for Bob?", "make it 6 months", "what about the Data team?"
        intent = last["intent"]
    person = m.employees[0] if m.employees else None
    if person is None and m.self_reference and caller_employee and not m.other_reference:
        person = caller_employee
    if person is None and (m.other_reference or follow_up) and last.get("person"):
        person = last["person"]
    role = m.roles[0] if m.roles else (last.get("role") if follow_up else None)
    if role is None and person is not None and person == last.get("person"):
        role = last.get("role")  # "Draft a plan for her" after her gaps for a target role

    if re.search(r"\bmy team\b", question, re.I) and caller_employee and not m.team:
        m.team = vocab.org.employees[caller_employee].team
    if intent in (None, "definition", "profile") and m.employees and not follow_up:
        # "How is Dana doing on Spark?", "What is Priya's Python level?": about a person.
        return Plan("profile", "get_employee_profile", {"employee": m.employees[0]})

    if intent == "person_gaps":
        if person is None and not m.self_reference and m.roles and not follow_up:
            return Plan("definition", "get_role", {"role": m.roles[0]})  # "what does an SRE need"
        if person is None:
            person = caller_employee
        if person is None:
            return Plan(intent, problem="whose gaps? Name a person (e.g. 'Dana Okafor').")
        args = {"employee": person, "role": role}
        return Plan(intent, "person_gaps", args)
    if intent == "team_gaps":
        ai = bool(re.search(r"\bai\b|artificial intelligence|machine learning", question, re.I))
        if follow_up and not (m.team or m.department):
            return Plan(intent, "team_gaps", {**last["args"]})
        return Plan(
            intent, "team_gaps", {"team": m.team, "department": m.department, "ai_only": ai}
        )
    if intent == "candidates":
        if role is None:
            return Plan(intent, problem="candidates for which role? Name it (e.g. 'ML Engineer').")
        return Plan(intent, "internal_candidates", {"role": role})
    if intent == "mentors":
        skill = m.skills[0] if m.skills else (last.get("skill") if follow_up else None)
        if skill is None:
            return Plan(intent, problem="mentoring in which skill? (e.g. 'Spark')")
        learner = person or (caller_employee if m.self_reference else None)
        level = 3
        if learner is not None:
            target = (
                vocab.org.employees[learner].goal_role_id or vocab.org.employees[learner].role_id
            )
            need = (
                [q.level for q in vocab.org.roles[target].requirements if q.skill_id == skill]
                if target in vocab.org.roles
                else []
            )
            level = need[0] if need else min(5, vocab.org.level(learner, skill) + 1)
        return Plan(intent, "find_mentors", {"skill": skill, "level": level, "learner": learner})
    if intent == "plan":
        if re.search(
            r"\b(everyone|everybody|all (?:the )?(?:employees|people|staff)|every \w+|each \w+)\b",
            question,
            re.I,
        ):
            return Plan(
                intent,
                refusal="plans are drafted one at a time, for a named person, "
                "so that someone reviews each one.",
            )
        if person is None:
            person = caller_employee if (m.self_reference or not m.employees) else None
        if person is None:
            return Plan(intent, problem="a plan for whom? Name the person.")
        # Unstated horizon and hours stay None: the tool uses the configured defaults.
        weeks = duration_weeks(question) or (
            last.get("args", {}).get("weeks") if follow_up else None
        )
        hours = HOURS.search(question)
        args = {
            "employee": person,
            "role": role,
            "weeks": weeks,
            "hours_per_week": float(hours.group(1)) if hours else None,
        }
        return Plan(intent, "draft_learning_plan", args)
    if intent == "scenario":
        if role is None:
            return Plan(
                intent, problem="which role is needed? (e.g. '4 more ML engineers by 2027-06-30')"
            )
        without_dates = re.sub(r"\b20\d\d\b", " ", DATE.sub(" ", question))
        count = COUNT.search(without_dates)
        word = count.group(1).lower() if count else "1"
        headcount = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)
        by = DATE.search(question)
        year = YEAR_END.search(question)
        date_text = by.group(1) if by else (f"{year.group(1)}-12-31" if year else None)
        if date_text is None:
            return Plan(intent, problem="by when? Give a date (YYYY-MM-DD) or 'by 2027'.")
        return Plan(
            intent, "workforce_scenario", {"role": role, "headcount": headcount, "by": date_text}
        )
    if intent == "search":
        query = re.sub(r"^\s*(search|find|look up)\s+(for\s+)?", "", question, flags=re.I)
        return Plan(intent, "search_documents", {"query": query[:500] or question, "top_k": 5})
    if intent == "profile" and person is not None:
        return Plan(intent, "get_employee_profile", {"employee": person})
    if intent in ("definition", "profile", None):
        if m.roles and (intent == "definition" or not m.skills):
            return Plan("definition", "get_role", {"role": m.roles[0]})
        if m.skills:
            return Plan("definition", "get_skill", {"skill": m.skills[0]})
        if intent is None and m.employees:
            return Plan("profile", "get_employee_profile", {"employee": m.employees[0]})
    return Plan("unknown", "search_documents", {"query": question[:500], "top_k": 5})
