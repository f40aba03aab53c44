"""CLI commands for the index: ingest, index, search, skills match."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from cli.output import console, err_console, fail
from core.errors import TalentError, UserError
from ingest.documents import read_document
from retrieval.cached_embedder import CachedEmbedder
from retrieval.knowledge import Knowledge
from retrieval.search import MODES
from services import Services

skills_app = typer.Typer(help="The skills framework.", no_args_is_help=True)
DOC_TYPES = ("skill", "role", "profile", "resource")


def services() -> Services:
    return Services.from_settings()


def finish_left_work(s: Services) -> None:
    """Before changing anything, finish what a killed `talent` or server left undone."""
    finished = s.recover()
    if finished:
        console.print(f"Finished {finished} piece(s) of work a stopped process left undone.")


def reindex_with_progress(k: Knowledge) -> None:
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Indexing", total=None)

        def step(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = k.reindex(step)
    console.print(
        f"Index: {report.written} chunks written, {report.deleted} removed, "
        f"{report.unchanged} unchanged."
    )


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")


@contextmanager
def stages(first: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per stage of a long ingest (reading, embedding, indexing) with counts
    and rate; silent when the output is not a terminal."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: dict[str, TaskID] = {first: progress.add_task(first, total=None)}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                for task in tasks.values():
                    progress.update(task, visible=False)
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        yield report


def _queries(texts: list[str] | None, file: Path | None) -> list[str]:
    items = list(texts or [])
    if file is not None:
        try:
            items += [line.strip() for line in file.read_text("utf-8").splitlines() if line.strip()]
        except OSError as exc:
            raise UserError(f"{file}: cannot be read ({exc.strerror})") from None
    if not items:
        raise UserError("give at least one query (arguments or --queries FILE)")
    return items


def index() -> None:
    """Bring the search index in step with the store (only changed chunks are embedded),
    and train the framework's adaptation if it has none yet (a framework loaded before)."""
    try:
        k = services().knowledge
        with stages("Adapting to the framework") as progress:
            k.adapt(lambda done, total: progress("Adapting to the framework", done, total))
        reindex_with_progress(k)
    except TalentError as exc:
        raise fail(exc) from None


def reindex() -> None:
    """Rebuild everything embedded (the index, the framework's vectors) with the configured
    embedding model: after changing TALENT_EMBEDDER. Safe to run again after a failure."""
    try:
        s = services()
        finish_left_work(s)
        k = s.knowledge
        with stages("Embedding the framework") as progress:
            report = k.rebuild_for_embedder(
                lambda done, total: progress("Embedding the framework", done, total),
                lambda done, total: progress("Indexing", done, total),
                lambda done, total: progress("Adapting to the framework", done, total),
            )
        name, dim = k.check_embedder()
    except TalentError as exc:
        raise fail(exc) from None
    framework = k.framework_embedder
    embedded = framework.embedded if isinstance(framework, CachedEmbedder) else 0
    console.print(
        f"Rebuilt with {name} ({dim} dims): {embedded} framework texts embedded, "
        f"{report.written} chunks indexed.",
        highlight=False,
    )


def search(
    query: Annotated[
        list[str] | None, typer.Argument(help="Query text (words are joined).")
    ] = None,
    queries: Annotated[Path | None, typer.Option(help="A file with one query per line.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="skill, role, profile or resource")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=100)] = 5,
    mode: Annotated[str, typer.Option(help="hybrid, dense or bm25")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per query.")] = False,
) -> None:
    """Hybrid search over skills, roles and job descriptions, profiles and resources."""
    try:
        if type_ and type_ not in DOC_TYPES:
            raise UserError(f"--type must be one of {', '.join(DOC_TYPES)}")
        if mode not in MODES:
            raise UserError(f"--mode must be one of {', '.join(MODES)}")
        items = [" ".join(query)] if query else []
        items = _queries(items, queries)
        k = services().knowledge
        for text in items:
            hits = k.search(text, top, [type_] if type_ else None, mode)
            if as_json:
                typer.echo(
                    json.dumps(
                        {
                            "query": text,
                            "results": [
                                {
                                    key: h.to_dict()[key]
                                    for key in ("id", "type", "title", "score", "chunk")
                                }
                                for h in hits
                            ],
                        },
                        ensure_ascii=False,
                    )
                )
                continue
            table = Table(title=f"Search: {text}")
            for column in ("#", "type", "id", "title", "score", "best chunk"):
                table.add_column(column)
            for rank, h in enumerate(hits, 1):
                table.add_row(
                    str(rank),
                    h.type,
                    h.id,
                    h.title,
                    f"{h.score:.4f}",
                    h.chunk.replace("\n", " ")[:90],
                )
            console.print(table)
    except TalentError as exc:
        raise fail(exc) from None


@skills_app.command("match")
def skills_match(
    text: Annotated[
        list[str] | None, typer.Argument(help="Phrases or sentences to normalise.")
    ] = None,
    queries: Annotated[
        Path | None, typer.Option(help="A file with one phrase or sentence per line.")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=50)] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per text.")] = False,
) -> None:
    """Map phrases ("k8s", "5+ years PySpark") or sentences ("you will keep the stock
    records") to framework skills, or to no match. A sentence is ranked as `skills extract`
    ranks it."""
    try:
        items = _queries(text, queries)
        results = services().knowledge.match_skills(items, top)
    except TalentError as exc:
        raise fail(exc) from None
    for result in results:
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            best = ", ".join(f"{sid} {score:.2f}" for sid, _name, score in result.results)
            read_as = "  [dim](sentence)[/]" if result.read_as == "sentence" else ""
            console.print(
                f"{result.query!r}{read_as} → [bold]{result.match or 'no match'}[/]   ({best})",
                highlight=False,
            )


def _is_file(argument: str) -> bool:
    try:
        return "\n" not in argument and Path(argument).is_file()
    except OSError:  # a sentence longer than a file name can be
        return False


@skills_app.command("extract")
def skills_extract(
    text: Annotated[str, typer.Argument(help="A sentence, or a file (.md, .txt, .docx, .pdf).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per mention.")] = False,
    rerank: Annotated[
        bool,
        typer.Option(
            "--rerank",
            help="Let the configured LLM choose among each sentence's best candidates.",
        ),
    ] = False,
) -> None:
    """The skills a sentence or a whole job description mentions, each with its words and a
    score: "named" where a skill's name or alias appears, "matched" where the extractor
    reads one, "chosen" where the LLM re-rank chose it among the extractor's candidates."""
    try:
        if _is_file(text):
            text = read_document(Path(text)).text
        mentions, reranked = services().extract_skills(text, rerank=rerank)
    except TalentError as exc:
        raise fail(exc) from None
    # What became of the re-rank goes to stderr, so --json stays one mention per line.
    if reranked and reranked.get("failure"):
        err_console.print(f"re-rank not applied: {reranked['failure']}", highlight=False)
    elif reranked:
        err_console.print(
            f"re-ranked by the model: {reranked['sentences']} sentence(s)", highlight=False
        )
    if as_json:
        for mention in mentions:
            typer.echo(json.dumps(mention.to_dict(), ensure_ascii=False))
        return
    if not mentions:
        console.print("No skill of the framework is mentioned.")
        return
    table = Table("skill", "name", "score", "how", "words")
    for m in mentions:  # as plain text: a document's words are never markup
        table.add_row(Text(m.skill_id), Text(m.name), f"{m.score:.2f}", m.how, Text(m.span))
    console.print(table)


def ingest(
    path: Annotated[Path, typer.Argument(help="A folder or a document file.")],
    format_: Annotated[
        str, typer.Option("--format", help="auto, native, esco, onet, document")
    ] = "auto",
    kind: Annotated[
        str, typer.Option(help="For documents: auto, job_description, profile")
    ] = "auto",
    role: Annotated[str | None, typer.Option(help="Role id for a job description.")] = None,
    employee: Annotated[str | None, typer.Option(help="Employee id for a profile.")] = None,
    replace: Annotated[bool, typer.Option(help="Native folders: full sync.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Ingest a native folder, an ESCO or O*NET export, or JD/profile documents; then index."""
    if role and employee:
        raise fail(UserError("give --role or --employee, not both"))
    if role:
        kind = "job_description" if kind == "auto" else kind
    if employee:
        kind = "profile" if kind == "auto" else kind
    try:
        s = services()
        finish_left_work(s)
        ingestor = s.ingestor
        with stages(f"Reading {path.name}") as progress:
            report = ingestor.ingest(
                path, format_, kind, role or employee, replace, progress=progress
            )
    except TalentError as exc:
        raise fail(exc) from None
    summary: dict[str, Any] = {
        "path": report.path,
        "format": report.format,
        "loaded": {kind: vars(c) for kind, c in report.load.counts.items()} if report.load else {},
        "documents": report.documents,
        "inferred_requirements": report.inferred,
        "index": vars(report.index) if report.index else None,
        "warnings": [*(report.load.warnings if report.load else []), *report.warnings],
    }
    if as_json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    console.print(f"Ingested {path} as {report.format}.")
    for kind_, counts in summary["loaded"].items():
        console.print(f"  {kind_}: {counts}")
    for document in report.documents:
        console.print(f"  document {document}")
    for role_id, found in report.inferred.items():
        console.print(f"  inferred requirements for {role_id} (review them):")
        for q in found:
            console.print(
                f"    {q['skill_id']} level {q['level']} importance {q['importance']} "
                f"confidence {q['confidence']:.2f} ← “{q['evidence'][:70]}”",
                highlight=False,
            )
    if report.index:
        console.print(f"  index: {vars(report.index)}")
    for warning in summary["warnings"]:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(index)
    app.command()(reindex)
    app.command()(search)
    app.add_typer(skills_app, name="skills")
