"""The OpenAI-compatible request and response shapes (what the `openai` clients send and
read); `talent` is our extension field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.base import Public

MODEL_ID = "talent-insights"


class OpenAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict[str, Any]] | None = None


class OpenAIChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # clients send temperature, top_p, … : ignored
    model: str = MODEL_ID
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = None
    conversation_id: str | None = Field(
        default=None, description="Extension: continue a talent-insights conversation."
    )


class ModelCard(Public):
    id: str
    object: str
    created: int
    owned_by: str


class ModelList(Public):
    object: str
    data: list[ModelCard]


class CompletionMessage(Public):
    role: str
    content: str


class CompletionChoice(Public):
    index: int
    message: CompletionMessage
    finish_reason: str


class ChatCompletion(Public):
    id: str
    object: str
    created: int
    model: str
    choices: list[CompletionChoice]
    usage: dict[str, int]
    talent: dict[str, Any] = Field(
        description="citations, data, grounding, degraded, conversation_id (see /v1/chat)"
    )
