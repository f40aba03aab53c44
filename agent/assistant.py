"""Answering a question: plan → capability (as the caller) → template answer → verifier.

Every answer carries the text, the citations (the records used), the structured data (the
same JSON as the matching CLI command), the grounding verdict and the intent; `degraded`
marks an answer produced by the fallback path. With an LLM configured, the model writes the
prose from the capability's result — or, when the planner is not confident or the question
needs several tools, plans and calls the read-only tools itself; the verifier checks what
it wrote either way, and any failure leaves the offline answer in place.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from agent.access import AccessDenied, Caller
from agent.capabilities import CATALOGUE, call_tool
from agent.context import ToolContext, ToolResult
from agent.grounding import catalogue_links, verify
from agent.llm import LLMBrain, LLMReply, ModelGuard
from agent.planner import Plan, Planner
from agent.router import CUES
from agent.slots import Vocabulary
from agent.suggestions import Suggestion, suggestions
from core.errors import DependencyError, UserError
from core.settings import Settings
from prompts import instructions, render, version
from storage.conversations import ConversationRepository

log = logging.getLogger(__name__)
LIMIT = 6  # rows shown in a text answer; the full table is in `data`


def left_out(data: dict[str, Any]) -> set[int]:
    """How many rows of each long list a text answer leaves out ("…and 4 more people"):
    counts of the data itself, so a template may state them. Lists one level down count too
    (a figure's rows: `open_vacancies.vacancies`)."""
    values = [*data.values()]
    values += [w for v in data.values() if isinstance(v, dict) for w in v.values()]
    return {len(v) - LIMIT for v in values if isinstance(v, list) and len(v) > LIMIT}


Intent = Literal[
    "person_gaps",
    "compare_people",
    "team_gaps",
    "team_heatmap",
    "build_buy_borrow",
    "single_points_of_failure",
    "skill_experts",
    "internal_candidates",
    "next_roles",
    "find_mentors",
    "draft_learning_plan",
    "show_plans",
    "draft_programme",
    "programme_status",
    "initiative_needs",
    "initiative_readiness",
    "workforce_scenario",
    "get_role",
    "role_paths",
    "get_skill",
    "roles_needing_skill",
    "get_employee_profile",
    "learning_catalogue",
    "kpis",
    "time_to_fill",
    "open_vacancies",
    "internal_fill",
    "retention",
    "scorecard",
    "quarter_changes",
    "decisions_log",
    "search_documents",
    # not a capability: what the assistant did instead
    "clarify",  # two readings were too close: it offers both
    "unknown",  # it did not understand: what it can answer, and the closest documents
    "help",  # "what can you do?": what this caller can ask
    "out_of_scope",  # nothing to do with skills, or not in the data
    "not_allowed",  # an employment decision or a protected characteristic
    "several",  # the model answered with several tools
]
CAPABILITY_INTENTS = frozenset(get_args(Intent)) - {
    "clarify",
    "unknown",
    "help",
    "out_of_scope",
    "not_allowed",
    "several",
}
Grounding = Literal["verified", "repaired", "fallback"]
# "compare Dana and Priya, and draft a plan for the closer one": more than one capability.
SEVERAL = re.compile(r"\b(and then|then|and also|, and|and afterwards|after that)\b", re.I)


class CitationOut(BaseModel):
    id: str
    type: str
    title: str
    snippet: str = ""


class ChoiceOut(BaseModel):
    """One reading of an ambiguous question: ask it again as `question`, or send `capability`
    and `args` (the web app shows these as buttons)."""

    capability: str
    label: str
    question: str


class Answer(BaseModel):
    """The one shape of an answer: what the assistant returns, what /v1/chat sends."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    intent: Intent
    conversation_id: str
    citations: list[CitationOut] = Field(default_factory=list)
    data: dict[str, JsonValue] = Field(
        default_factory=dict, description="the tool's JSON (the CLI's --json contract)"
    )
    grounding: Grounding = Field(default="verified", description="verified | repaired | fallback")
    degraded: bool = False
    refused: bool = False
    tools_called: list[str] = Field(
        default_factory=list, description="tools that read data for this answer"
    )
    tool_args: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="the arguments the question was read into (also when access refused "
        "it, to HR and admins; to others a refusal withholds them)",
    )
    denied_tools: list[str] = Field(default_factory=list)
    choices: list[ChoiceOut] = Field(
        default_factory=list, description="when intent is clarify: the readings to choose from"
    )
    prompt_version: str = ""
    model: str = Field(
        default="offline-planner", description="offline-planner, or the LLM that wrote the prose"
    )
    unsupported: list[str] = Field(
        default_factory=list,
        description="names/numbers the verifier found unsupported and removed from the draft",
    )
    draft_groundedness: float | None = Field(
        default=None,
        description="share of the draft's sentences the data supported, before repair",
    )
    ai_generated: Literal[True] = True

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def owner_key(caller: Caller) -> str:
    return f"{caller.role.value}:{caller.employee_id or caller.name or '-'}"


def _citations(result: ToolResult) -> list[CitationOut]:
    return [CitationOut(**c.to_dict()) for c in result.citations]


class Assistant:
    """Wired by `services.Services`: `contexts` gives the tool context a caller's question
    runs in, `planner` the offline planner (built on first use: it embeds the examples),
    `skill_matcher` resolves skill names in questions."""

    def __init__(
        self,
        settings: Settings,
        contexts: Callable[[Caller], ToolContext],
        conversations: ConversationRepository,
        skill_matcher: Callable[[str], str | None],
        planner: Callable[[], Planner],
        llm_model: Any | None = None,
    ):
        """`llm_model`: a langchain chat model replacing the configured endpoint (tests)."""
        self.settings = settings
        self.contexts = contexts
        self.conversations = conversations
        self.skill_matcher = skill_matcher
        self.planner = planner
        self.llm_model = llm_model
        self.model_guard = ModelGuard.from_settings(settings)  # one per process
        self._vocab: tuple[Any, Vocabulary] | None = None
        self._suggested: dict[Any, Any] = {}
        self._suggested_lock = threading.Lock()

    def _vocabulary(self, org: Any) -> Vocabulary:
        """Names to look for in questions; rebuilt only when the organisation changes."""
        if self._vocab is None or self._vocab[0] is not org:
            self._vocab = (org, Vocabulary(org, self.skill_matcher))
        return self._vocab[1]

    def suggestions(self, caller: Caller) -> list[Suggestion]:
        """Questions this caller can ask and get answered (agent/suggestions.py); worked out
        once per caller and organisation."""
        ctx = self.contexts(caller)
        key = (caller.role.value, caller.employee_id)
        with self._suggested_lock:
            if self._suggested.get("org") is not ctx.org:
                self._suggested = {"org": ctx.org}
            found = self._suggested.get(key)
        if found is None:
            found = suggestions(
                ctx, self.planner(), self._vocabulary(ctx.org), self.settings.min_group_size
            )
            with self._suggested_lock:
                self._suggested[key] = found
        return list(found)

    @property
    def uses_llm(self) -> bool:
        return bool(self.settings.llm_base_url) or self.llm_model is not None

    def ask(
        self,
        question: str,
        caller: Caller,
        conversation_id: str | None = None,
        capability: str | None = None,
    ) -> Answer:
        """`capability`: the reading the person chose when the assistant offered two."""
        if not question.strip():
            raise UserError("the question is empty")
        owner = owner_key(caller)
        conversation_id, state = self.conversations.load(conversation_id, owner)
        ctx = self.contexts(caller)
        if capability is not None and capability not in CATALOGUE:
            raise UserError(f"unknown capability '{capability}'")
        initiatives = ctx.initiatives.titles() if ctx.initiatives is not None else {}
        plan = self.planner().plan(
            question, self._vocabulary(ctx.org), caller.employee_id, state, capability, initiatives
        )
        if plan.choices:
            plan = self._readable(plan, ctx)
        answer = self._answer(plan, ctx, conversation_id)
        if plan.tool or plan.intent in CAPABILITY_INTENTS:
            answer.tool_args = dict(plan.args)
        if answer.denied_tools and not caller.sees_everyone:
            # Whom the question was read as naming (an id) is not the caller's to learn:
            # a refusal reads the same for a colleague and for someone who does not exist.
            answer.tool_args = {}
        if self.uses_llm and not answer.refused:
            several = plan.tool is not None and self._needs_several(question)
            if answer.data and plan.intent in CAPABILITY_INTENTS and not several:
                self._with_llm(question, answer, ctx)
            elif plan.intent in ("unknown", "clarify") or several or not answer.data:
                self._llm_takes_over(question, answer, ctx)
        state.setdefault("turns", []).append({"question": question, "intent": answer.intent})
        if plan.tool and plan.intent in CAPABILITY_INTENTS and not answer.refused:
            args = plan.args
            employees = args.get("employees") or []
            state["last"] = {
                "capability": plan.intent,
                "args": args,
                "person": args.get("employee")
                or args.get("learner")
                or next(iter(employees), None),
            }
        self.conversations.save(conversation_id, owner, state)
        log.info(
            "answered",
            extra={
                "intent": answer.intent,
                "tools": answer.tools_called,
                "grounding": answer.grounding,
            },
        )
        return answer

    @staticmethod
    def _readable(plan: Plan, ctx: ToolContext) -> Plan:
        """Of two close readings, offer only those the caller may see; one left is simply
        answered, none left is refused (with the first reading's reason)."""
        allowed = []
        for choice in plan.choices:
            capability = CATALOGUE[choice.capability]
            try:
                capability.access(ctx, capability.args.model_validate(choice.args))
            except AccessDenied:
                continue
            except UserError:
                pass  # a name that doesn't resolve is the tool's to explain
            allowed.append(choice)
        if len(allowed) == len(plan.choices):
            return plan
        # One left is simply answered; none left is refused by the first reading's rule.
        chosen = allowed[0] if allowed else plan.choices[0]
        return Plan(chosen.capability, chosen.capability, chosen.args, slots=plan.slots)

    @staticmethod
    def _needs_several(question: str) -> bool:
        cued = {name for name, cue in CUES.items() if cue.search(question.lower())}
        return len(cued) >= 2 and bool(SEVERAL.search(question))

    # ------------------------------------------------------------------ offline

    def _answer(self, plan: Plan, ctx: ToolContext, conversation_id: str) -> Answer:
        intent: Any = plan.intent
        if plan.intent == "help":
            template = "answers/help.j2"
            offered = self.suggestions(ctx.caller)
            by_name = {s.capability: s.question for s in offered}
            shown = [h for h in self.help() if h["capability"] in by_name]
            for h in shown:
                h["example"] = by_name[h["capability"]]
            return Answer(
                answer=render(template, help=shown),
                intent=intent,
                conversation_id=conversation_id,
                prompt_version=version(template),
            )
        if plan.refusal_kind in ("not_allowed", "out_of_scope", "not_held"):
            template = "answers/out_of_scope.j2"
            return Answer(
                answer=render(template, kind=plan.refusal_kind, reason=plan.refusal),
                intent=intent,
                conversation_id=conversation_id,
                refused=True,
                prompt_version=version(template),
            )
        if plan.refusal:
            return self._refusal(plan.refusal, intent, conversation_id)
        if plan.choices:
            template = "answers/clarify.j2"
            choices = [
                ChoiceOut(
                    capability=c.capability,
                    label=c.label,
                    question=CATALOGUE[c.capability].suggestion,
                )
                for c in plan.choices
            ]
            return Answer(
                answer=render(template, choices=choices),
                intent="clarify",
                conversation_id=conversation_id,
                choices=choices,
                prompt_version=version(template),
            )
        if plan.unknown_person is not None and not ctx.caller.sees_everyone:
            # Whether a name belongs to anyone is not the caller's to learn: the capability
            # runs as if it did, and its access rule refuses as for a colleague.
            plan = Plan(plan.intent, plan.intent, plan.unknown_person, slots=plan.slots)
        if plan.problem or plan.tool is None:
            return Answer(
                answer=f"I need one more detail: {plan.problem}",
                intent=intent,
                conversation_id=conversation_id,
            )
        try:
            result = call_tool(ctx, plan.tool, plan.args)
        except AccessDenied as exc:
            # The access rule refused before anything was read.
            answer = self._refusal(str(exc), intent, conversation_id)
            answer.denied_tools = [plan.tool]
            return answer
        except UserError as exc:
            return Answer(
                answer=f"I couldn't answer that: {exc}",
                intent=intent,
                conversation_id=conversation_id,
                tools_called=[plan.tool],
            )
        return self._render(plan.intent, result, ctx, conversation_id)

    @staticmethod
    def _refusal(reason: str, intent: Any, conversation_id: str) -> Answer:
        template = "answers/refusal.j2"
        return Answer(
            answer=render(template, reason=reason),
            intent=intent,
            conversation_id=conversation_id,
            refused=True,
            prompt_version=version(template),
        )

    def _render(
        self, intent: str, result: ToolResult, ctx: ToolContext, conversation_id: str
    ) -> Answer:
        if intent == "unknown":
            template = "answers/not_understood.j2"
            variables: dict[str, Any] = {"d": result.data, "limit": LIMIT, "help": self.help()}
        else:
            capability = CATALOGUE[result.tool]
            template = capability.template
            variables = {"d": result.data, "limit": LIMIT}
            if capability.variables is not None:
                variables.update(capability.variables(result, ctx))
        text = render(template, **variables)
        verdict = verify(
            text,
            [
                result.data,
                {"citations": [c.to_dict() for c in result.citations]},
                # the help text's example questions are fixed wording, not claims
                {"help": render(template, **{**variables, "d": {"results": []}})}
                if intent == "unknown"
                else {},
            ],
            ctx.org,
            allowed_numbers=[*range(0, 6), *left_out(result.data)],
            allowed_links=self._links(ctx),
        )
        if verdict.grounding != "verified":
            log.warning(
                "template answer failed verification",
                extra={"unsupported": verdict.unsupported, "tool": result.tool},
            )
        return Answer(
            answer=text if verdict.grounding == "fallback" else verdict.text,
            intent=intent,  # type: ignore[arg-type]
            conversation_id=conversation_id,
            citations=_citations(result),
            data=result.data,
            grounding=verdict.grounding,  # type: ignore[arg-type]
            tools_called=[result.tool],
            prompt_version=version(template),
            unsupported=verdict.unsupported,
            draft_groundedness=verdict.supported_share,
        )

    @staticmethod
    def help() -> list[dict[str, str]]:
        """What the assistant can answer, from the catalogue (help text, web suggestions)."""
        return [
            {"capability": c.name, "description": c.description, "example": c.suggestion}
            for c in CATALOGUE.values()
            if c.suggestion
        ]

    # ------------------------------------------------------------------ with a model

    def _with_llm(self, question: str, answer: Answer, ctx: ToolContext) -> None:
        """Let the model write the prose from the capability's result; keep only what the
        tools support."""
        try:
            reply = self._brain().answer(question, answer.answer, answer.tools_called[0], ctx)
        except DependencyError as exc:
            self._model_failed(answer, exc)
            return
        self._apply(reply, answer, ctx, [dict(answer.data)])

    def _llm_takes_over(self, question: str, answer: Answer, ctx: ToolContext) -> None:
        """The planner was not sure (or the question needs several tools): the model plans
        and calls the read-only tools itself, as the caller. `data` and `citations` become
        what those tools returned; nothing they did not return survives the verifier."""
        try:
            reply = self._brain().take_over(question, ctx)
        except DependencyError as exc:
            self._model_failed(answer, exc)
            return
        if not reply.tool_results:
            # the model read nothing: its prose cannot be checked
            answer.degraded, answer.grounding = True, "fallback"
            return
        offline = answer.model_copy(deep=True)
        results = reply.tool_results
        answer.data = (
            dict(results[0].data)
            if len(results) == 1
            else {"results": [{"tool": r.tool, "args": r.args, "data": r.data} for r in results]}
        )
        answer.intent = results[0].tool if len(results) == 1 else "several"  # type: ignore[assignment]
        answer.citations, answer.tools_called, answer.choices = [], [], []
        self._apply(reply, answer, ctx, [])
        if answer.grounding == "fallback":
            # Nothing the model wrote held up: the offline answer stands, marked degraded.
            for key, value in offline:
                setattr(answer, key, value)
            answer.degraded = True

    def _links(self, ctx: ToolContext) -> list[str]:
        """The links an answer may carry: the catalogue's and the configured ones."""
        return [*catalogue_links(ctx.org), *self.settings.link_allowlist]

    def _brain(self) -> LLMBrain:
        return LLMBrain(self.settings, self.llm_model, self.model_guard)

    @staticmethod
    def _model_failed(answer: Answer, exc: DependencyError) -> None:
        """The offline answer stands, and says so: never marked as the model's verified prose."""
        log.warning("LLM unavailable, offline answer used", extra={"error": str(exc)})
        answer.degraded = True
        answer.grounding = "fallback"

    def _apply(
        self,
        reply: LLMReply,
        answer: Answer,
        ctx: ToolContext,
        evidence: list[dict[str, Any]],
    ) -> None:
        offline_text = answer.answer
        evidence = [*evidence, {"citations": [c.model_dump() for c in answer.citations]}]
        for result in reply.tool_results:
            evidence.append(result.data)
            for citation in _citations(result):
                if citation not in answer.citations:
                    answer.citations.append(citation)
            answer.tools_called.append(result.tool)
        verdict = verify(
            reply.text,
            evidence,
            ctx.org,
            allowed_numbers=range(0, 6),
            secret=[reply.system_prompt, *instructions()],
            allowed_links=self._links(ctx),
            model_prose=True,
            # the offline answer the model rewrites: built from the same data
            context=[offline_text],
        )
        answer.model = self.settings.llm_model if self.llm_model is None else "scripted"
        answer.prompt_version = (
            f"{reply.prompt_version}+{answer.prompt_version}"
            if answer.prompt_version
            else reply.prompt_version
        )
        answer.unsupported = verdict.unsupported
        answer.draft_groundedness = verdict.supported_share
        answer.grounding = verdict.grounding  # type: ignore[assignment]
        if verdict.grounding != "fallback":
            answer.answer = verdict.text
