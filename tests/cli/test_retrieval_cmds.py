"""`talent reindex`: after TALENT_EMBEDDER changes, search is refused with what to run, and
the rebuild makes it work again."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.settings import get_settings
from retrieval import embeddings
from retrieval.embeddings import HashEmbedder

runner = CliRunner()


class WideHash(HashEmbedder):
    name = "hash-wide"

    def __init__(self) -> None:
        super().__init__(dim=128)


def test_switching_models_is_refused_until_reindex(
    mini_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        embeddings.EMBEDDERS, "hash-wide", lambda _cache, _device, _batch: WideHash()
    )
    assert runner.invoke(app, ["load", str(mini_folder)]).exit_code == 0
    monkeypatch.setenv("TALENT_EMBEDDER", "hash-wide")
    get_settings.cache_clear()

    refused = runner.invoke(app, ["search", "python"])
    assert refused.exit_code != 0
    assert "Run `talent reindex`" in " ".join(refused.output.split())

    rebuilt = runner.invoke(app, ["reindex"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Rebuilt with hash-wide (128 dims)" in rebuilt.output
    assert runner.invoke(app, ["search", "python"]).exit_code == 0
    assert runner.invoke(app, ["reindex"]).exit_code == 0  # again: the same result
