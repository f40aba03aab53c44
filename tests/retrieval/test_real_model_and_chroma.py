"""Retrieval with the real components: the packaged all-MiniLM-L6-v2 model and Chroma,
both embedded (PersistentClient) and as a `chroma run` server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from ingest.native_folder import load_folder
from retrieval.knowledge import Knowledge
from services import Services
from tests.support.organisations import SAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["embedded", "server"])
def services(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Services:
    home = tmp_path_factory.mktemp(f"home-{request.param}")
    url = request.getfixturevalue("chroma_server") if request.param == "server" else ""
    settings = Settings(home=home, embedder="minilm", chroma_url=url, as_of="2026-11-22")
    k = Services.from_settings(settings)
    load_folder(k.store, SAMPLE)
    k.ingestor.infer_requirements()
    report = k.knowledge.reindex()
    assert report.written > 300 and report.deleted == 0
    return k


@pytest.fixture(scope="module")
def knowledge(services: Services) -> Knowledge:
    return services.knowledge


def test_finds_roles_by_paraphrase(knowledge: Knowledge) -> None:
    hits = knowledge.search(
        "someone to triage IT tickets and help users", top_k=3, doc_types=["role"]
    )
    assert "service-desk-analyst" in [h.id for h in hits]
    assert all(h.type == "role" for h in hits)
    top = hits[0]
    assert top.chunk.startswith(top.title + " — ")  # the chunk names its role and section


def test_finds_skills_resources_and_profiles(knowledge: Knowledge) -> None:
    assert knowledge.search("orchestrating containers", top_k=3, doc_types=["skill"])[0].id in {
        "kubernetes",
        "containers",
    }
    resources = knowledge.search("Spark certification", top_k=5, doc_types=["resource"])
    assert any(h.id.startswith("LR-SPARK") for h in resources)
    people = knowledge.search("Dana Okafor", top_k=3, doc_types=["profile"])
    assert people[0].id == "E013"


def test_reindex_is_idempotent(knowledge: Knowledge) -> None:
    before = knowledge.vectors.count()
    report = knowledge.reindex()
    assert (report.written, report.deleted) == (0, 0)
    assert knowledge.vectors.count() == before


def test_changed_job_description_replaces_exactly_its_chunks(knowledge: Knowledge) -> None:
    text, source = knowledge.store.job_descriptions()["data-analyst"]
    old_ids = {c.chunk_id for c in knowledge.vectors.all({"entity_id": "data-analyst"})}
    shorter = text.split("## Nice to have")[0] + "## Extra\n- Loves QUOKKA-7731 dashboards.\n"
    knowledge.store.save_job_description("data-analyst", shorter, source)
    report = knowledge.reindex()
    assert report.written >= 1
    chunks = knowledge.vectors.all({"entity_id": "data-analyst"})
    assert any("QUOKKA-7731" in c.text for c in chunks)
    assert {c.chunk_id for c in chunks} <= old_ids | {c.chunk_id for c in chunks}
    hits = knowledge.search("QUOKKA-7731", top_k=1)
    assert (hits[0].type, hits[0].id) == ("role", "data-analyst")
    knowledge.store.save_job_description("data-analyst", text, source)
    knowledge.reindex()


def test_forget_removes_the_person_from_every_query(
    services: Services, knowledge: Knowledge, tmp_path: Path
) -> None:
    profile = tmp_path / "cv.md"
    profile.write_text(
        "---\nemployee_id: E066\n---\n# About me\nI once built the PELICAN-4242 fraud model.\n"
    )
    services.ingestor.ingest(profile)
    assert knowledge.search("PELICAN-4242", top_k=1)[0].id == "E066"
    removed = services.forget_employee("E066")
    assert removed >= 2
    assert not [c for c in knowledge.vectors.all() if c.chunk_id.startswith("profile:E066:")]
    assert not [c for c in knowledge.vectors.all() if "PELICAN-4242" in c.text]
    assert all(h.id != "E066" for h in knowledge.search("PELICAN-4242 fraud model", top_k=20))
    assert "E066" not in {e.employee_id for e in knowledge.store.employees()}


def test_skill_matching_with_the_real_model(knowledge: Knowledge) -> None:
    results = knowledge.match_skills(
        [
            "k8s",
            "Kubernetes administration",
            "5+ years of PySpark",
            "kubernets",
            "writing prompts for ChatGPT",
            "forklift operation",
        ]
    )
    assert [r.match for r in results] == [
        "kubernetes",
        "kubernetes",
        "apache-spark",
        "kubernetes",
        "prompt-engineering",
        None,
    ]


def test_inferred_requirements_for_the_jd_only_role(knowledge: Knowledge) -> None:
    role = next(r for r in knowledge.store.roles() if r.role_id == "ai-governance-lead")
    by_skill = {q.skill_id: q for q in role.requirements}
    assert all(q.inferred and q.evidence for q in role.requirements)
    # job_descriptions/ai-governance-lead.md, Must have: "Expert in AI governance frameworks…"
    assert (by_skill["ai-governance"].level, by_skill["ai-governance"].importance) == (5, 5)


def test_eval_suites_hybrid_does_not_lose(knowledge: Knowledge) -> None:
    """Quality gate over the hand-labelled suites in eval/suites/."""
    from eval.retrieval_suites import run_normalisation, run_retrieval

    modes = run_retrieval(knowledge)["modes"]
    for metric in ("recall@5", "mrr@10", "ndcg@10"):
        assert modes["hybrid"][metric] >= modes["dense"][metric] - 1e-9, metric
        assert modes["hybrid"][metric] >= modes["bm25"][metric] - 1e-9, metric
    assert modes["hybrid"]["recall@5"] >= 0.9
    normalisation = run_normalisation(knowledge)
    assert normalisation["cases"] >= 100
    assert normalisation["accuracy@1"] >= 0.85
    assert normalisation["accuracy@5"] >= 0.95
