"""Writing results (results.json, report.md, a self-contained report.html), comparing two
runs, and checking thresholds for CI."""

from __future__ import annotations

import datetime as dt
import html
import json
import platform
import subprocess
from pathlib import Path
from typing import Any

from eval.runner import SuiteResult
from eval.understanding import confusion


def flat_metrics(suites: list[SuiteResult]) -> dict[str, float]:
    """{"qa.fact_recall": 0.97, "retrieval.hybrid.recall@5": 0.96, …}"""
    out: dict[str, float] = {}
    for suite in suites:
        for metric, value in suite.summary.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[f"{suite.name}.{metric}"] = float(value)
    return out


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _prompt_versions() -> dict[str, str]:
    from prompts import ROOT, version

    return {
        str(path.relative_to(ROOT)): version(str(path.relative_to(ROOT)))
        for path in sorted(ROOT.rglob("*.j2"))
    }


def _package_versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for name in ("talent-insights", "chromadb", "sentence-transformers", "langchain", "openai"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def results_document(suites: list[SuiteResult], config: dict[str, Any]) -> dict[str, Any]:
    return {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "versions": _package_versions(),
        "prompts": _prompt_versions(),
        "config": config,
        "metrics": flat_metrics(suites),
        "suites": [
            {"path": s.path, "kind": s.kind, "name": s.name, "summary": s.summary, "cases": s.cases}
            for s in suites
        ],
    }


def failing(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{s.get('name', s['kind'])}:{c['id']}": c
        for s in document["suites"]
        for c in s["cases"]
        if not c.get("passed", True)
    }


def markdown(document: dict[str, Any]) -> str:
    lines = [
        f"# Evaluation report — {document['config'].get('target', '')}",
        "",
        f"commit `{document['git_commit'][:12]}` · {document['created_at']} · model "
        f"`{document['config'].get('model', '')}`",
        "",
        "| metric | value |",
        "|---|---|",
    ]
    measured, judged = split_judge(document["metrics"])
    lines += [f"| {k} | {v:.4f} |" for k, v in sorted(measured.items())]
    if judged:
        judge = document["config"].get("judge") or {}
        lines += [
            "",
            f"## LLM judge (`{judge.get('model', '?')}`; a model's opinion, not a gate by default)",
            "",
            "| metric | value |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v:.4f} |" for k, v in sorted(judged.items())]
    failures = failing(document)
    lines += ["", f"## Failing cases ({len(failures)})", ""]
    for case_id, case in sorted(failures.items()):
        lines.append(f"- **{case_id}** {_diff_text(case)}")
    return "\n".join(lines) + "\n"


def split_judge(metrics: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """(deterministic metrics, the LLM judge's)."""
    judged = {k: v for k, v in metrics.items() if ".judge." in k}
    return {k: v for k, v in metrics.items() if k not in judged}, judged


def _bar(value: float) -> str:
    width = max(0.0, min(1.0, value)) * 200
    return (
        f"<svg width='200' height='12' role='img' aria-label='{value:.2f}'>"
        f"<rect width='{width:.0f}' height='12' fill='#2b6cb0'/></svg>"
    )


def _diff_text(case: dict[str, Any]) -> str:
    diff = {k: v for k, v in (case.get("diff") or {}).items() if v}
    return json.dumps(diff or case.get("error", ""), default=str)


def confusion_table(cases: list[dict[str, Any]]) -> str:
    """Expected capability (rows) × what the assistant answered (columns), as HTML."""
    matrix = confusion(cases)
    columns = sorted({answered for row in matrix.values() for answered in row})
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><th>{html.escape(expected)}</th>"
        + "".join(
            f"<td class='{'hit' if c == expected else 'miss' if row.get(c) else ''}'>"
            f"{row.get(c, '')}</td>"
            for c in columns
        )
        + "</tr>"
        for expected, row in matrix.items()
    )
    return f"<table class='confusion'><tr><th>expected ↓ answered →</th>{head}</tr>{body}</table>"


def html_report(document: dict[str, Any]) -> str:
    measured, judged = split_judge(document["metrics"])

    def rows_of(metrics: dict[str, float]) -> str:
        return "".join(
            f"<tr><td>{html.escape(k)}</td><td>{v:.4f}</td><td>{_bar(v)}</td></tr>"
            for k, v in sorted(metrics.items())
        )

    rows = rows_of(measured)
    judge_section = (
        f"<h2>LLM judge (a model's opinion, reported apart)</h2><table>{rows_of(judged)}</table>"
        if judged
        else ""
    )
    failures = "".join(
        f"<li><b>{html.escape(cid)}</b> <code>{html.escape(_diff_text(c))}</code></li>"
        for cid, c in sorted(failing(document).items())
    )
    config = html.escape(json.dumps(document["config"]))
    confusions = "".join(
        f"<h2>Understanding: confusion matrix ({html.escape(s['path'])})</h2>"
        + confusion_table(s["cases"])
        for s in document["suites"]
        if s["kind"] == "understanding"
    )
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>talent-insights eval"
        "</title><style>body{font:14px system-ui;margin:2em;max-width:60em}td{padding:2px 8px}"
        "table{border-collapse:collapse}tr:nth-child(odd){background:#f3f4f6}"
        ".confusion th{font-size:11px;text-align:left}.confusion td{text-align:center}"
        ".hit{background:#c6f6d5}.miss{background:#fed7d7}</style>"
        f"<h1>Evaluation report</h1><p>commit {html.escape(document['git_commit'][:12])} · "
        f"{html.escape(document['created_at'])} · config <code>{config}</code></p>"
        f"<h2>Metrics</h2><table>{rows}</table>{judge_section}{confusions}"
        f"<h2>Failing cases ({len(failing(document))})</h2><ul>{failures}</ul></html>"
    )


def write(document: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(document, indent=2, default=str), "utf-8")
    (out / "report.md").write_text(markdown(document), "utf-8")
    (out / "report.html").write_text(html_report(document), "utf-8")


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    keys = sorted(set(a["metrics"]) | set(b["metrics"]))
    deltas = {
        k: {
            "a": a["metrics"].get(k),
            "b": b["metrics"].get(k),
            "delta": (b["metrics"][k] - a["metrics"][k])
            if k in a["metrics"] and k in b["metrics"]
            else None,
        }
        for k in keys
    }
    newly_failing = sorted(set(failing(b)) - set(failing(a)))
    return {
        "metrics": deltas,
        "newly_failing": newly_failing,
        "fixed": sorted(set(failing(a)) - set(failing(b))),
    }


def check_thresholds(
    metrics: dict[str, float], minimums: dict[str, float], maximums: dict[str, float]
) -> list[str]:
    problems = []
    for name, floor in minimums.items():
        if name not in metrics:
            problems.append(f"{name}: not measured")
        elif metrics[name] < floor:
            problems.append(f"{name} = {metrics[name]:.4f} < {floor}")
    for name, ceiling in maximums.items():
        if name not in metrics:
            problems.append(f"{name}: not measured")
        elif metrics[name] > ceiling:
            problems.append(f"{name} = {metrics[name]:.4f} > {ceiling}")
    return problems


def ragas_rows(document: dict[str, Any], suites_folder: Path) -> list[dict[str, Any]]:
    """QA cases in the RAGAS dataset format: question, contexts, answer, ground_truth."""
    import yaml

    rows = []
    for suite in document["suites"]:
        if suite["kind"] != "qa":
            continue
        cases = {c["id"]: c for c in yaml.safe_load(Path(suite["path"]).read_text())["cases"]}
        for result in suite["cases"]:
            case = cases.get(result["id"], {})
            rows.append(
                {
                    "question": case.get("question", ""),
                    "contexts": result.get("contexts", []),
                    "answer": result.get("answer", ""),
                    "ground_truth": "; ".join(str(f) for f in case.get("expected_facts") or [])
                    or ("(refusal expected)" if case.get("expect_refusal") else ""),
                }
            )
    return rows
