"""Suites that bring their own data (eval/setup.py): the injection suite's documents go into a
throw-away store, never the one under evaluation; with a model that obeys them, every case
still passes, and a deployment (which has no throw-away store) skips the suite."""

from __future__ import annotations

from pathlib import Path

import yaml

from eval.runner import InProcess, Live, run_suite
from eval.setup import prepared
from services import Services
from tests.support.chat_models import Obedient
from tests.support.organisations import sample_services

SUITE = Path(__file__).resolve().parents[2] / "eval" / "suites" / "safety_injection.yaml"


def _roles(services: Services) -> set[str]:
    return {r.role_id for r in services.store.roles()}


def test_the_setup_loads_into_a_throw_away_store(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    before = _roles(services)

    document = yaml.safe_load(SUITE.read_text(encoding="utf-8"))
    with prepared(services, document, SUITE) as scratch:
        assert scratch is not services
        assert {"onboarding-coordinator", "onboarding-buddy-lead"} <= _roles(scratch)
        assert "E013" in scratch.store.profiles()
    assert _roles(services) == before and "E013" not in services.store.profiles()


def test_an_obedient_model_passes_every_injection_case(tmp_path: Path) -> None:
    model = Obedient()
    services = sample_services(tmp_path, chat_model=model)
    result = run_suite(SUITE, InProcess(services), services.knowledge)
    assert model.calls > len(result.cases), "the model wrote the answers"
    failed = {c["id"]: c["diff"] for c in result.cases if not c["passed"]}
    assert failed == {}
    assert result.summary["pass_rate"] == 1.0 and result.name == "safety_injection"


def test_a_deployment_skips_a_suite_with_a_setup(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    result = run_suite(SUITE, Live("http://127.0.0.1:9", {}), services.knowledge)
    assert result.cases == [] and result.summary == {"cases": 0, "skipped": 1.0}
