"""The optional LLM judge: faithfulness and answer relevance, graded 1–5 by any
OpenAI-compatible endpoint and reported apart from the deterministic metrics.

A judge is a model, so it is never trusted to pass anything: its grades do not change a
case's `passed`, a call that fails or returns something that is not a grade is counted as
a failure (never as a score), and the judge's averages are over the grades it gave.
Temperature 0 and a fixed seed keep reruns as close to repeatable as the server allows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from agent.llm import RESPONSE_STYLES, response_format
from core.errors import UserError
from prompts import render, version

METRICS = ("faithfulness", "relevance")
GRADE_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "reason": {"type": "string", "maxLength": 160},
    },
    "required": ["score", "reason"],
    "additionalProperties": False,
}
CONTEXT_CHARS = 6000  # what a small judge's window holds beside the prompt and the answer


@dataclass
class Grade:
    """One judgement: a 1–5 score (None when the judge failed) and why."""

    metric: str
    score: int | None
    reason: str = ""
    error: str = ""

    @property
    def normalised(self) -> float | None:
        """1–5 mapped onto 0–1, so judge metrics read like the others."""
        return None if self.score is None else (self.score - 1) / 4

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"score": self.score, "normalised": self.normalised}
        if self.reason:
            out["reason"] = self.reason
        if self.error:
            out["error"] = self.error
        return out


class Judge(Protocol):
    @property
    def name(self) -> str: ...

    def complete(self, prompt: str) -> str: ...


def parse_grade(metric: str, reply: str) -> Grade:
    """The first JSON object in the reply, with an integer `score` from 1 to 5."""
    if "{" not in reply:
        return Grade(metric, None, error=f"no JSON in the judge's reply: {reply[:120]!r}")
    decoder = json.JSONDecoder()
    parsed: Any = None
    for start in (i for i, char in enumerate(reply) if char == "{"):
        try:
            parsed, _ = decoder.raw_decode(reply, start)
            break
        except json.JSONDecodeError:
            continue
    else:
        return Grade(metric, None, error=f"malformed JSON from the judge: {reply[:120]!r}")
    score = parsed.get("score") if isinstance(parsed, dict) else None
    if isinstance(score, bool) or not isinstance(score, int | float) or score != int(score):
        return Grade(metric, None, error=f"'score' is not an integer: {score!r}")
    if not 1 <= int(score) <= 5:
        return Grade(metric, None, error=f"'score' {int(score)} is outside 1–5")
    return Grade(metric, int(score), reason=str(parsed.get("reason", ""))[:300])


def context_text(answer: dict[str, Any]) -> str:
    """The evidence an answer was built from: its cited records and its structured data."""
    lines = [
        f"{c.get('type')} {c.get('id')}: {c.get('title')}. {c.get('snippet', '')}".strip()
        for c in answer.get("citations") or []
    ]
    data = json.dumps(answer.get("data") or {}, ensure_ascii=False, default=str)
    return ("\n".join(lines) + "\n" + data)[:CONTEXT_CHARS]


def judge_answer(judge: Judge, question: str, answer: dict[str, Any]) -> dict[str, Grade]:
    """Faithfulness (skipped for refusals: they state no facts) and relevance."""
    text = answer.get("answer", "")
    grades: dict[str, Grade] = {}
    for metric in METRICS:
        if metric == "faithfulness" and answer.get("refused"):
            continue
        prompt = render(
            f"judge/{metric}.j2", question=question, answer=text, context=context_text(answer)
        )
        try:
            grades[metric] = parse_grade(metric, judge.complete(prompt))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            grades[metric] = Grade(metric, None, error=f"{type(exc).__name__}: {exc}")
    return grades


def prompt_versions() -> dict[str, str]:
    return {m: version(f"judge/{m}.j2") for m in METRICS}


@dataclass
class OpenAICompatibleJudge:
    """Chat completions over HTTP: OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp server."""

    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 60.0
    response_format: str = "json_schema"

    def __post_init__(self) -> None:
        if self.response_format not in RESPONSE_STYLES:
            raise UserError(
                f"judge response format must be one of {', '.join(RESPONSE_STYLES)}, "
                f"not '{self.response_format}'"
            )

    @property
    def name(self) -> str:
        return self.model

    def complete(self, prompt: str) -> str:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "temperature": 0,
            "seed": 0,
            "max_tokens": 160,
        }
        shape = response_format(self.response_format, "grade", GRADE_SCHEMA)
        if shape is not None:
            body["response_format"] = shape
        response = httpx.post(
            self.base_url.rstrip("/") + "/chat/completions",
            headers={"Authorization": f"Bearer {self.api_key or 'not-needed'}"},
            json=body,
            timeout=self.timeout_s,
        )
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"] or "")


def summarise(cases: list[dict[str, Any]]) -> dict[str, float]:
    """judge.faithfulness / judge.relevance (means of the grades given, 0–1), judge.graded
    and judge.failures (calls that gave no grade)."""
    out: dict[str, float] = {}
    graded = failures = 0
    for metric in METRICS:
        values = []
        for case in cases:
            grade = (case.get("judge") or {}).get(metric)
            if grade is None:
                continue
            if grade.get("normalised") is None:
                failures += 1
            else:
                graded += 1
                values.append(float(grade["normalised"]))
        if values:
            out[f"judge.{metric}"] = sum(values) / len(values)
    if graded or failures:
        out["judge.graded"] = float(graded)
        out["judge.failures"] = float(failures)
    return out
