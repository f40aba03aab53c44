"""A deterministic twin of an OpenAI-compatible chat model: it replays scripted messages."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage


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
