"""scorecard.yaml in a native folder: the sample's targets, series and decisions load (and
load again unchanged); every bad value is named by file, line and field, nothing stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.native_folder import ImportFailed, load_folder
from storage.store import Store
from tests.ingest.test_native_folder import dump
from tests.support.organisations import SAMPLE


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "org"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("job_descriptions"))
    return target


def test_the_sample_scorecard_loads_once(store: Store, folder: Path) -> None:
    report = load_folder(store, folder)
    assert (report.counts["targets"].inserted, report.counts["decisions"].inserted) == (7, 5)
    assert report.counts["recorded_values"].inserted == 16  # two series, eight quarters each
    targets = {t["target_id"]: t for t in store.scorecard.targets()}
    assert targets["T-ENG"]["direction"] == "at_least"  # from the recorded series
    assert targets["T-TTF"]["direction"] == "at_most"  # time to fill: lower is better
    assert (targets["T-TTF"]["hr_owner"], targets["T-TTF"]["it_owner"]) == ("E048", "E001")
    history = store.scorecard.history("T-TTF")
    assert history[0]["changed_by"] == "load:scorecard.yaml" and history[0]["before"] is None
    again = load_folder(store, folder)
    assert not again.changed


BAD = [
    ("hr_owner: E048   # Sarah", "hr_owner: E012   # Sarah", "hr_owner", "not HR"),
    ("it_owner: E001   # Aisha", "it_owner: E999   # Aisha", "it_owner", "unknown employee 'E999'"),
    ("figure: open_longer", "figure: open_roles", "figure", "unknown figure 'open_roles'"),
    ("value: 0.9\n", "value: ninety\n", "value", "'ninety' is not a number"),
    ("due: 2027-03-31\n    hr_owner: E041", "due: 2027-02-30\n    hr_owner: E041", "due",
     "not a date"),
    ("2025Q2: 0.65", "2025Q5: 0.65", "values", "'2025Q5' is not a quarter"),
    ("target_id: T-INT", "target_id: T-RET", "target_id", "'T-RET' repeats line"),
    ("quarter: 2026Q3\n    text: Fast", "quarter: Q3-2026\n    text: Fast", "quarter",
     "not a quarter"),
    ("status: open\n  - decision_id: D-2026Q2-3", "status: pending\n  - decision_id: D-2026Q2-3",
     "status", "must be one of"),
    ("owner: E025\n    due: 2026-12-31", "owner: E0250\n    due: 2026-12-31", "owner",
     "unknown employee"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "field", "why"), BAD)
def test_a_bad_value_is_named_and_nothing_is_stored(
    store: Store, folder: Path, old: str, new: str, field: str, why: str
) -> None:
    load_folder(store, folder)
    path = folder / "scorecard.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r}"
    line = text[: text.index(old)].count("\n") + 1 + old[: old.find(field)].count("\n")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = dump(store)
    with pytest.raises(ImportFailed) as info:
        load_folder(store, folder)
    message = str(info.value)
    assert f"scorecard.yaml, line {line}, field '{field}'" in message and why in message, message
    assert dump(store) == before
