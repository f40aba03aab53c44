"""Jobs on SQLite and PostgreSQL: one job of a kind runs at a time however many processes
try, a job whose process died goes back in line, and its files go when it ends."""

from __future__ import annotations

from pathlib import Path

from storage import schema
from storage.store import Store


def _job(store: Store, kind: str = "framework") -> str:
    job = store.jobs.create(kind, {"format": "native"}, [("skills.csv", b"x")], "test")
    assert job["state"] == "queued" and job["attempts"] == 0
    return str(job["job_id"])


def test_one_job_of_a_kind_runs_at_a_time(store: Store) -> None:
    first, second, other = _job(store), _job(store), _job(store, "document")
    assert store.jobs.start(first)
    assert not store.jobs.start(second), "a framework job runs already"
    assert store.jobs.start(other), "another kind is not held up"
    assert not store.jobs.start(first), "a running job is not started twice"
    store.jobs.finish(first, {"ok": True})
    assert store.jobs.start(second)
    assert [store.jobs.get(j)["state"] for j in (first, second)] == ["succeeded", "running"]


def test_a_finished_job_keeps_no_files(store: Store) -> None:
    job = _job(store)
    assert store.jobs.files(job) == [("skills.csv", b"x")]
    store.jobs.start(job)
    store.jobs.finish(job, None, ["skills.csv, line 2, field 'name': is empty"])
    assert store.jobs.files(job) == []
    failed = store.jobs.get(job)
    assert failed["state"] == "failed" and "line 2" in failed["errors"][0]


def test_a_job_whose_process_died_goes_back_in_line(store: Store) -> None:
    job = _job(store)
    assert store.jobs.start(job)
    with store.engine.begin() as conn:  # its process: one that no longer runs here
        conn.execute(
            schema.jobs.update()
            .values(owner=f"{_host()}:999999")
            .where(schema.jobs.c.job_id == job)
        )
    assert store.jobs.orphaned(stale_s=3600) == [job]
    store.jobs.requeue(job)
    assert store.jobs.start(job) and store.jobs.get(job)["attempts"] == 2


def _host() -> str:
    import socket

    return socket.gethostname()


def test_erasure_leaves_no_job_naming_the_person(tmp_path: Path) -> None:
    from tests.support.organisations import sample_services

    store = sample_services(tmp_path).store
    cv = (
        b"# Dana Okafor\n\nDana builds pipelines; reach her at dana.okafor@kestrel-mutual.example\n"
    )
    job = store.jobs.create(
        "document",
        {"format": "document", "kind": "profile", "entity_id": "E013"},
        [("dana-cv.md", cv)],
        "hr",
    )["job_id"]
    store.forget_employee("E013")
    assert store.jobs.files(job) == []
    kept = store.jobs.get(job)
    assert "E013" not in str(kept) and "Dana" not in str(kept)
