"""/v1/chat: ask a question (JSON, or Server-Sent Events with `stream: true`)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from agent.assistant import Answer
from agent.capabilities import CATALOGUE
from api.deps import PrincipalDep, ServicesDep, record_audit
from api.schemas.chat import ChatRequest

router = APIRouter(prefix="/v1/chat", tags=["chat"])


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
            "cited": [f"{c.type}:{c.id}" for c in answer.citations],
            "model": answer.model,
            "prompt_version": answer.prompt_version,
            "grounding": answer.grounding,
            "degraded": answer.degraded,
            "refused": answer.refused,
            "conversation_id": answer.conversation_id,
        },
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
def chat(body: ChatRequest, principal: PrincipalDep, services: ServicesDep) -> Any:
    started = time.perf_counter()
    answer = services.assistant.ask(
        body.message, principal.caller, body.conversation_id, body.capability
    )
    audit(services, principal, "POST /v1/chat", body.message, answer, started)
    payload = respond(answer)
    if not body.stream:
        return payload

    def events() -> Iterator[str]:
        for line in answer.answer.splitlines(keepends=True):
            yield sse("section", {"text": line})
        yield sse("final", payload)

    return StreamingResponse(events(), media_type="text/event-stream")
