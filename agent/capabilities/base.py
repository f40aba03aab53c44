"""A capability, declared once: the tool function, its argument model, the access rule that
runs before it reads anything, its answer template (and the template's extra variables),
a one-line description and example questions. The planner, the router, the LLM's tool list,
the help text, the REST docs and the web app's suggestions all read these declarations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from agent.context import Args, ToolContext, ToolResult
from agent.slots import NAMESAKES, Slots, words
from domain.org import Org

# Slots a question can supply; a capability needs some of them and may use others.
SLOTS = frozenset(
    {"employee", "employees", "role", "skill", "group", "weeks", "hours", "headcount", "date"}
)


class MissingSlot(Exception):
    """The question lacks something the capability needs; the message asks for it."""


class UnknownPerson(MissingSlot):
    """The question names someone the organisation does not have. Said so only to a caller
    who may see everyone: to others it is the same refusal as someone they may not see."""


@dataclass(frozen=True)
class Turn:
    """What filling a capability's arguments can draw on besides the question: the org, the
    caller, and the previous turn of the conversation (for "and for Bob?")."""

    org: Org
    caller_employee: str | None
    last: dict[str, Any]  # the previous turn: capability, args
    follow_up: bool  # the question continues the previous turn ("and for Bob?")
    refers_back: bool = False  # it points at the previous turn's subject ("there", "them")
    # AI initiatives on record, id -> title: a question names one by either
    initiatives: Mapping[str, str] = field(default_factory=dict)

    def previous(self, key: str) -> Any:
        """An argument of the previous turn, when this question continues it."""
        if not (self.follow_up or self.refers_back):
            return None
        return self.last_arg(key)

    def last_arg(self, key: str) -> Any:
        """An argument of the previous turn, whatever this question is."""
        return self.last.get("args", {}).get(key)


def person(slots: Slots, turn: Turn, what: str) -> str:
    """The person a question is about: the one named; else the caller when they say I/me/my;
    else the person of the previous turn ("and her plan?"); else the caller, who asks about
    themselves. `what` asks back when there is nobody to choose."""
    if slots.employees:
        named = slots.employees[0]
        if named.startswith(NAMESAKES):
            return _one_of_namesakes(turn, named.removeprefix(NAMESAKES), what)
        return named
    if slots.unknown_names and not slots.other_reference:
        # "Tell me about Zed": the "me" is no self-reference when a name follows
        raise UnknownPerson(f"nobody called {slots.unknown_names[0]} works here; {what}")
    previous = turn.last.get("person")
    if slots.self_reference and turn.caller_employee and not slots.other_reference:
        return turn.caller_employee
    if previous and (slots.other_reference or turn.follow_up):
        return str(previous)
    if slots.unknown_names:
        raise UnknownPerson(f"nobody called {slots.unknown_names[0]} works here; {what}")
    if turn.caller_employee:
        return turn.caller_employee
    raise MissingSlot(what)


def _one_of_namesakes(turn: Turn, name: str, what: str) -> str:
    """Several people share the name: never pick one silently (REST answers 409 too)."""
    holders = sorted(
        (e for e in turn.org.employees.values() if words(e.name) == name),
        key=lambda e: e.employee_id,
    )
    if turn.caller_employee in {e.employee_id for e in holders}:
        return str(turn.caller_employee)  # "my gaps, Dana Okafor": the caller themself
    described = [
        f"{e.employee_id} ({e.team} team, "
        f"{turn.org.roles[e.role_id].title if e.role_id in turn.org.roles else 'no role'})"
        for e in holders
    ]
    raise MissingSlot(
        f"{len(holders)} people are called {holders[0].name}: {', '.join(described)}. "
        "Which one? Ask again with the id."
    )


class Declined(Exception):
    """Something the assistant will not do for anyone (e.g. plans for everyone at once)."""


@dataclass(frozen=True)
class Capability:
    name: str  # also the tool's name
    description: str  # one line: the model's tool description, help text, docs
    args: type[Args]
    run: Callable[[ToolContext, Any], ToolResult]
    access: Callable[[ToolContext, Any], None]  # raises AccessDenied; runs before `run`
    template: str  # prompts/answers/…
    examples: tuple[str, ...]  # with placeholders: <PERSON> <ROLE> <SKILL> <TEAM> …
    needs: frozenset[str] = frozenset()  # without these the question cannot be answered
    uses: frozenset[str] = frozenset()  # read when present
    # Turns what the question names into the tool's arguments; raises MissingSlot.
    fill: Callable[[Slots, Turn], dict[str, Any]] = lambda slots, turn: {}
    variables: Callable[[ToolResult, ToolContext], dict[str, Any]] | None = None
    writes: bool = False  # stores something (a plan draft): never offered to a model
    who: str = "everyone"  # who may use it, in words (docs and help)
    suggestion: str = ""  # a ready-to-ask example for the help text and the docs
    # Suggestions for the signed-in caller, with placeholders filled from what they may see
    # (agent/suggestions.py): <PERSON>, <PERSON_GOAL_ROLE>, <TEAM>, <MY_GOAL_ROLE>, …
    suggest: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = (self.needs | self.uses) - SLOTS
        if unknown:
            raise ValueError(f"capability {self.name}: unknown slots {sorted(unknown)}")


def everyone(ctx: ToolContext, args: Any) -> None:
    """Non-personal knowledge (the framework, roles, the catalogue): anyone may ask."""
