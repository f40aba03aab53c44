"""Loading suite files (eval/suites/*.yaml) with a clear error for a malformed case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.errors import UserError

SUITES = Path(__file__).resolve().parent / "suites"


def load_suite(path: Path, kind: str) -> list[dict[str, Any]]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"{path}: cannot be read as YAML: {exc}") from None
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise UserError(f"{path}: expected a mapping with kind: {kind}")
    cases = document.get("cases")
    if not isinstance(cases, list) or not cases:
        raise UserError(f"{path}: 'cases' must be a non-empty list")
    for number, case in enumerate(cases, 1):
        if not isinstance(case, dict) or "id" not in case:
            raise UserError(f"{path}: case {number} must be a mapping with an id")
    return cases
