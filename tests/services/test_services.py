"""The wiring: one `Services.from_settings()` for every edge, and every default taken from
Settings — a chat question, a tool call, the API and the CLI that name no horizon, weekly
hours or threshold all get the configured ones."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from agent.access import Caller, CallerRole
from agent.capabilities import call_tool
from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF, sample_services
from tests.support.servers import auth

HR = Caller(CallerRole.HR, name="hr")
CONFIGURED = {"default_plan_weeks": 8, "default_hours_per_week": 2.5, "readiness_threshold": 0.6}


def test_one_services_object_shares_store_index_and_assistant(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    assert services.knowledge.store is services.store
    assert services.ingestor.store is services.store
    assert services.assistant.conversations is services.store.conversations
    ctx = services.context(HR)
    assert ctx.plans is services.store.plans and ctx.knowledge is services.knowledge
    assert ctx.org is services.org()  # one warm copy of the organisation


def test_chat_and_tools_take_the_configured_plan_defaults(tmp_path: Path) -> None:
    services = sample_services(tmp_path, **CONFIGURED)
    answer = services.assistant.ask("Draft a learning plan for Dana Okafor", HR)
    assert (answer.data["weeks"], answer.data["hours_per_week"]) == (8, 2.5)
    stated = services.assistant.ask("Draft a 4 week plan for Dana Okafor, 3 hours a week", HR)
    assert (stated.data["weeks"], stated.data["hours_per_week"]) == (4, 3.0)
    scenario = call_tool(
        services.context(HR),
        "workforce_scenario",
        {"role": "ml-engineer", "headcount": 1, "by": "2027-06-30"},
    )
    assert scenario.data["readiness_threshold"] == 0.6
    assert scenario.data["hours_per_week"] == 2.5


def test_the_api_takes_the_configured_plan_defaults(tmp_path: Path) -> None:
    settings = Settings(
        home=tmp_path, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF, **CONFIGURED
    )
    app = create_app(settings)
    store = app.state.services.store
    load_folder(store, SAMPLE)
    key = store.keys.create("hr", name="hr")["key"]
    with TestClient(app) as client:
        me = client.get("/v1/me", headers=auth(key)).json()
        assert (me["plan_weeks"], me["hours_per_week"]) == (8, 2.5)
        plan = client.post("/v1/plans", headers=auth(key), json={"employee_id": "E013"})
        assert plan.status_code == 201
        assert (plan.json()["weeks"], plan.json()["hours_per_week"]) == (8, 2.5)
