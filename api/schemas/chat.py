"""The chat request. The response is the assistant's own `agent.assistant.Answer`: one
shape from the assistant to the wire."""

from __future__ import annotations

from pydantic import BaseModel, Field

MAX_MESSAGE = 4000


class ChatRequest(BaseModel):
    message: str = Field(
        min_length=1,
        max_length=MAX_MESSAGE,
        examples=["What does Dana Okafor lack for Senior Data Engineer?"],
    )
    conversation_id: str | None = Field(default=None, max_length=64)
    capability: str | None = Field(
        default=None,
        max_length=64,
        description="a reading chosen from an answer's `choices` (GET /v1/capabilities)",
    )
    stream: bool = False
