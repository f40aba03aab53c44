"""The OpenAI-compatible endpoints (/v1/models, /v1/chat/completions): any OpenAI client or
chat UI can talk to the service; the answer is the same as /v1/chat's."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from agent.assistant import Answer
from api.deps import PrincipalDep, ServicesDep
from api.routers.chat import note_answer, respond
from api.schemas.chat import MAX_MESSAGE
from api.schemas.openai import MODEL_ID, ChatCompletion, ModelList, OpenAIChatRequest, OpenAIMessage
from core.errors import UserError

router = APIRouter(prefix="/v1", tags=["openai"])


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
    lines = [f"[{n}] {c.type} {c.id}: {c.title}" for n, c in enumerate(answer.citations, 1)]
    return answer.answer + "\n\nReferences:\n" + "\n".join(lines)


@router.get(
    "/models",
    response_model=ModelList,
    response_model_exclude_unset=True,
    summary="OpenAI-compatible model list",
)
def models(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": MODEL_ID}],
    }


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    response_model_exclude_unset=True,
    responses={200: {"content": {"text/event-stream": {}}}},
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
    question = _question(body.messages)
    conversation = body.conversation_id or request.headers.get("x-conversation-id")
    answer = services.assistant.ask(question, principal.caller, conversation)
    note_answer(request, question, answer)
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
