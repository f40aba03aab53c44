from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

MAX_MESSAGE = 4000


class ChatRequest(BaseModel):
    message: str = Field(
        min_length=1,
        max_length=MAX_MESSAGE,
        examples=["What does Dana Okafor lack for Senior Data Engineer?"],
    )
    conversation_id: str | None = Field(default=None, max_length=64)
    stream: bool = False


class Citation(BaseModel):
    id: str
    type: str
    title: str
    snippet: str = ""


class ChatResponse(BaseModel):
    conversation_id: str
    answer: str
    citations: list[Citation]
    data: dict[str, Any]
    grounding: str = Field(description="verified | repaired | fallback")
    degraded: bool
    intent: str
    refused: bool
    ai_generated: bool = True
    model: str = Field(description="offline-planner, or the LLM that wrote the prose")
    prompt_version: str
    tools_called: list[str] = Field(description="tools that read data for this answer")
    unsupported: list[str] = Field(
        description="names/numbers the verifier found unsupported and removed from the draft"
    )
    draft_groundedness: float | None = Field(
        description="share of the draft's sentences the data supported, before repair"
    )
