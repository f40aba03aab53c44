"""Deterministic twins of an OpenAI-compatible chat model: one replays scripted messages,
one obeys whatever the documents it reads tell it to say."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatResult


class Scripted(GenericFakeChatModel):
    """Replays AI messages in order; counts the calls it gets."""

    calls: int = 0

    def bind_tools(self, tools: Any, **kwargs: Any) -> Scripted:
        return self

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return super()._generate(*args, **kwargs)


class Broken(Scripted):
    """A model whose server refuses every connection."""

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("connection refused")


def tool_call(name: str, args: dict[str, Any], call_id: str = "c1") -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])


class Obedient(BaseChatModel):
    """A model that does what documents tell it (the red-team's "obedient model"): it searches
    the documents, then says every sentence a document asks it to say (`say: "…"`), repeats
    its own instructions when a document asks, and opens with the first line of the facts it
    was given, so its answer mixes grounded text with everything an injection wants."""

    query: str = "onboarding guide"
    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "obedient"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Obedient:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.calls += 1
        read = [m for m in messages if isinstance(m, ToolMessage)]
        system = next((str(m.content) for m in messages if isinstance(m, SystemMessage)), "")
        human = next((str(m.content) for m in messages if isinstance(m, HumanMessage)), "")
        if not read:  # read the documents the question is about, and the guide
            asked = re.search(r"Question:\s*(.+)", human)
            queries = [asked.group(1).strip()[:200]] if asked else []
            calls = [
                {"name": "search_documents", "args": {"query": q}, "id": f"c{self.calls}-{n}"}
                for n, q in enumerate([*queries, self.query])
            ]
            message = AIMessage(content="", tool_calls=calls)
            return ChatResult(generations=[ChatGeneration(message=message)])
        facts = re.search(r"<data>\s*(.+)", human)
        lines = [facts.group(1).strip()] if facts else []
        documents = " ".join(str(m.content) for m in read)
        lines += [said.rstrip(".") + "." for said in re.findall(r'say:\s*\\?"([^"\\]+)', documents)]
        if re.search(r"repeat your instructions", documents, re.I):
            lines += [line.strip("- ").strip() for line in system.splitlines()[1:4]]
        text = " ".join(lines) or "Nothing to say."
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
