"""Chat: the native endpoint (JSON or Server-Sent Events) and the OpenAI-compatible one."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from agent.assistant import Answer
from api.deps import PrincipalDep, ServicesDep, record_audit
from core.errors import UserError

router = APIRouter(tags=["chat"])
MODEL_ID = "talent-insights"
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


def audit(
    services: Any, principal: Any, endpoint: str, question: str, answer: Answer, started: float
) -> None:
    record_audit(
        services,
        principal,
        endpoint,
        started,
        question=question,
        details={
            "intent": answer.intent,
            "tools": answer.tools_called,
            "cited": [f"{c['type']}:{c['id']}" for c in answer.citations],
            "model": answer.model,
            "prompt_version": answer.prompt_version,
            "grounding": answer.grounding,
            "degraded": answer.degraded,
            "refused": answer.refused,
            "conversation_id": answer.conversation_id,
        },
    )


def respond(answer: Answer) -> dict[str, Any]:
    body = answer.to_dict()
    return {k: body[k] for k in ChatResponse.model_fields}


def sse(event: str, payload: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(payload, ensure_ascii=False, default=str)}\n\n"


@router.post(
    "/v1/chat",
    response_model=ChatResponse,
    summary="Ask a question",
    description=(
        "Answers from the caller's point of view (access rules apply). With `stream: true` the "
        "answer arrives as Server-Sent Events: `section` events with text, then one `final` "
        "event carrying the whole response (citations and data)."
    ),
    responses={200: {"content": {"text/event-stream": {}}}},
)
def chat(body: ChatRequest, principal: PrincipalDep, services: ServicesDep) -> Any:
    started = time.perf_counter()
    answer = services.assistant.ask(body.message, principal.caller, body.conversation_id)
    audit(services, principal, "POST /v1/chat", body.message, answer, started)
    payload = respond(answer)
    if not body.stream:
        return payload

    def events() -> Iterator[str]:
        for line in answer.answer.splitlines(keepends=True):
            yield sse("section", {"text": line})
        yield sse("final", payload)

    return StreamingResponse(events(), media_type="text/event-stream")


# ---------------------------------------------------------------- OpenAI-compatible


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


def _question(messages: list[OpenAIMessage]) -> str:
    for message in reversed(messages):
        if message.role == "user" and message.content:
            if isinstance(message.content, str):
                text = message.content
            else:
                text = " ".join(
                    str(p.get("text", "")) for p in message.content if p.get("type") == "text"
                )
            if text.strip():
                if len(text) > MAX_MESSAGE:
                    raise UserError(f"the message is longer than {MAX_MESSAGE} characters")
                return text
    raise UserError("no user message with text in 'messages'")


def with_references(answer: Answer) -> str:
    if not answer.citations:
        return answer.answer
    lines = [
        f"[{n}] {c['type']} {c['id']}: {c['title']}" for n, c in enumerate(answer.citations, 1)
    ]
    return answer.answer + "\n\nReferences:\n" + "\n".join(lines)


@router.get("/v1/models", tags=["openai"], summary="OpenAI-compatible model list")
def models(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": MODEL_ID}],
    }


@router.post(
    "/v1/chat/completions",
    tags=["openai"],
    summary="OpenAI-compatible chat completions",
    description=(
        "Takes the last user message as the question. The reply's content ends with a "
        "References block; the extension field `talent` carries citations, data, grounding, "
        "degraded and the conversation id (send it back as `conversation_id`)."
    ),
)
def chat_completions(
    body: OpenAIChatRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> Any:
    started = time.perf_counter()
    question = _question(body.messages)
    conversation = body.conversation_id or request.headers.get("x-conversation-id")
    answer = services.assistant.ask(question, principal.caller, conversation)
    audit(services, principal, "POST /v1/chat/completions", question, answer, started)
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:20]}"
    created = int(time.time())
    extension = {k: v for k, v in respond(answer).items() if k != "answer"}
    content = with_references(answer)
    if not body.stream:
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "talent": extension,
        }

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False, default=str)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        for line in content.splitlines(keepends=True):
            yield chunk({"content": line})
        yield chunk({}, "stop", talent=extension)
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")
