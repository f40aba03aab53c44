"""Stored initiatives: a text loaded again keeps its reviewed competencies, a new text is
read again, and erasure forgets who wrote or reviewed one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.native_folder import load_folder
from storage.store import Store

READ = [{"skill_id": "python", "level": 3, "importance": 5, "inferred": True}]
REVIEWED = [{"skill_id": "python", "level": 4, "importance": 5, "people": 1}]


def test_review_survives_the_same_text_and_a_new_text_is_read_again(
    store: Store, sample_folder: Path
) -> None:
    load_folder(store, sample_folder)
    args = ("bot", "Bot", "## Must have\n- Python\n", date(2027, 6, 30), ["Data"], READ)
    store.initiatives.save(*args, "api", "hr:E041")
    store.initiatives.review("bot", REVIEWED, "manager:E012")
    again, outcome = store.initiatives.save(*args, "api", "hr:E041")
    assert outcome == "unchanged" and again["competencies"][0]["level"] == 4
    changed, outcome = store.initiatives.save(
        "bot", "Bot", "## Must have\n- SQL\n", date(2027, 6, 30), ["Data"], READ, "api", "hr"
    )
    assert outcome == "updated" and changed["reviewed_by"] is None
    assert changed["competencies"] == READ


def test_erasure_forgets_who_wrote_and_reviewed_it(store: Store, sample_folder: Path) -> None:
    load_folder(store, sample_folder)
    store.initiatives.save(
        "bot", "Bot", "text", date(2027, 6, 30), ["Data"], READ, "api", "hr:E041"
    )
    store.initiatives.review("bot", REVIEWED, "manager:E012")
    store.forget_employee("E012")
    after = store.initiatives.get("bot")
    assert after["reviewed_by"] != "manager:E012" and "E012" not in str(after)
