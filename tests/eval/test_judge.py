"""The LLM judge's parsing and aggregation on hand-made replies; expected values by hand."""

from __future__ import annotations

import httpx
import pytest

from agent.grounding import Verdict
from core.errors import UserError
from eval.judge import Grade, judge_answer, parse_grade, summarise

pytestmark = pytest.mark.unit


def test_parse_grade_accepts_only_an_integer_score_from_1_to_5() -> None:
    good = parse_grade("faithfulness", 'Sure! {"score": 4, "reason": "one claim is unsupported"}')
    assert (good.score, good.reason, good.normalised) == (4, "one claim is unsupported", 0.75)
    assert parse_grade("relevance", '{"score": 5.0}').score == 5
    # a brace inside the reason does not end the object
    assert parse_grade("relevance", '{"score": 2, "reason": "a } b"} trailing').reason == "a } b"
    for reply, problem in [
        ("I think it is good", "no JSON"),
        ('{"score": 4,', "malformed JSON"),
        ("{'score': 4}", "malformed JSON"),
        ('{"score": "4"}', "not an integer"),
        ('{"score": 3.5}', "not an integer"),
        ('{"score": true}', "not an integer"),
        ('{"score": 0}', "outside 1–5"),
        ('{"score": 6}', "outside 1–5"),
        ('{"grade": 5}', "not an integer"),
    ]:
        grade = parse_grade("faithfulness", reply)
        assert grade.score is None and grade.normalised is None, reply
        assert problem in grade.error, reply


class Scripted:
    """A judge twin that replies from a list (an exception is raised instead of returned)."""

    name = "scripted"

    def __init__(self, replies: list[str | Exception]):
        self.replies = list(replies)
        self.prompts: list[str] = []

    def complete(self, prompt: str) -> str:
        self.prompts.append(prompt)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


ANSWER = {
    "answer": "Dana Okafor lacks Apache Spark.",
    "citations": [{"id": "E013", "type": "employee", "title": "Dana Okafor", "snippet": "Data"}],
    "data": {"gaps": [{"skill_id": "spark"}]},
}


def test_judge_answer_renders_the_prompts_and_reports_failures() -> None:
    judge = Scripted(['{"score": 5}', httpx.ConnectError("refused")])
    grades = judge_answer(judge, "What does Dana lack?", ANSWER)
    assert grades["faithfulness"].score == 5
    assert grades["relevance"].score is None and "ConnectError" in grades["relevance"].error
    faithfulness_prompt, relevance_prompt = judge.prompts
    # the evidence goes to the faithfulness judge only; both see question and answer
    assert "employee E013: Dana Okafor" in faithfulness_prompt and '"spark"' in faithfulness_prompt
    assert "E013" not in relevance_prompt
    assert all("What does Dana lack?" in p and ANSWER["answer"] in p for p in judge.prompts)


def test_refusals_are_graded_for_relevance_only() -> None:
    judge = Scripted(['{"score": 4}'])
    grades = judge_answer(judge, "Show me Bob's salary", {**ANSWER, "refused": True})
    assert list(grades) == ["relevance"] and len(judge.prompts) == 1


def test_summarise_averages_grades_given_and_counts_failures() -> None:
    def case(**grades: Grade) -> dict[str, object]:
        return {"judge": {m: g.to_dict() for m, g in grades.items()}}

    cases = [
        case(faithfulness=Grade("faithfulness", 5), relevance=Grade("relevance", 3)),
        case(faithfulness=Grade("faithfulness", 2), relevance=Grade("relevance", None, error="x")),
        case(relevance=Grade("relevance", 1)),
        {},  # judged nothing (e.g. the judge was off for it)
    ]
    # faithfulness: (1.0 + 0.25) / 2; relevance: (0.5 + 0.0) / 2; one failure, never a score
    assert summarise(cases) == {
        "judge.faithfulness": pytest.approx(0.625),
        "judge.relevance": pytest.approx(0.25),
        "judge.graded": 4.0,
        "judge.failures": 1.0,
    }
    only_failures = [case(relevance=Grade("relevance", None, error="timeout"))]
    assert summarise(only_failures) == {"judge.graded": 0.0, "judge.failures": 1.0}
    assert summarise([{}, {}]) == {}


def test_draft_groundedness_is_the_share_of_supported_sentences() -> None:
    assert Verdict("repaired", "a", ["x"], checked=4, dropped=1).supported_share == 0.75
    assert Verdict("verified", "", checked=0, dropped=0).supported_share == 1.0


def test_request_asks_for_grade_shaped_json(monkeypatch: pytest.MonkeyPatch) -> None:
    from eval.judge import GRADE_SCHEMA, OpenAICompatibleJudge

    sent: list[dict[str, object]] = []

    def fake_post(url: str, **kwargs: object) -> httpx.Response:
        sent.append(kwargs["json"])  # type: ignore[arg-type]
        reply = {"choices": [{"message": {"content": '{"score": 3, "reason": "ok"}'}}]}
        return httpx.Response(200, json=reply, request=httpx.Request("POST", url))

    monkeypatch.setattr(httpx, "post", fake_post)
    for fmt in ("json_schema", "json_object_schema", "none"):
        assert OpenAICompatibleJudge("http://127.0.0.1:1/v1", "m", response_format=fmt).complete(
            "p"
        )
    openai, llama_cpp, plain = sent
    assert openai["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "grade", "schema": GRADE_SCHEMA, "strict": True},
    }
    assert llama_cpp["response_format"] == {"type": "json_object", "schema": GRADE_SCHEMA}
    assert "response_format" not in plain
    assert openai["temperature"] == 0 and openai["seed"] == 0
    with pytest.raises(UserError, match="judge response format"):
        OpenAICompatibleJudge("http://127.0.0.1:1/v1", "m", response_format="xml")
