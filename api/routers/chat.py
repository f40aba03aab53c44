"""/v1/chat: ask a question (JSON, or Server-Sent Events with `stream: true`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from agent.assistant import Answer
from agent.capabilities import CATALOGUE
from api import audit
from api.deps import PrincipalDep, ServicesDep
from api.schemas.chat import ChatRequest

router = APIRouter(prefix="/v1/chat", tags=["chat"])


def note_answer(request: Request, question: str, answer: Answer) -> None:
    """What the audit row of a chat request records about the answer."""
    audit.note(
        request,
        question=question,
        intent=answer.intent,
        tools=answer.tools_called,
        cited=[f"{c.type}:{c.id}" for c in answer.citations],
        model=answer.model,
        prompt_version=answer.prompt_version,
        grounding=answer.grounding,
        degraded=answer.degraded,
        refused=answer.refused,
        conversation_id=answer.conversation_id,
    )


def respond(answer: Answer) -> dict[str, Any]:
    return answer.to_dict()


def sse(event: str, payload: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(payload, ensure_ascii=False, default=str)}\n\n"


@router.post(
    "",
    response_model=Answer,
    response_model_exclude_unset=True,
    summary="Ask a question",
    description=(
        "Answers from the caller's point of view (access rules apply). With `stream: true` the "
        "answer arrives as Server-Sent Events: `section` events with text, then one `final` "
        "event carrying the whole response (citations and data). When two readings are too "
        "close, `intent` is `clarify` and `choices` lists them: send the question again with "
        "the chosen `capability`. It can answer:\n"
        + "\n".join(f"- `{c.name}`: {c.description}" for c in CATALOGUE.values())
    ),
    responses={200: {"content": {"text/event-stream": {}}}},
)
def chat(
    body: ChatRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> Any:
    answer = services.assistant.ask(
        body.message, principal.caller, body.conversation_id, body.capability
    )
    note_answer(request, body.message, answer)
    payload = respond(answer)
    if not body.stream:
        return payload

    def events() -> Iterator[str]:
        for line in answer.answer.splitlines(keepends=True):
            yield sse("section", {"text": line})
        yield sse("final", payload)

    return StreamingResponse(events(), media_type="text/event-stream")
