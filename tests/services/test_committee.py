"""The committee pack on the sample organisation, as HTML and Markdown: each figure against
its target with its chart, the records behind the move, gaps, plans and the decisions log.
Expectations are worked out by hand from data/sample (tests/domain/test_talent_flow.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.errors import UserError
from services import Services
from services.committee import last_quarter, pack, previous_quarter, render
from tests.support.organisations import sample_services

runner = CliRunner()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    return sample_services(tmp_path_factory.mktemp("committee"))


def test_the_html_pack_for_2026q3(services: Services) -> None:
    html = render(pack(services, "2026Q3"), "html")
    assert "<h1>HR–IT committee pack, 2026Q3</h1>" in html
    # eleven figures (nine computed, cross-training participation among them, with no
    # programme yet; two recorded), each with its chart (the scorecard's spec as SVG) and table
    assert html.count("<svg") == 11 and html.count("<caption>") == 11
    # what moved and why: the issue's own example, on the sample's data
    assert "3 ML Engineer vacancies have been open over 90 days: V-2501 (576 days)" in html
    assert "Target at most 60 days by 2027-06-30" in html and "Sarah Goldberg (HR)" in html
    assert "Open a third ML Engineer vacancy" not in html.split("Followed up from 2026Q2")[0]
    followed = html.split("Followed up from 2026Q2")[1]
    assert "V-2605 opened on 2026-05-04" in followed  # last quarter's, with its follow-up
    assert "Fast-track the Security Engineer vacancy" in html  # this quarter's
    assert "<script" not in html


def test_the_markdown_pack_with_its_charts_beside_it(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    data = pack(services, "2026Q3")
    text = render(data, "md", "pack-charts")
    assert "### Time to fill (median)" in text and "| 2026Q3 | 74 days |" in text
    assert "![Time to fill (median) by quarter](pack-charts/time_to_fill_median_days.svg)" in text
    assert "- Target at least 90% by 2027-03-31: **on track**" in text  # retention, T-RET
    out.write_text(text)
    assert not re.search(r"<\w", text)  # no markup from stored text


def test_evaluators_get_the_pack_without_names(services: Services) -> None:
    html = render(pack(services, "2026Q3", names=False), "html")
    assert "Sarah Goldberg" not in html and "Yuki Nakamura" not in html
    assert "Target at most 60 days" in html


def test_quarters(services: Services) -> None:
    from datetime import date

    assert previous_quarter("2026Q1") == "2025Q4" and previous_quarter("2026Q3") == "2026Q2"
    assert last_quarter(date(2026, 11, 22)) == "2026Q3"
    assert last_quarter(date(2026, 9, 30)) == "2026Q3"
    with pytest.raises(UserError, match="has not ended"):
        pack(services, "2026Q4")
    with pytest.raises(UserError, match="not a quarter"):
        pack(services, "Q3-2026")


def test_the_cli_writes_html_and_markdown(
    tmp_path: Path, sample_folder: Path, monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    monkeypatch.setenv("TALENT_AS_OF", "2026-11-22")
    from core.settings import get_settings

    get_settings.cache_clear()
    assert runner.invoke(app, ["load", str(sample_folder), "--no-index"]).exit_code == 0
    html = tmp_path / "pack.html"
    result = runner.invoke(app, ["report", "committee", "--quarter", "2026Q3", "--out", str(html)])
    assert result.exit_code == 0, result.output
    assert html.read_text().count("<svg") == 11
    md = tmp_path / "out" / "pack.md"
    result = runner.invoke(app, ["report", "committee", "--out", str(md)])  # the last quarter
    assert result.exit_code == 0 and "2026Q3" in result.output
    assert len(list((tmp_path / "out" / "pack-charts").glob("*.svg"))) == 11
    printed = tmp_path / "pack.pdf"
    result = runner.invoke(
        app, ["report", "committee", "--quarter", "2026Q3", "--out", str(printed)]
    )
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(printed).pages)
    assert "HR–IT committee pack, 2026Q3" in text and "V-2501 (576 days)" in text
    bad = runner.invoke(app, ["report", "committee", "--out", str(tmp_path / "pack.docx")])
    assert bad.exit_code != 0 and ".html, .pdf or .md" in bad.output
