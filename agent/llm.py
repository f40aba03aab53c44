"""The LLM brain: any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama,
llama.cpp server) through langchain's `create_agent` and `ChatOpenAI`.

It never works alone. The offline planner answers first, as the caller, with the access
rules applied; if it refused, no model is asked. The model then gets the question, the
facts the planner found (fenced as untrusted data) and the same tools, bounded to
`TALENT_LLM_MAX_STEPS` model calls and `TALENT_LLM_TIMEOUT_S` seconds in all. Its prose
goes through the verifier against everything the tools returned: unsupported sentences are
removed, and if too little is left the template answer stands. The structured `data` is
always the planner's, so prose never changes a number. Any failure — connection, timeout,
malformed replies, a run the step limit ended, an answer that is the framework's own
message — leaves the offline answer in place, marked `degraded`.

A `ModelGuard` admits the runs: at most `TALENT_LLM_MAX_CONCURRENT` at once (one more is
refused at once, not queued), and a circuit breaker that, after
`TALENT_LLM_BREAKER_FAILURES` failures in a row, answers offline at once for
`TALENT_LLM_BREAKER_COOLDOWN_S` before one probe call may close it again.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import SecretStr

from agent.access import AccessDenied
from agent.capabilities import CATALOGUE, call_tool
from agent.context import ToolContext, ToolResult
from core.errors import DependencyError, UserError
from core.settings import Settings
from prompts import render, version

log = logging.getLogger(__name__)
T = TypeVar("T")

# What the agent framework writes when it stops a run: never an answer to show.
FRAMEWORK_MESSAGE = re.compile(
    r"^\s*(?:model call limits? exceeded|tool call limits? exceeded|agent stopped|"
    r"error: .{0,80} is not a valid tool|error invoking tool)",
    re.I,
)


# How to ask a server for JSON of a given shape. Servers differ:
# - json_schema: OpenAI's structured outputs (also vLLM, Ollama, llama.cpp's C++ server);
# - json_object_schema: `json_object` plus a `schema` (llama-cpp-python, Anyscale);
# - json_object: any JSON (the prompt describes the shape);
# - none: no response_format at all.
RESPONSE_STYLES = ("json_schema", "json_object_schema", "json_object", "none")


def response_format(style: str, name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The `response_format` of a chat completion asking for JSON of `schema`."""
    if style == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": True},
        }
    if style == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    if style == "json_object":
        return {"type": "json_object"}
    if style == "none":
        return None
    raise UserError(f"response format must be one of {', '.join(RESPONSE_STYLES)}, not '{style}'")


class ModelGuard:
    """Admission to the model for one process: a cap on concurrent runs and a circuit
    breaker. Thread-safe; `clock` is injectable for tests."""

    def __init__(
        self,
        max_concurrent: int,
        failures_to_open: int,
        cooldown_s: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.failures_to_open = failures_to_open
        self.cooldown_s = cooldown_s
        self.clock = clock
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._pool = ThreadPoolExecutor(max_concurrent, thread_name_prefix="llm")
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelGuard:
        return cls(
            settings.llm_max_concurrent,
            settings.llm_breaker_failures,
            settings.llm_breaker_cooldown_s,
        )

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            cooled = self.clock() - self._opened_at >= self.cooldown_s
            return "half-open" if cooled else "open"

    def _admit(self) -> None:
        with self._lock:
            if self._opened_at is None:
                return
            if self.clock() - self._opened_at < self.cooldown_s or self._probing:
                raise DependencyError("the model keeps failing; answering offline for now")
            self._probing = True  # this run decides whether the breaker closes

    def _record(self, ok: bool) -> None:
        with self._lock:
            self._probing = False
            if ok:
                self._failures, self._opened_at = 0, None
                return
            self._failures += 1
            if self._opened_at is not None or self._failures >= self.failures_to_open:
                self._opened_at = self.clock()  # (re)open: a failed probe waits again

    def run(self, work: Callable[[], T], timeout_s: float) -> T:
        """Run `work` in the guard's pool within `timeout_s`; raise DependencyError when
        refused (busy, breaker open) or when it fails. A run that outlives its timeout
        keeps its slot until it really ends, so a hung server cannot pile up threads."""
        if not self._slots.acquire(blocking=False):
            raise DependencyError("the model is busy; answered offline")
        try:
            self._admit()
        except DependencyError:
            self._slots.release()
            raise

        def bounded() -> T:
            try:
                return work()
            finally:
                self._slots.release()

        future = self._pool.submit(bounded)
        try:
            reply = future.result(timeout=timeout_s)
        except FutureTimeout:
            self._record(ok=False)
            raise DependencyError(f"the model did not answer within {timeout_s:g} s") from None
        except DependencyError:
            self._record(ok=False)
            raise
        except Exception as exc:  # connection refused, HTTP errors, malformed replies
            self._record(ok=False)
            raise DependencyError(f"the model failed: {type(exc).__name__}: {exc}") from exc
        self._record(ok=True)
        return reply


@dataclass
class LLMReply:
    text: str
    tool_results: list[ToolResult]
    model_calls: int
    prompt_version: str
    system_prompt: str


def chat_model(settings: Settings) -> Any:
    """A ChatOpenAI client for the configured endpoint (temperature 0, bounded retries)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=SecretStr(settings.llm_api_key or "not-needed"),  # local servers ignore it
        temperature=0,
        # The classic field: llama.cpp, vLLM and Ollama ignore max_completion_tokens.
        extra_body={"max_tokens": settings.llm_max_tokens},
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        seed=0,
    )


def langchain_tools(ctx: ToolContext, collected: list[ToolResult]) -> list[Any]:
    """The catalogue's read-only capabilities as langchain tools, bound to the caller;
    results are collected for the verifier. A refusal or bad argument goes back to the model
    as a message. Capabilities that write (drafting a plan) are never offered: a plan is
    drafted only when the person asked for one, so text in a document cannot make the model
    draft plans."""
    from langchain_core.tools import StructuredTool, ToolException

    def make(name: str, description: str, model: Any) -> Any:
        def run(**kwargs: Any) -> str:
            try:
                result = call_tool(ctx, name, kwargs)
            except (AccessDenied, UserError) as exc:
                raise ToolException(str(exc)) from None
            collected.append(result)
            return json.dumps(result.data, default=str)[:6000]

        return StructuredTool.from_function(
            func=run,
            name=name,
            description=description,
            args_schema=model,
            handle_tool_error=True,
        )

    return [make(c.name, c.description, c.args) for c in CATALOGUE.values() if not c.writes]


class LLMBrain:
    def __init__(
        self, settings: Settings, model: Any | None = None, guard: ModelGuard | None = None
    ):
        """`model`: a langchain chat model to use instead of ChatOpenAI (a scripted twin);
        `guard`: the process's admission to the model (a private one if not given)."""
        if not settings.llm_base_url and model is None:
            raise DependencyError("no LLM configured (TALENT_LLM_BASE_URL)")
        self.settings = settings
        self.model = model
        self.guard = guard or ModelGuard.from_settings(settings)

    def _run(self, message: str, ctx: ToolContext) -> LLMReply:
        from langchain.agents import create_agent
        from langchain.agents.middleware import ModelCallLimitMiddleware

        collected: list[ToolResult] = []
        caller = f"{ctx.caller.role.value}" + (
            f" {ctx.caller.employee_id}" if ctx.caller.employee_id else ""
        )
        system_prompt = render("system/agent.j2", company="the organisation", caller=caller)
        agent = create_agent(
            self.model if self.model is not None else chat_model(self.settings),
            tools=langchain_tools(ctx, collected),
            system_prompt=system_prompt,
            middleware=[
                # "error": a run the limit stops is a failure, not an answer
                ModelCallLimitMiddleware(
                    run_limit=self.settings.llm_max_steps, exit_behavior="error"
                )
            ],
        )
        state = agent.invoke({"messages": [{"role": "user", "content": message}]})
        messages = state["messages"]
        final = next(
            (m for m in reversed(messages) if m.type == "ai" and str(m.content).strip()), None
        )
        if final is None:
            raise DependencyError("the model returned no answer text")
        if messages[-1] is not final or getattr(final, "tool_calls", None):
            raise DependencyError("the model run ended before the model answered")
        if FRAMEWORK_MESSAGE.match(str(final.content)):
            raise DependencyError(f"the model run failed: {str(final.content)[:120]}")
        return LLMReply(
            text=str(final.content).strip(),
            tool_results=collected,
            model_calls=sum(1 for m in messages if m.type == "ai"),
            prompt_version=version("system/agent.j2"),
            system_prompt=system_prompt,
        )

    def answer(self, question: str, facts: str, tool: str, ctx: ToolContext) -> LLMReply:
        """Write the answer from the planner's facts (the tool result), with the read-only
        tools at hand; raise DependencyError on failure."""
        message = render("system/answer_from_data.j2", question=question, tool=tool, data=facts)
        return self._bounded(message, ctx)

    def take_over(self, question: str, ctx: ToolContext) -> LLMReply:
        """The planner was not sure: the model chooses and calls the tools itself."""
        return self._bounded(render("system/take_over.j2", question=question), ctx)

    def _bounded(self, message: str, ctx: ToolContext) -> LLMReply:
        """Run the agent within the overall time limit; raise DependencyError on failure."""
        return self.guard.run(lambda: self._run(message, ctx), self.settings.llm_timeout_s)

    def stream(self, prompt: str) -> Iterator[str]:
        """Stream plain text from the model (used for token streaming at the edge)."""
        model = self.model if self.model is not None else chat_model(self.settings)
        for chunk in model.stream(prompt):
            text = chunk.content if isinstance(chunk.content, str) else ""
            if text:
                yield text
