"""The serving side of retrieval: one load of the organisation at a time (requests meanwhile
answered from the previous copy), an index version every process follows, and search that
never shows what the store no longer holds, even after a re-index that died half-way."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from domain.org import Org
from ingest.native_folder import load_folder
from retrieval.embeddings import HashEmbedder
from retrieval.vectorstore import StoredChunk
from services import Services
from tests.support.organisations import sample_services


def _slow_loads(services: Services, monkeypatch: pytest.MonkeyPatch, gate: threading.Event):
    """Count `load_org` calls; each waits for `gate`."""
    calls: list[Org] = []
    load = services.store.load_org

    def slow(*args: Any, **kwargs: Any) -> Org:
        gate.wait(10)
        org = load(*args, **kwargs)
        calls.append(org)
        return org

    monkeypatch.setattr(services.store, "load_org", slow)
    return calls


def test_requests_that_arrive_together_load_the_org_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = sample_services(tmp_path)
    gate = threading.Event()
    calls = _slow_loads(services, monkeypatch, gate)
    orgs: list[Org] = []
    threads = [
        threading.Thread(target=lambda: orgs.append(services.knowledge.org())) for _ in range(8)
    ]
    for t in threads:
        t.start()
    time.sleep(0.3)  # all eight are waiting now
    gate.set()
    for t in threads:
        t.join(30)
    assert len(calls) == 1
    assert len(orgs) == 8 and all(o is calls[0] for o in orgs)


def test_while_one_request_reloads_the_others_get_the_previous_org(
    tmp_path: Path, mini_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = sample_services(tmp_path, mini_folder)
    previous = services.knowledge.org()
    (mini_folder / "employees.csv").write_text(
        (mini_folder / "employees.csv").read_text().replace("Cy Coder", "Cy Renamed")
    )
    # a framework change too: not only people's records, so the next call reloads whole
    (mini_folder / "skills.csv").write_text(
        (mini_folder / "skills.csv").read_text().replace("Programming in Python.", "Python.")
    )
    load_folder(services.store, mini_folder)
    gate = threading.Event()
    calls = _slow_loads(services, monkeypatch, gate)
    reloaded: list[Org] = []
    reloader = threading.Thread(target=lambda: reloaded.append(services.knowledge.org()))
    reloader.start()
    time.sleep(0.2)
    started = time.perf_counter()
    meanwhile = services.knowledge.org()
    waited = time.perf_counter() - started
    gate.set()
    reloader.join(30)
    assert meanwhile is previous and waited < 5  # answered at once, not after the reload
    assert reloaded[0].employees["E3"].name == "Cy Renamed" and len(calls) == 1
    assert services.knowledge.org() is reloaded[0]


def test_a_reindex_that_fails_half_way_leaves_nothing_erased_searchable(
    tmp_path: Path, mini_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = sample_services(tmp_path, mini_folder)
    services.knowledge.reindex()
    assert any(h.id == "E3" for h in services.knowledge.search("Cy Coder", doc_types=["profile"]))
    rows = (mini_folder / "employees.csv").read_text().splitlines()
    (mini_folder / "employees.csv").write_text(
        "\n".join(r for r in rows if not r.startswith("E3,"))
    )
    (mini_folder / "employee_skills.csv").write_text(
        "\n".join(
            r
            for r in (mini_folder / "employee_skills.csv").read_text().splitlines()
            if not r.startswith("E3,")
        )
    )
    load_folder(services.store, mini_folder, replace=True)
    # Something else changed too, so the sync has texts to embed; the embedder then dies.
    monkeypatch.setattr(
        services.knowledge.embedder,
        "embed",
        lambda texts: (_ for _ in ()).throw(RuntimeError("killed mid re-index")),
    )
    (mini_folder / "employees.csv").write_text(
        (mini_folder / "employees.csv").read_text().replace("Ben Builder", "Ben Changed")
    )
    load_folder(services.store, mini_folder)
    with pytest.raises(RuntimeError):
        services.knowledge.reindex()
    ids = {c.metadata["entity_id"] for c in services.knowledge.vectors.all()}
    assert "E3" not in ids and "E2" in ids  # the obsolete went first


def test_search_drops_hits_on_entities_the_store_no_longer_holds(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    services.knowledge.reindex()
    # A chunk left behind (by a crash, or a store restored from an older backup).
    ghost = StoredChunk(
        "profile:GHOST1:0",
        "Ghost Person, Python expert and Spark specialist",
        {"doc_type": "profile", "entity_id": "GHOST1", "title": "Ghost Person"},
    )
    services.knowledge.vectors.upsert([ghost], HashEmbedder().embed([ghost.text]))
    services.knowledge.index_changed()
    raw = services.knowledge.searcher.search("Ghost Person Python Spark", top_k=5)
    assert any(h.id == "GHOST1" for h in raw)  # it is in the index...
    shown = services.knowledge.search("Ghost Person Python Spark", top_k=5)
    assert shown and all(h.id != "GHOST1" for h in shown)  # ...and never shown


def test_a_reindex_elsewhere_moves_the_index_version_and_this_searcher_follows(
    tmp_path: Path, mini_folder: Path
) -> None:
    """Two services on one store and one (shared) index, as two processes would be."""
    one = sample_services(tmp_path, mini_folder)
    two = Services.from_settings(one.settings)
    two.knowledge.__dict__["vectors"] = one.knowledge.vectors  # the same index
    one.knowledge.reindex()
    assert not two.knowledge.search("quantum annealing", doc_types=["role"], top_k=1)[
        0
    ].chunk.count("quantum")
    version = one.store.index_version()
    (mini_folder / "job_descriptions" / "data-engineer.md").write_text(
        "---\nrole_id: data-engineer\n---\n# Data Engineer\n\n"
        "You will run our quantum annealing pipelines.\n"
    )
    one.ingestor.ingest(mini_folder)
    assert one.store.index_version() > version
    assert two.knowledge.searcher.is_stale()
    hit = two.knowledge.search("quantum annealing", doc_types=["role"], top_k=1)[0]
    assert hit.id == "data-engineer" and "quantum" in hit.chunk
    assert not two.knowledge.searcher.is_stale()


def test_snapshot_matrix_is_never_shared_with_a_later_build(tmp_path: Path) -> None:
    services = sample_services(tmp_path)
    services.knowledge.reindex()
    first = services.knowledge.searcher.snapshot()
    services.knowledge.index_changed()
    second = services.knowledge.searcher.snapshot()
    assert first is not second and first.key != second.key
    assert isinstance(first.matrix, np.ndarray) and len(first.chunks) == len(second.chunks)


def test_a_change_to_some_people_updates_them_without_reloading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from storage.directory import Sent

    services = sample_services(tmp_path)
    knowledge = services.knowledge
    before = knowledge.org()
    loads: list[Org] = []
    load = services.store.load_org
    monkeypatch.setattr(
        services.store, "load_org", lambda *a, **k: loads.append(load(*a, **k)) or loads[-1]
    )
    day = date(2026, 11, 22)
    dana = services.store.directory.user("E013", day).sent
    services.store.directory.replace_user(
        "E013", Sent(**{**dana.__dict__, "department": "HR", "active": False}), day
    )
    services.store.directory.create_user(Sent(user_name="zoe@x.example", display_name="Zoe"), day)
    after = knowledge.org()
    assert loads == []  # updated, not reloaded
    assert after is not before
    assert "E013" not in after.employees and "E013" in after.flow.people
    assert after.flow.people["E013"].department == "HR"
    assert any(e.name == "Zoe" for e in after.employees.values())
    assert knowledge.org() is after  # nothing changed since
    # a change that is not only some people's (a role's text) reloads the whole
    services.store.save_job_description("data-engineer", "Builds pipelines.", "jd.md")
    assert knowledge.org() is loads[-1] and len(loads) == 1


def test_an_import_that_changes_some_people_updates_them_without_reloading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.organisations import SAMPLE

    services = sample_services(tmp_path)
    knowledge = services.knowledge
    assert knowledge.org().employees["E013"].role_id == "data-engineer"
    loads: list[Org] = []
    load = services.store.load_org
    monkeypatch.setattr(
        services.store, "load_org", lambda *a, **k: loads.append(load(*a, **k)) or loads[-1]
    )
    folder = SAMPLE.parent / "hris" / "bamboohr"
    export = (folder / "employees_report.csv").read_text(encoding="utf-8")
    dana = "E013,Dana,Okafor,dana.okafor@kestrel-mutual.example,IT,Data,"
    export = export.replace(f"{dana}Data Engineer,", f"{dana}Senior Data Engineer,")
    mapping = (folder / "mapping.yaml").read_text(encoding="utf-8")
    services.import_hris(export.encode(), "report.csv", mapping, "mapping.yaml", False)
    assert knowledge.org().employees["E013"].role_id == "senior-data-engineer"
    assert loads == []  # one person changed: updated, not reloaded
    # a change that is not only some people's (a vacancy's) reloads the whole
    vacancy = [{"vacancy_id": "V-9001", "role_id": "data-engineer", "team": "Data",
                "opened": "2026-11-20", "status": "open"}]  # fmt: skip
    services.record_talent_flow("vacancies", vacancy)
    knowledge.org()
    assert len(loads) == 1


def test_chat_questions_are_read_by_the_packaged_model_whatever_embeds_the_index(
    tmp_path: Path,
) -> None:
    """The router's examples and thresholds were made with MiniLM: another model chosen for
    the index leaves how questions are understood as it was (the twin stays the twin)."""
    from core.settings import Settings
    from retrieval.knowledge import Knowledge

    folder = tmp_path / "another-model"
    folder.mkdir()
    (folder / "modules.json").write_text("[]")
    chosen = Knowledge(Settings(home=tmp_path, embedder=str(folder), vector_store="memory"))
    assert chosen.question_embedder.name == "minilm"
    endpoint = Settings(
        home=tmp_path,
        embedder="endpoint",
        embed_endpoint_url="http://127.0.0.1:9/v1",
        embed_endpoint_model="bge-m3",
        vector_store="memory",
    )
    assert Knowledge(endpoint).question_embedder.name == "minilm"
    twin = Knowledge(Settings(home=tmp_path, embedder="hash", vector_store="memory"))
    assert twin.question_embedder is twin.embedder
