"""The offline planner: reads a question (agent/slots.py), screens what must be refused
whoever asks, asks the router (agent/router.py) which capability it wants, and fills that
capability's arguments — or asks back for what is missing, or offers two readings when they
are too close to call. No model involved.

It reads the question only. Text inside documents and profiles never reaches this code,
so instructions hidden in them cannot choose a tool.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from agent.capabilities import CATALOGUE, Capability
from agent.capabilities.base import Declined, MissingSlot, Turn, UnknownPerson
from agent.router import CUES, Route, Router
from agent.slots import Slots, Vocabulary

# Asked of an assistant that advises, these are refused whoever asks: employment decisions,
# and anything about protected characteristics (none of which the service stores).
DECISIONS = re.compile(
    r"\b(fire|fired|firing|sack|sacked|dismiss\w*|lay (?:off|them off)|layoffs?|laid off|"
    r"let (?!me\b|us\b)(?:\w+ )?go\b|terminat\w*|make (?:\w+ )?redundant|redundanc\w*|"
    r"demot\w*|discipline|"
    r"punish\w*|get rid of|replace (?:her|him|them)|performance rating|downsiz\w*|"
    r"(?:give|decide|set|approve|calculate|determine|deserv\w*) (?:\w+ ){0,4}"
    r"(?:raise|bonus|pay rise|salary increase|salary|promotion)|"
    r"(?:should|shall|must) (?:we|i) (?:promote|fire|dismiss|cut)|"
    r"(?:decide|choose|pick) (?:\w+ ){0,3}(?:who|whom) (?:to|should|gets?) "
    r"(?:fire|fired|promote|promoted|cut|keep|hired|a raise)|gets? (?:promoted|fired|a raise))\b",
    re.I,
)
PROTECTED = re.compile(
    r"\b(age|aged|how old|older(?! than \d+ (?:days?|weeks?|months?))|younger|"
    r"birth ?(?:day|date|year)|born|gender|sex|male|female|"
    r"wom[ae]n|\bmen\b|pregnan\w*|maternity|paternity|religio\w*|muslim|christian|jewish|"
    r"hindu|ethnic\w*|race|racial|nationality|immigrant|disab\w*|health|sick\w*|illness|"
    r"medical|mental|diagnos\w*|sexual\w*|orientation|gay|lesbian|married|marital|"
    r"children|kids|family plans|union member\w*|political|years old|retire\w*|"
    r"(?:over|under|above|below) (?:the age of )?\d\d\b(?! ?%| hours| h\b| weeks))\b",
    re.I,
)
OFF_TOPIC = re.compile(
    r"\b(weather|forecast|rain|snow|football|soccer|basketball|tennis|stock market|stocks?|"
    r"share price|bitcoin|crypto\w*|poem|poetry|joke|jokes|recipe|cook\w*|lunch|"
    r"canteen|cafeteria|menu|restaurant|movie|film|song|music|holiday|vacation|flight|"
    r"hotel|capital of|translate|president|election|news|horoscope|salary|salaries|paid|"
    r"pay|payroll|earn|earns|earning|compensation|wages?|bonus|parking|wifi|password|"
    r"printer|birthday party|meeting rooms?|book (?:me )?a|calendar|"
    r"remind me (?:to|at|on|in|tomorrow|later)|send an? email)\b",
    re.I,
)
# Things people ask for that this service holds no data for, or cannot do yet: each gets
# "I don't have that", what is missing, and what it can answer instead, never another
# capability's confident answer. Checked before the router (docs/agent.md).
FLOW_INSTEAD = "retention of top technologists and all leavers, time to fill, open vacancies"
NOT_HELD: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(
            r"\b(?:engagement|satisfaction|enps|e nps|morale|pulse|happiness|wellbeing|"
            r"well being) (?:scores?|surveys?|results?|levels?|index|rates?|data|figures?|"
            r"trends?)\b|"
            r"\b(?:employe\w*|staff|team|people) (?:engagement|satisfaction|morale|"
            r"net promoter)\b|\benps\b|\bmorale\b|"
            r"\bhow (?:engaged|happy|satisfied|motivated) (?:are|is)\b",
            re.I,
        ),
        "engagement or satisfaction in chat: the service does not measure people's "
        "engagement; an aggregate HR records each quarter from its own survey appears on the "
        "Scorecard page and in the committee pack, with its target.",
        f"Here I can answer about {FLOW_INSTEAD}, and skills gaps by team.",
    ),
    (
        re.compile(
            r"\b(?:headcount|hiring|training|learning|l&d|l and d|recruiting|recruitment|"
            r"it|hr|team|department|people) budgets?\b|\bbudget (?:for|left|remaining|"
            r"allocated|approved|do we have)\b|\bhow much (?:money|budget|do we spend)\b|"
            r"\bspend(?:ing)? on (?:training|learning|hiring|recruit\w*|courses)\b|"
            r"\b(?:approved|planned|funded) headcount\b",
            re.I,
        ),
        "budgets, spending and approved headcount: none are recorded here.",
        "I can say what the courses in the catalogue cost, how many people a scenario could "
        "grow or must hire, and which vacancies are open.",
    ),
    (
        re.compile(
            r"\b(?:diversity|diverse|inclusion|dei|d ?& ?i|demographics?|representation)\b", re.I
        ),
        "diversity figures in chat: the service stores no protected attributes; an aggregate "
        "HR records each quarter from its own systems appears on the Scorecard page and in "
        "the committee pack.",
        f"Here I can answer about {FLOW_INSTEAD}, and skills and readiness by department.",
    ),
    (
        re.compile(
            r"\b(?:job|role) rotations?\b|\brotation (?:programme|program|scheme)s?\b", re.I
        ),
        "job rotation schemes: people are not moved between jobs here.",
        "I can set up a cross-training programme between two departments (pairs, shadowing, "
        "joint retrospectives), find mentors for a skill, and show a person's next roles.",
    ),
    (
        re.compile(
            r"\bhow long (?:does|did|will|would|do) (?:it|people|someone|one) (?:\S+ ){0,2}"
            r"(?:take|need) (?:\S+ ){0,2}to (?:get|move|go|progress|step up|become) "
            r"(?:\S+ ){0,4}(?:from|to|into)\b",
            re.I,
        ),
        "how long moves between roles take: time in a role before a move is not worked out.",
        "I can show where a role leads and where its holders came from and went, and a "
        "person's next roles with the gaps for each.",
    ),
    (
        re.compile(
            r"\b(?:applicants?|applications? (?:received|per)|(?:how many|number of) interviews|"
            r"interviews? (?:held|scheduled|"
            r"done|conducted|per hire)|offer acceptance|acceptance rate|offers? (?:made|declined|"
            r"accepted)|cost per hire|cost of hiring|time to productivity|source of hire|"
            r"sourcing channels?|job boards?|agency fees|recruit\w* agenc\w*|ats)\b",
            re.I,
        ),
        "recruiting pipeline data (applicants, interviews, offers, costs): I only know the "
        "vacancies, when they opened and closed, and whether an internal move or a hire "
        "filled them.",
        "I can answer about time to fill, open vacancies and the internal fill rate.",
    ),
    (
        re.compile(
            r"\bwhy (?:did|do|does|are|is|have|has) (?:\S+ ){0,5}(?:leave|left|leaving|quit\w*|"
            r"resign\w*)\b|\bexit interviews?\b|\breasons? (?:for|why) (?:\S+ )?"
            r"(?:leav\w*|resign\w*|attrition|turnover|quit\w*)\b",
            re.I,
        ),
        "why people leave: no exit reasons are recorded, only whether a leave was voluntary.",
        f"I can answer about {FLOW_INSTEAD}.",
    ),
    (
        re.compile(
            r"\b(?:flight risks?|risk of (?:leaving|quitting|attrition)|likely to (?:leave|quit|"
            r"resign)|(?:will|going to|about to|might|may) (?:leave|quit|resign)|predict\w* "
            r"(?:\S+ ){0,3}(?:leav\w*|attrition|turnover|quit\w*|resign\w*))\b",
            re.I,
        ),
        "predictions of who will leave: I do not profile individuals that way.",
        "I can show retention of top technologists and how many left, for groups of five or more.",
    ),
    (
        re.compile(
            r"\b(?:performance reviews?|appraisals?|okrs?|productivity|productive|ramp[ -]?up time|"
            r"overtime|timesheets?|"
            r"hours worked|absence|absences|absenteeism|time off|leave balance|annual leave)\b",
            re.I,
        ),
        "performance reviews, working time or absence: none are recorded here.",
        "I can answer about skills, gaps, learning plans and their progress.",
    ),
    (
        re.compile(
            r"\b(?:which|what) (?:\S+ ){0,2}(?:vendors?|suppliers?|providers?|llms?|models?) "
            r"(?:\S+ ){0,2}(?:should|shud|to|do) (?:we )?(?:pick|choose|use|buy|go with)\b|"
            r"\b(?:llm|ai) vendors?\b|\bhow accurate\b|\baccuracy of\b|\bcsat\b|\bcustomer "
            r"satisfaction\b",
            re.I,
        ),
        "vendor choices, how well a system performs in production, or customer satisfaction: "
        "none are recorded here.",
        "I can say what an AI initiative needs, whether its teams are ready by a date, and "
        "the roadmap to get there.",
    ),
    (
        re.compile(
            r"\b(?:market (?:rates?|data|trends?)|competitors?|industry (?:average|benchmarks?)|"
            r"labou?r market|other companies|(?:below|above|under|over|at) (?:the )?market)\b",
            re.I,
        ),
        "market or competitor data: I only know this organisation.",
        "I can compare teams and departments here, and show our own trends.",
    ),
)
HELP = re.compile(
    r"^\s*(?:help(?: me)?|hi|hello|hey|what can you do(?: for me)?|what can you help (?:me )?"
    r"with|what (?:can|could|should|do) i ask(?: you)?|what do you (?:know|do)|what questions "
    r"can i (?:ask|use)|how (?:do|can|should) i use (?:this|you|it)|what are you(?: for)?|"
    r"who are you|what are your (?:capabilities|features|skills)|capabilities|what is this|"
    r"what kind of questions (?:can|do) you (?:answer|take)|how does this work)\s*[?.!]*\s*$",
    re.I,
)

# A short question the router is no more than this sure about continues the last turn.
FOLLOW_UP_SLACK = 0.15
# "what about last year?", "and the quarter before?": a day in the past, for figures over time
PAST = re.compile(
    r"\b(?:last|previous|prior) (?:calendar |financial )?(?:year|quarter)\b|"
    r"\b(?:year|quarter) before\b",
    re.I,
)
FOLLOW_UP = re.compile(
    r"^\s*(and|what about|how about|same|also|now|ok|okay|then|only|just|but|for|what if|if)\b",
    re.I,
)


@dataclass(frozen=True)
class Choice:
    """One reading of an ambiguous question, to offer back."""

    capability: str
    label: str
    args: dict[str, Any]


@dataclass
class Plan:
    """What the planner decided: a capability and its arguments, or why not."""

    intent: str
    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # a clarification to ask instead of calling a tool
    # The problem is a name nobody here has: the arguments as if it were someone's, for
    # the refusal a caller who may not see everyone gets (the same as for a colleague's).
    unknown_person: dict[str, Any] | None = None
    refusal: str | None = None  # something we will not do, whoever asks
    refusal_kind: str | None = None  # not_allowed | out_of_scope | not_held
    choices: list[Choice] = field(default_factory=list)
    slots: Slots | None = None
    scores: list[tuple[str, float]] = field(default_factory=list)


def screen(question: str) -> tuple[str, str] | None:
    """(kind, reason) for a question refused whoever asks, else None."""
    if DECISIONS.search(question):
        return (
            "not_allowed",
            "employment decisions (hiring, firing, pay, promotion) are for people to make.",
        )
    if PROTECTED.search(question):
        return (
            "not_allowed",
            "protected characteristics (age, gender, health, religion, ethnicity…) are not "
            "stored or used.",
        )
    for pattern, missing, instead in NOT_HELD:
        if pattern.search(question):
            return "not_held", f"{missing} {instead}"
    if OFF_TOPIC.search(question):
        return (
            "out_of_scope",
            "Pay, and anything outside skills and learning, is not in the data.",
        )
    return None


class Planner:
    def __init__(
        self,
        router: Router,
        min_score: float,
        margin: float,
        catalogue: Mapping[str, Capability] = CATALOGUE,
    ):
        self.router = router
        self.min_score = min_score
        self.margin = margin
        self.catalogue = catalogue

    def plan(
        self,
        question: str,
        vocabulary: Vocabulary,
        caller_employee: str | None,
        memory: dict[str, Any],
        capability: str | None = None,
        initiatives: Mapping[str, str] | None = None,
    ) -> Plan:
        """Decide what to do. `memory` is the conversation's state (the previous turn);
        `capability`, a reading the person chose when offered two; `initiatives`, the AI
        initiatives on record (id -> title), which a question may name."""
        slots = vocabulary.read(question, caller_employee)
        if HELP.match(question):
            return Plan("help", slots=slots)
        refused = screen(question)
        if refused is not None:
            kind, reason = refused
            intent = "out_of_scope" if kind == "not_held" else kind
            return Plan(intent, refusal=reason, refusal_kind=kind, slots=slots)
        last = memory.get("last") or {}
        fillable = {
            "employee": caller_employee is not None or bool(last.get("person")),
            "group": slots.my_team,
        }
        route = self.router.route(slots, fillable)
        best, score = route.best
        follow_up = bool(last) and self._follows_up(question, slots, route, last)
        if follow_up:
            best, score = last["capability"], max(score, self.min_score)
        if capability in self.catalogue:
            turn = Turn(
                vocabulary.org, caller_employee, last, False, slots.refers_back, initiatives or {}
            )
            chosen = self._fill(str(capability), slots, turn)
            chosen.scores = route.ranked[:3]
            return chosen
        if score < self.min_score:
            search = {"query": question[:500], "top_k": 5}
            return Plan("unknown", "search_documents", search, slots=slots, scores=route.ranked[:3])
        turn = Turn(
            vocabulary.org, caller_employee, last, follow_up, slots.refers_back, initiatives or {}
        )
        plan = self._fill(best, slots, turn)
        plan.scores = route.ranked[:3]
        second, second_score = route.runner_up
        if (
            not follow_up
            and plan.tool
            and second
            and second_score >= self.min_score
            and score - second_score < self.margin
            # a capability the question names outright is not ambiguous with one it doesn't
            and (best in route.cued) == (second in route.cued)
            # nor is one that reads more of what the question says ("my" gaps for a role)
            and self._coverage(best, slots) == self._coverage(second, slots)
        ):
            other = self._fill(second, slots, turn)
            if other.tool and other.tool != plan.tool:
                plan.choices = [self._choice(plan), self._choice(other)]
                plan.intent, plan.tool, plan.problem = "clarify", None, "which one do you mean?"
        return plan

    def _follows_up(self, question: str, slots: Slots, route: Route, last: dict[str, Any]) -> bool:
        """A fragment that continues the previous turn: "and for Bob?", "make it 6 months",
        "what about the Data team?", "only internal ones"."""
        named = (
            slots.employees
            or slots.roles
            or slots.skills
            or slots.team
            or slots.department
            or slots.weeks is not None
            or slots.hours is not None
            or slots.by is not None
            or slots.internal is not None
            or slots.status is not None
            or slots.other_reference
            or slots.refers_back
            or slots.ai_only
            or slots.headcount is not None
            or bool(PAST.search(slots.text))
        )
        if not named:
            return False
        if any(cue.search(slots.templated) for n, cue in CUES.items() if n != last["capability"]):
            return False  # it names another capability outright
        if FOLLOW_UP.search(question):
            return True
        short = len(slots.templated.split()) <= 5
        if short and route.best[0] == last["capability"]:
            return True  # "make it 6 months" after a plan: the same question, amended
        return short and route.best[1] < self.min_score + FOLLOW_UP_SLACK

    def _coverage(self, name: str, slots: Slots) -> int:
        capability = self.catalogue[name]
        return sum(slots.has(slot) for slot in capability.needs | capability.uses)

    def _fill(self, name: str, slots: Slots, turn: Turn) -> Plan:
        capability = self.catalogue[name]
        try:
            args = capability.fill(slots, turn)
        except MissingSlot as missing:
            unknown = None
            if isinstance(missing, UnknownPerson):
                named = replace(slots, employees=slots.unknown_names[:1], unknown_names=[])
                try:
                    unknown = capability.fill(named, turn)
                except (MissingSlot, Declined):
                    unknown = None
            return Plan(name, problem=str(missing), unknown_person=unknown, slots=slots)
        except Declined as declined:
            return Plan(name, refusal=str(declined), refusal_kind="declined", slots=slots)
        return Plan(name, name, args, slots=slots)

    def _choice(self, plan: Plan) -> Choice:
        capability = self.catalogue[plan.intent]
        return Choice(plan.intent, capability.description, plan.args)
