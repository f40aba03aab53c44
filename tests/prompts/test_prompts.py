"""Answer templates: each is versioned and refuses missing variables."""

from __future__ import annotations

import jinja2
import pytest

from prompts import ROOT, render, version


def test_every_template_declares_a_version() -> None:
    names = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "answers").glob("*.j2"))
    assert len(names) >= 10
    for name in names:
        assert version(name).startswith(name.removesuffix(".j2") + "@")


def test_missing_variables_are_errors_not_blanks() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("answers/refusal.j2")
    assert render("answers/refusal.j2", reason="no.") == "I can't answer that: no."


def test_percent_filter() -> None:
    data = {"name": "X", "min_mentor_level": 4, "mentors": []}
    assert "level 4+" in render("answers/mentors.j2", d=data)
