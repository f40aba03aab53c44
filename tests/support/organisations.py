"""Organisations for tests: the sample org and the mini org on disk, loaded into a fresh
store through the same wiring the service uses (`Services.from_settings`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.settings import Settings
from domain.insights import Insights
from domain.org import Org
from ingest.initiatives import read_initiatives
from ingest.native_folder import load_folder
from services import Services, insights_for

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
MINI = ROOT / "tests" / "fixtures" / "mini_org"
FIXTURES = ROOT / "tests" / "fixtures"
# The day the sample org's gold numbers were computed for.
SAMPLE_AS_OF = "2026-11-22"


def sample_services(
    home: Path,
    folder: Path = SAMPLE,
    *,
    chat_model: Any | None = None,
    initiatives: bool = False,
    **overrides: Any,
) -> Services:
    """The sample org in a fresh store under `home`, with the fast deterministic twins
    (hash embedder, in-memory vectors) unless overridden. Not indexed: call
    `services.knowledge.reindex()` where search is needed. `chat_model`: a langchain chat
    model standing in for the configured endpoint. `initiatives`: also store the AI
    initiatives (initiatives/*.md) as `talent load` does; reading them embeds the framework."""
    options: dict[str, Any] = {
        "home": home,
        "embedder": "hash",
        "vector_store": "memory",
        "as_of": SAMPLE_AS_OF,
        **overrides,
    }
    services = Services.from_settings(Settings(**options), chat_model=chat_model)
    load_folder(services.store, folder)
    if initiatives:
        teams = {e.team for e in services.store.employees()}
        services.ingestor.store_initiatives(read_initiatives(folder, teams))
    return services


def insights(org: Org, **settings: Any) -> Insights:
    """Analytics over `org` with the configured thresholds, `settings` overriding some
    (Settings field names: min_group_size, default_hours_per_week, build_weeks…)."""
    return insights_for(org, Settings(**settings))


def sample_org(as_of: str = SAMPLE_AS_OF) -> Org:
    """The sample organisation in memory, read from its folder (no store, no index)."""
    from datetime import date

    from ingest.native_folder import read_native_folder
    from storage.bundle import ExistingState

    bundle = read_native_folder(SAMPLE, ExistingState())
    return Org.build(
        bundle.skills or [],
        bundle.roles or [],
        bundle.employees or [],
        bundle.assertions or [],
        bundle.resources or [],
        as_of=date.fromisoformat(as_of),
        stale_after_months=Settings().stale_after_months,
        vacancies=bundle.vacancies or (),
        events=bundle.events or (),
    )
