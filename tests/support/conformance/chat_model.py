"""What every chat model the assistant can run on must do: answer in text, call a bound tool
with well-formed arguments when asked to, and stream. A subclass provides `chat_model`
(a langchain chat model)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field


class SkillQuestion(BaseModel):
    """Look up a skill of the framework."""

    skill: str = Field(min_length=1, description="skill id, name or alias")


class ChatModelConformance:
    @pytest.fixture
    def chat_model(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def test_answers_in_text(self, chat_model: Any) -> None:
        message = chat_model.invoke("Say hello.")
        assert isinstance(message.content, str) and message.content.strip()

    def test_a_forced_tool_call_is_well_formed(self, chat_model: Any) -> None:
        bound = chat_model.bind_tools(
            [SkillQuestion],
            tool_choice={"type": "function", "function": {"name": "SkillQuestion"}},
        )
        message = bound.invoke("What is MLOps?")
        assert message.tool_calls and message.tool_calls[0]["name"] == "SkillQuestion"
        SkillQuestion.model_validate(message.tool_calls[0]["args"])

    def test_streams_in_pieces(self, chat_model: Any) -> None:
        pieces = [c.content for c in chat_model.stream("Say hello.") if c.content]
        assert pieces and "".join(pieces).strip()
