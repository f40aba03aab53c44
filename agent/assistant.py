"""Answering a question: plan → tool (as the caller) → template answer → verifier.

This is the offline brain. Every answer carries the text, the citations (the records used),
the structured data (the same JSON as the matching CLI command), the grounding verdict and
the intent; `degraded` marks an answer produced by the fallback path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.access import AccessDenied, Caller
from agent.grounding import verify
from agent.llm import LLMBrain
from agent.planner import Vocabulary, plan_question
from agent.tools import ToolContext, ToolResult, call_tool
from core.errors import DependencyError, UserError
from core.settings import Settings
from prompts import render, version
from storage.conversations import ConversationRepository

log = logging.getLogger(__name__)
LIMIT = 6  # rows shown in a text answer; the full table is in `data`

TEMPLATES = {
    "person_gaps": "answers/person_gaps.j2",
    "team_gaps": "answers/team_gaps.j2",
    "internal_candidates": "answers/candidates.j2",
    "find_mentors": "answers/mentors.j2",
    "draft_learning_plan": "answers/plan.j2",
    "get_role": "answers/role.j2",
    "get_skill": "answers/skill.j2",
    "get_employee_profile": "answers/profile.j2",
    "workforce_scenario": "answers/scenario.j2",
    "search_documents": "answers/search.j2",
}


@dataclass
class Answer:
    answer: str
    intent: str
    conversation_id: str
    citations: list[dict[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    grounding: str = "verified"
    degraded: bool = False
    refused: bool = False
    tools_called: list[str] = field(default_factory=list)
    denied_tools: list[str] = field(default_factory=list)
    prompt_version: str = ""
    model: str = "offline-planner"
    unsupported: list[str] = field(default_factory=list)
    # Share of the draft's sentences (the model's prose, or the template) the data
    # supported before the verifier repaired it; None when nothing was drafted.
    draft_groundedness: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "citations": self.citations,
            "data": self.data,
            "grounding": self.grounding,
            "degraded": self.degraded,
            "intent": self.intent,
            "refused": self.refused,
            "conversation_id": self.conversation_id,
            "tools_called": self.tools_called,
            "denied_tools": self.denied_tools,
            "prompt_version": self.prompt_version,
            "model": self.model,
            "unsupported": self.unsupported,
            "draft_groundedness": self.draft_groundedness,
            "ai_generated": True,
        }


def owner_key(caller: Caller) -> str:
    return f"{caller.role.value}:{caller.employee_id or caller.name or '-'}"


class Assistant:
    """Wired by `services.Services`: `contexts` gives the tool context a caller's question
    runs in, `skill_matcher` resolves skill names in questions."""

    def __init__(
        self,
        settings: Settings,
        contexts: Callable[[Caller], ToolContext],
        conversations: ConversationRepository,
        skill_matcher: Callable[[str], str | None],
        llm_model: Any | None = None,
    ):
        """`llm_model`: a langchain chat model replacing the configured endpoint (tests)."""
        self.settings = settings
        self.contexts = contexts
        self.conversations = conversations
        self.skill_matcher = skill_matcher
        self.llm_model = llm_model
        self._vocab: tuple[Any, Vocabulary] | None = None

    def _vocabulary(self, org: Any) -> Vocabulary:
        """Names to look for in questions; rebuilt only when the organisation changes."""
        if self._vocab is None or self._vocab[0] is not org:
            self._vocab = (org, Vocabulary(org, self.skill_matcher))
        return self._vocab[1]

    def ask(self, question: str, caller: Caller, conversation_id: str | None = None) -> Answer:
        if not question.strip():
            raise UserError("the question is empty")
        conversations = self.conversations
        owner = owner_key(caller)
        conversation_id, state = conversations.load(conversation_id, owner)
        ctx = self.contexts(caller)
        vocabulary = self._vocabulary(ctx.org)
        plan = plan_question(question, vocabulary, caller.employee_id, state)
        answer = self._answer(plan, ctx, conversation_id)
        use_llm = self.settings.llm_base_url or self.llm_model is not None
        if use_llm and answer.data and not answer.refused:
            self._with_llm(question, answer, ctx)
        state.setdefault("turns", []).append({"question": question, "intent": answer.intent})
        if plan.tool and not answer.refused and answer.data:
            args = plan.args
            state["last"] = {
                "intent": plan.intent,
                "args": args,
                "person": args.get("employee") or args.get("learner"),
                "role": args.get("role"),
                "skill": args.get("skill"),
            }
        conversations.save(conversation_id, owner, state)
        log.info(
            "answered",
            extra={
                "intent": answer.intent,
                "tools": answer.tools_called,
                "grounding": answer.grounding,
            },
        )
        return answer

    def _with_llm(self, question: str, answer: Answer, ctx: ToolContext) -> None:
        """Let the model write the prose; keep only what the tools support."""
        try:
            reply = LLMBrain(self.settings, self.llm_model).answer(
                question, answer.answer, answer.tools_called[0], ctx
            )
        except DependencyError as exc:
            log.warning("LLM unavailable, offline answer used", extra={"error": str(exc)})
            answer.degraded = True
            return
        evidence: list[dict[str, Any]] = [answer.data, {"citations": answer.citations}]
        for result in reply.tool_results:
            evidence.append(result.data)
            answer.citations += [
                c.to_dict() for c in result.citations if c.to_dict() not in answer.citations
            ]
            answer.tools_called.append(result.tool)
        verdict = verify(
            reply.text, evidence, ctx.org, allowed_numbers=range(0, 6), secret=reply.system_prompt
        )
        answer.model = self.settings.llm_model if self.llm_model is None else "scripted"
        answer.prompt_version = f"{reply.prompt_version}+{answer.prompt_version}"
        answer.unsupported = verdict.unsupported
        answer.draft_groundedness = verdict.supported_share
        answer.grounding = verdict.grounding
        if verdict.grounding != "fallback":
            answer.answer = verdict.text

    def _answer(self, plan: Any, ctx: ToolContext, conversation_id: str) -> Answer:
        if plan.problem:
            return Answer(f"I need one more detail: {plan.problem}", plan.intent, conversation_id)
        if plan.refusal:
            text = render("answers/refusal.j2", reason=plan.refusal)
            return Answer(
                text,
                plan.intent,
                conversation_id,
                refused=True,
                prompt_version=version("answers/refusal.j2"),
            )
        try:
            result = call_tool(ctx, plan.tool, plan.args)
        except AccessDenied as exc:
            text = render("answers/refusal.j2", reason=str(exc))
            # The tool refused before reading anything: nothing was called on the data.
            return Answer(
                text,
                plan.intent,
                conversation_id,
                refused=True,
                denied_tools=[plan.tool],
                prompt_version=version("answers/refusal.j2"),
            )
        except UserError as exc:
            return Answer(
                f"I couldn't answer that: {exc}",
                plan.intent,
                conversation_id,
                tools_called=[plan.tool],
            )
        return self._render(plan.intent, result, ctx, conversation_id)

    def _render(
        self, intent: str, result: ToolResult, ctx: ToolContext, conversation_id: str
    ) -> Answer:
        template = "answers/not_understood.j2" if intent == "unknown" else TEMPLATES[result.tool]
        variables: dict[str, Any] = {"d": result.data, "limit": LIMIT}
        if result.tool == "team_gaps":
            data = result.data
            variables["scope"] = (
                f"The {data['team']} team"
                if data.get("team")
                else f"The {data['department']} department"
                if data.get("department")
                else "The organisation"
            )
            variables["ai"] = bool(result.args.get("ai_only"))
        if result.tool == "draft_learning_plan":
            employee = ctx.org.employees[result.data["employee_id"]]
            role = ctx.org.roles.get(result.data.get("role_id") or "")
            variables.update(name=employee.name, role_title=role.title if role else None)
        text = render(template, **variables)
        verdict = verify(
            text,
            [
                result.data,
                {"citations": [c.to_dict() for c in result.citations]},
                # the help text's example questions are fixed wording, not claims
                {"help": render(template, d={"results": []}, limit=LIMIT)}
                if intent == "unknown"
                else {},
            ],
            ctx.org,
            allowed_numbers=range(0, 6),
        )
        if verdict.grounding != "verified":
            log.warning(
                "template answer failed verification",
                extra={"unsupported": verdict.unsupported, "tool": result.tool},
            )
        return Answer(
            answer=text if verdict.grounding == "fallback" else verdict.text,
            intent=intent,
            conversation_id=conversation_id,
            citations=[c.to_dict() for c in result.citations],
            data=result.data,
            grounding=verdict.grounding,
            tools_called=[result.tool],
            prompt_version=version(template),
            unsupported=verdict.unsupported,
            draft_groundedness=verdict.supported_share,
        )
