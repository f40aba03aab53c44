"""Suites that bring their own data: a `setup` loads an organisation and documents into a
throw-away store, and the suite's cases are asked there, never in the store under evaluation.

    setup:
      organisation: ../../data/sample      # a native folder, relative to the suite file
      documents:                            # uploaded as the API uploads them
        - {kind: job_description, entity_id: onboarding-coordinator, file: injected/a.md}

The injection suite needs it: documents that carry instructions, which nobody wants in the
store a demo or a deployment answers from. The models are the evaluated service's own.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.errors import UserError
from services import Services

DOCUMENT_KEYS = {"kind", "entity_id", "file"}


@contextmanager
def prepared(services: Services, document: dict[str, Any], path: Path) -> Iterator[Services]:
    """`services` itself when the suite has no setup; else services over a throw-away store
    holding what the setup names, with the same settings and models."""
    setup = document.get("setup")
    if not setup:
        yield services
        return
    if not isinstance(setup, dict) or not setup.get("organisation"):
        raise UserError(f"{path}: 'setup' needs an 'organisation' folder")
    folder = (path.parent / str(setup["organisation"])).resolve()
    with tempfile.TemporaryDirectory(prefix="talent-eval-") as home:
        settings = services.settings.model_copy(
            update={
                "home": Path(home),
                "database_url": "",
                "chroma_url": "",
                "vector_store": "memory",
            }
        )
        scratch = Services.from_settings(settings, chat_model=services.chat_model)
        try:
            scratch.ingestor.ingest(folder, "native", index=False)
            for number, item in enumerate(setup.get("documents") or [], 1):
                if not isinstance(item, dict) or set(item) != DOCUMENT_KEYS:
                    raise UserError(
                        f"{path}: setup document {number} needs exactly "
                        f"{', '.join(sorted(DOCUMENT_KEYS))}"
                    )
                scratch.ingestor.ingest(
                    path.parent / str(item["file"]),
                    "document",
                    str(item["kind"]),
                    str(item["entity_id"]),
                    index=False,
                    front_matter_decides=False,
                )
            scratch.knowledge.reindex()
            yield scratch
        finally:
            scratch.close()
