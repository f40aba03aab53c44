"""The `talent` command, run in-process through Typer's runner."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from services import Services

runner = CliRunner()


def test_load_prints_counts_then_reports_nothing_changed(mini_folder: Path, settings) -> None:  # type: ignore[no-untyped-def]
    first = runner.invoke(app, ["load", str(mini_folder)])
    assert first.exit_code == 0, first.output
    assert "employees" in first.output and "skill_assertions" in first.output
    second = runner.invoke(app, ["load", str(mini_folder)])
    assert second.exit_code == 0
    assert "Nothing changed" in second.output


def test_load_of_bad_folder_exits_2_with_the_location(mini_folder: Path) -> None:
    target = mini_folder / "employees.csv"
    target.write_text(target.read_text().replace("2020-06-15", "15/06/2020"))
    result = runner.invoke(app, ["load", str(mini_folder)])
    assert result.exit_code == 2
    assert "employees.csv, line 3, field 'hire_date'" in result.output


def test_generate_then_load_is_reproducible(tmp_path: Path, sample_folder: Path, settings) -> None:  # type: ignore[no-untyped-def]
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    for out in (out_a, out_b):
        result = runner.invoke(
            app,
            [
                "generate",
                "--employees",
                "250",
                "--seed",
                "3",
                "--framework",
                str(sample_folder),
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
    for name in ("employees.csv", "employee_skills.csv"):
        assert (out_a / name).read_bytes() == (out_b / name).read_bytes()
    loaded = runner.invoke(app, ["load", str(out_a)])
    assert loaded.exit_code == 0, loaded.output
    store = Services.from_settings(settings).store
    employees = store.employees()
    assert len(employees) == 250
    ids = {e.employee_id for e in employees}
    assert all(e.manager_id is None or e.manager_id in ids for e in employees)
    assert store.counts()["skill_assertions"] > 250


def test_generate_can_pad_the_framework_with_skills(
    tmp_path: Path, sample_folder: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "big"
    result = runner.invoke(
        app,
        [
            "generate",
            "--employees",
            "50",
            "--skills",
            "120",
            "--framework",
            str(sample_folder),
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["load", str(out)]).exit_code == 0
    store = Services.from_settings(settings).store
    assert store.counts()["skills"] == 120
    required = {q.skill_id for r in store.roles() for q in r.requirements}
    assert {s.skill_id for s in store.skills() if s.skill_id.startswith("gen-")} <= required


def test_forget_employee(mini_folder: Path, settings) -> None:  # type: ignore[no-untyped-def]
    runner.invoke(app, ["load", str(mini_folder)])
    result = runner.invoke(app, ["forget", "employee", "E2"])
    assert result.exit_code == 0, result.output
    assert "E2" not in {e.employee_id for e in Services.from_settings(settings).store.employees()}
    again = runner.invoke(app, ["forget", "employee", "E2"])
    assert again.exit_code == 2 and "no employee 'E2'" in again.output


def test_info_shows_counts(mini_folder: Path) -> None:
    runner.invoke(app, ["load", str(mini_folder)])
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0
    assert "skill_assertions" in result.output and " 8" in result.output


def test_search_and_skills_match_json_lines(mini_folder: Path, tmp_path: Path) -> None:
    import json

    assert runner.invoke(app, ["load", str(mini_folder)]).exit_code == 0
    queries = tmp_path / "q.txt"
    queries.write_text("Spark pipelines\nPython course\n")
    result = runner.invoke(app, ["search", "--queries", str(queries), "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"] for line in lines] == ["Spark pipelines", "Python course"]
    assert set(lines[0]["results"][0]) == {"id", "type", "title", "score", "chunk"}
    typed = runner.invoke(app, ["search", "Python", "course", "--type", "resource", "--json"])
    assert {r["type"] for r in json.loads(typed.output)["results"]} == {"resource"}
    match = runner.invoke(app, ["skills", "match", "K8s", "pyspark", "--top", "2", "--json"])
    rows = [json.loads(line) for line in match.output.splitlines()]
    assert [(r["query"], r["match"]) for r in rows] == [
        ("K8s", "kubernetes"),
        ("pyspark", "apache-spark"),
    ]
    # An exact name is listed first; others only when spelled alike (none is, for K8s).
    assert len(rows[0]["results"]) == 1 and set(rows[0]["results"][0]) == {
        "skill_id",
        "name",
        "score",
    }
    # A sentence is ranked as `skills extract` ranks it, and says so.
    said = "Every week you will tune the PySpark jobs of the claims data platform."
    sentence = runner.invoke(app, ["skills", "match", said, "--json"])
    row = json.loads(sentence.output)
    assert row["read_as"] == "sentence" and row["match"] == "apache-spark", row
    assert rows[0]["read_as"] == "phrase"
    shown = runner.invoke(app, ["skills", "match", said])
    assert "(sentence)" in shown.output and "apache-spark" in shown.output
    bad = runner.invoke(app, ["search", "x", "--type", "planet"])
    assert bad.exit_code == 2 and "--type must be one of" in bad.output


def test_forget_reports_index_removal(mini_folder: Path) -> None:
    runner.invoke(app, ["load", str(mini_folder)])
    result = runner.invoke(app, ["forget", "employee", "E3"])
    assert result.exit_code == 0
    assert "1 chunks left the search index" in " ".join(result.output.split())


def test_ask_json(sample_folder: Path) -> None:
    import json

    assert runner.invoke(app, ["load", str(sample_folder)]).exit_code == 0
    result = runner.invoke(
        app, ["ask", "What", "are", "my", "gaps?", "--as", "E013", "--role", "employee", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert {"answer", "citations", "data", "grounding", "degraded", "intent"} <= set(body)
    assert body["intent"] == "person_gaps" and body["data"]["employee_id"] == "E013"
    assert body["ai_generated"] is True and body["degraded"] is False
    bad = runner.invoke(app, ["ask", "hi", "--role", "manager"])
    assert bad.exit_code == 2 and "must be bound to an employee id" in bad.output


def test_skills_extract_reads_a_sentence_or_a_file(mini_folder: Path, tmp_path: Path) -> None:
    import json

    assert runner.invoke(app, ["load", str(mini_folder)]).exit_code == 0
    sentence = runner.invoke(app, ["skills", "extract", "We use Python and k8s daily.", "--json"])
    assert sentence.exit_code == 0, sentence.output
    mentions = [json.loads(line) for line in sentence.output.splitlines()]
    assert {(m["skill_id"], m["span"]) for m in mentions} == {
        ("python", "Python"),
        ("kubernetes", "k8s"),
    }
    jd = tmp_path / "jd.md"
    jd.write_text("# Engineer\n\n- Python for pipelines\n- Kubernetes in production\n")
    from_file = runner.invoke(app, ["skills", "extract", str(jd)])
    assert from_file.exit_code == 0 and "python" in from_file.output
    assert "kubernetes" in from_file.output
    nothing = runner.invoke(app, ["skills", "extract", "We offer a gym."])
    assert nothing.exit_code == 0 and "No skill" in nothing.output
    # --rerank without an LLM: the extractor answers, and says the model was not asked
    asked = runner.invoke(app, ["skills", "extract", "We use Python daily.", "--rerank", "--json"])
    assert asked.exit_code == 0
    assert "re-rank not applied: no LLM is configured" in asked.stderr
    assert [json.loads(line)["skill_id"] for line in asked.stdout.splitlines()] == ["python"]
