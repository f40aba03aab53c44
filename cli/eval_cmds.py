"""`talent eval`: run suites, write reports, compare runs, gate CI on thresholds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from cli.output import console, fail
from core.errors import TalentError, UserError
from core.settings import get_settings
from eval import report as reports
from eval.judge import OpenAICompatibleJudge, prompt_versions
from eval.runner import InProcess, Live, load, run_suite
from services import Services

eval_app = typer.Typer(help="Evaluation suites, reports and CI gates.", no_args_is_help=True)


def _pairs(items: list[str] | None, what: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        name, _, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise UserError(f"{what} takes METRIC=VALUE, got '{item}'") from None
    return out


@eval_app.command("run")
def run(
    suites: Annotated[list[Path], typer.Argument(help="Suite files (eval/suites/*.yaml).")],
    out: Annotated[Path, typer.Option(help="Where to write the reports.")] = Path("var/eval"),
    url: Annotated[str | None, typer.Option(help="Evaluate a deployment instead.")] = None,
    key: Annotated[
        list[str] | None, typer.Option(help="With --url: ROLE[:EMPLOYEE]=API_KEY, repeatable.")
    ] = None,
    minimum: Annotated[list[str] | None, typer.Option("--min", help="METRIC=VALUE floor.")] = None,
    maximum: Annotated[
        list[str] | None, typer.Option("--max", help="METRIC=VALUE ceiling.")
    ] = None,
    judge_url: Annotated[
        str | None,
        typer.Option(
            help="Also grade QA answers with an LLM judge at this OpenAI-compatible URL "
            "(default: TALENT_JUDGE_BASE_URL; empty means no judge)."
        ),
    ] = None,
    judge_model: Annotated[
        str | None, typer.Option(help="The judge's model (default: TALENT_JUDGE_MODEL).")
    ] = None,
) -> None:
    """Run suites; exit 1 when a threshold is missed."""
    settings = get_settings()
    try:
        judge_base = judge_url if judge_url is not None else settings.judge_base_url
        judge = (
            OpenAICompatibleJudge(
                judge_base,
                judge_model or settings.judge_model or settings.llm_model,
                settings.judge_api_key,
                settings.judge_timeout_s,
                settings.judge_response_format,
            )
            if judge_base
            else None
        )
        floors, ceilings = _pairs(minimum, "--min"), _pairs(maximum, "--max")
        services = Services.from_settings(settings)
        knowledge = services.knowledge
        target = (
            Live(url, {k.split("=", 1)[0]: k.split("=", 1)[1] for k in key or []})
            if url
            else InProcess(services)
        )
        total = sum(len(load(p)["cases"]) for p in suites)
        results = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Evaluating", total=total)
            for path in suites:
                results.append(
                    run_suite(
                        path,
                        target,
                        knowledge,
                        lambda: progress.advance(task),
                        judge,
                        services.rerank if settings.llm_base_url else None,
                    )
                )
    except TalentError as exc:
        raise fail(exc) from None
    config = {
        "target": url or target.name,
        "model": settings.llm_model if settings.llm_base_url else "offline-planner",
        "embedder": settings.embedder,
        "as_of": str(settings.as_of),
        "suites": [str(p) for p in suites],
        "judge": {
            "url": judge.base_url,
            "model": judge.model,
            "response_format": judge.response_format,
            "prompts": prompt_versions(),
        }
        if judge
        else None,
    }
    document = reports.results_document(results, config)
    reports.write(document, out)
    table = Table(title=f"Evaluation ({config['model']}) → {out}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in sorted(document["metrics"].items()):
        table.add_row(name, f"{value:.4f}")
    console.print(table)
    failures = int(document["metrics"].get("qa.judge.failures", 0))
    if failures:
        console.print(f"[yellow]judge failures:[/] {failures} grades not given (see results.json)")
    problems = reports.check_thresholds(document["metrics"], floors, ceilings)
    for problem in problems:
        console.print(f"[red]threshold missed:[/] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)


@eval_app.command("compare")
def compare(
    run_a: Annotated[Path, typer.Argument(help="A results.json or its folder.")],
    run_b: Annotated[Path, typer.Argument(help="A results.json or its folder.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Per-metric deltas and newly failing cases between two runs."""

    def read(path: Path) -> dict[str, object]:
        file = path / "results.json" if path.is_dir() else path
        try:
            return dict(json.loads(file.read_text("utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise fail(UserError(f"{file}: not a results.json ({exc})")) from None

    diff = reports.compare(read(run_a), read(run_b))
    if as_json:
        typer.echo(json.dumps(diff, indent=2))
        return
    table = Table(title="B − A")
    for column in ("metric", "A", "B", "delta"):
        table.add_column(column)
    for name, row in diff["metrics"].items():
        delta = row["delta"]
        table.add_row(
            name,
            f"{row['a']:.4f}" if row["a"] is not None else "–",
            f"{row['b']:.4f}" if row["b"] is not None else "–",
            f"{delta:+.4f}" if delta is not None else "–",
        )
    console.print(table)
    console.print(f"Newly failing: {', '.join(diff['newly_failing']) or 'none'}")


@eval_app.command("export-ragas")
def export_ragas(
    run_dir: Annotated[Path, typer.Argument(help="A results.json or its folder.")],
    out: Annotated[Path, typer.Option(help="JSON Lines file to write.")] = Path("ragas.jsonl"),
) -> None:
    """Export the QA cases with contexts and answers in the RAGAS dataset format."""
    file = run_dir / "results.json" if run_dir.is_dir() else run_dir
    try:
        document = json.loads(file.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise fail(UserError(f"{file}: not a results.json ({exc})")) from None
    rows = reports.ragas_rows(document, file.parent)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    console.print(f"Wrote {len(rows)} rows (question, contexts, answer, ground_truth) to {out}")
