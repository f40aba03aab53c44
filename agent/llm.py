"""The LLM brain: any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama,
llama.cpp server) through langchain's `create_agent` and `ChatOpenAI`.

It never works alone. The offline planner answers first, as the caller, with the access
rules applied; if it refused, no model is asked. The model then gets the question, the
facts the planner found (fenced as untrusted data) and the same tools, bounded to
`TALENT_LLM_MAX_STEPS` model calls and `TALENT_LLM_TIMEOUT_S` seconds in all. Its prose
goes through the verifier against everything the tools returned: unsupported sentences are
removed, and if too little is left the template answer stands. The structured `data` is
always the planner's, so prose never changes a number. Any failure — connection, timeout,
malformed tool calls — leaves the offline answer in place, marked `degraded`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from agent.access import AccessDenied
from agent.capabilities import CATALOGUE, call_tool
from agent.context import ToolContext, ToolResult
from core.errors import DependencyError, UserError
from core.settings import Settings
from prompts import render, version

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")


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
    def __init__(self, settings: Settings, model: Any | None = None):
        """`model`: a langchain chat model to use instead of ChatOpenAI (a scripted twin)."""
        if not settings.llm_base_url and model is None:
            raise DependencyError("no LLM configured (TALENT_LLM_BASE_URL)")
        self.settings = settings
        self.model = model

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
                ModelCallLimitMiddleware(run_limit=self.settings.llm_max_steps, exit_behavior="end")
            ],
        )
        state = agent.invoke({"messages": [{"role": "user", "content": message}]})
        messages = state["messages"]
        final = next(
            (m for m in reversed(messages) if m.type == "ai" and str(m.content).strip()), None
        )
        if final is None:
            raise DependencyError("the model returned no answer text")
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
        future = _pool.submit(self._run, message, ctx)
        try:
            return future.result(timeout=self.settings.llm_timeout_s)
        except FutureTimeout:
            future.cancel()
            raise DependencyError(
                f"the model did not answer within {self.settings.llm_timeout_s:g} s"
            ) from None
        except DependencyError:
            raise
        except Exception as exc:  # connection refused, HTTP errors, malformed tool calls
            raise DependencyError(f"the model failed: {type(exc).__name__}: {exc}") from exc

    def stream(self, prompt: str) -> Iterator[str]:
        """Stream plain text from the model (used for token streaming at the edge)."""
        model = self.model if self.model is not None else chat_model(self.settings)
        for chunk in model.stream(prompt):
            text = chunk.content if isinstance(chunk.content, str) else ""
            if text:
                yield text
