"""One `chroma run` server on loopback for the retrieval tests that need it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.servers import start_chroma_server


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = start_chroma_server(
        tmp_path_factory.mktemp("chroma-data"), tmp_path_factory.mktemp("chroma-log")
    )
    yield server.url
    server.stop()
