"""The one place objects are wired: `Services.from_settings()` builds the store, the index
and search, the skill normaliser, ingestion, the analytics with their thresholds, the tool
context a caller's request runs in, and the assistant. The CLI, the API, the evaluation
harness and the tests all start here, so a default or a back end is chosen once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal

from agent.access import Caller
from agent.assistant import Assistant
from agent.capabilities import CATALOGUE
from agent.context import ToolContext
from agent.planner import Planner
from agent.rerank import LLMChooser, Rerank
from agent.router import router_for
from core import faults
from core.faults import crash_point
from core.settings import Settings, get_settings
from domain.advice import AdviceSettings
from domain.insights import Insights
from domain.models import Completion
from domain.org import Org
from domain.talent_flow import FlowSettings, Scope, TopTechnologists
from ingest.hris import load_mapping, read_hris
from ingest.service import Ingestor
from ingest.talent_flow import bundle_from_json
from retrieval.extract import Mention
from retrieval.knowledge import Knowledge
from services.charts import with_charts
from services.jobs import JobQueue, JobRunner, job_queue
from services.webhooks import NoWebhook, PlanWebhook, webhook_for
from storage.completions import CompletionReport
from storage.store import Counts, Store

log = logging.getLogger(__name__)
# How an import's report names the tables it wrote.
KIND_NAMES = {"skill_assertions": "assessments", "employment_events": "events"}


def insights_for(org: Org, settings: Settings) -> Insights:
    """The analytics over `org` with the thresholds from `settings`."""
    return Insights(
        org,
        ai_categories=settings.ai_categories,
        min_group_size=settings.min_group_size,
        max_mentees=settings.max_mentees_per_mentor,
        advice=AdviceSettings(
            hours_per_week=settings.default_hours_per_week, build_weeks=settings.build_weeks
        ),
        plan_weeks=settings.default_plan_weeks,
        readiness_threshold=settings.readiness_threshold,
        flow=FlowSettings(
            window_months=settings.flow_window_months,
            long_open_days=settings.long_open_days,
            top=TopTechnologists(
                level=settings.top_technologist_level,
                categories=tuple(settings.top_technologist_categories),
            ),
        ),
    )


@dataclass
class Services:
    settings: Settings
    store: Store
    knowledge: Knowledge
    ingestor: Ingestor
    assistant: Assistant = field(init=False)
    # A langchain chat model standing in for the configured endpoint (tests, demos).
    chat_model: Any | None = None

    def __post_init__(self) -> None:
        self._recovering = threading.Lock()
        self.assistant = Assistant(
            self.settings,
            self.context,
            self.store.conversations,
            self.knowledge.normaliser_match,
            self.planner,
            self.chat_model,
        )

    def planner(self) -> Planner:
        """The chat's planner; its router embeds the capabilities' examples once (cached on
        disk under TALENT_HOME/cache, so a new process loads them)."""
        router = router_for(
            CATALOGUE, self.knowledge.question_embedder, self.settings.home / "cache"
        )
        return Planner(router, self.settings.router_min_score, self.settings.router_margin)

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, *, chat_model: Any | None = None
    ) -> Services:
        settings = settings or get_settings()
        faults.arm(settings.crash_at)
        store = Store.from_settings(settings)
        knowledge = Knowledge(settings, store)
        return cls(settings, store, knowledge, Ingestor(store, knowledge), chat_model)

    def org(self) -> Org:
        return self.knowledge.org()

    def warm(self) -> None:
        """Load now what the first requests would otherwise wait for: the organisation,
        the embedding model and the search snapshot (seconds, from a Chroma server); then
        finish what a stopped process left."""
        self.knowledge.org()
        _ = self.knowledge.model_ready
        self.knowledge.searcher.snapshot()
        self.recover()

    def recover(self) -> int:
        """Finish the work stopped processes left (storage/pending.py): each abandoned row
        is claimed by one process, finished (job descriptions read, the index brought in
        step, erased data wiped) and crossed out. Returns how many were finished."""
        if not self._recovering.acquire(blocking=False):
            return 0  # this process is at it already
        finished = 0
        try:
            for work in self.store.pending.abandoned():
                if not self.store.pending.claim(work):
                    continue  # another process took it
                log.warning(
                    "finishing work a stopped process left",
                    extra={"kind": work.kind, "left_by": work.owner},
                )
                with self.store.pending.beating(work.id):
                    self.ingestor.finish(work.detail)
                self.store.pending.done(work.id)
                finished += 1
        finally:
            self._recovering.release()
        return finished

    def recover_in_background(self) -> None:
        """`recover` on a thread of its own (a probe must not wait for it)."""
        threading.Thread(target=self._recover_quietly, name="recover", daemon=True).start()

    def _recover_quietly(self) -> None:
        try:
            self.recover()
        except Exception:  # the next probe or start tries again; the row stays
            log.exception("finishing abandoned work failed")

    @cached_property
    def jobs(self) -> JobQueue:
        """Where long work runs (services/jobs.py); serving processes start it."""
        return job_queue(self.settings, JobRunner(self.store.jobs, self.ingestor))

    @cached_property
    def webhook(self) -> PlanWebhook | NoWebhook:
        """Where learning-plan events go (services/webhooks.py): a signed POST from a
        background thread to TALENT_PLAN_WEBHOOK_URL, or nowhere when it is empty."""
        return webhook_for(self.settings)

    def record_talent_flow(
        self, kind: Literal["vacancies", "events"], items: list[dict[str, Any]]
    ) -> Counts:
        """Vacancies or employment events sent as JSON: validated whole against the store,
        then upserted by id in one transaction (nothing is written on any error)."""
        bundle = bundle_from_json(kind, items, self.store.existing_state())
        report = self.store.apply(bundle)
        return report.counts["vacancies" if kind == "vacancies" else "employment_events"]

    def import_hris(
        self, content: bytes, name: str, mapping_text: str, mapping_name: str, dry_run: bool
    ) -> dict[str, Any]:
        """An HRIS export through its column mapping (ingest/hris.py): checked whole, then
        written in one transaction (or, `dry_run`, only counted). What it created, changed
        and left alone, per kind of record."""
        mapping = load_mapping(mapping_text, mapping_name)
        sides = (self.settings.hr_departments, self.settings.it_departments)
        read = read_hris(self.store, content, name, mapping, sides)
        report = self.store.apply(read.bundle, dry_run=dry_run)
        return {
            "export": name,
            "system": mapping.system,
            "rows": read.rows,
            "dry_run": dry_run,
            "records": {
                KIND_NAMES.get(table, table): {
                    "created": c.inserted,
                    "changed": c.updated,
                    "unchanged": c.unchanged,
                }
                for table, c in report.counts.items()
            },
            "changes": read.changes,
            "warnings": read.warnings,
        }

    def record_completions(
        self, completions: Sequence[Completion | str], source: str, dry_run: bool = False
    ) -> CompletionReport:
        """Completions an LMS reported (xAPI statements, a CSV export): kept, matched to a
        person and a catalogue resource, and the matching approved plan actions done."""
        return self.store.completions.record(completions, source, dry_run)

    def scorecard(
        self, as_of: date | None = None, scope: Scope | None = None, quarters: int = 8
    ) -> dict[str, Any]:
        """Every scorecard figure as a quarterly series to `as_of`, with its targets and their
        status (domain/scorecard.py). Targets and recorded series are the organisation's: a
        narrower scope shows its computed figures only."""
        scope = scope or Scope()
        whole = scope.everything
        repo = self.store.scorecard
        targets = [repo.as_target(r) for r in repo.targets()] if whole else []
        data = self.insights().scorecard(
            targets,
            repo.recorded() if whole else [],
            as_of,
            scope,
            quarters,
            self.store.plans.list() if whole else (),
            self.store.programmes.list() if whole else (),
        )
        return with_charts(data)

    def insights(self) -> Insights:
        return insights_for(self.knowledge.org(), self.settings)

    def context(self, caller: Caller) -> ToolContext:
        """What a caller's request runs in: their identity, the analytics, search, plans."""
        return ToolContext(
            caller,
            self.insights(),
            self.knowledge,
            self.store.plans,
            self.settings.currency,
            self.store.scorecard,
            self.store.programmes,
            self.store.initiatives,
        )

    def rerank(self) -> Rerank | None:
        """Skill extraction's optional LLM re-rank for one request, when an LLM is
        configured; it shares the chat's admission to the model (concurrency, breaker)."""
        if not self.settings.llm_base_url and self.chat_model is None:
            return None
        chooser = LLMChooser(self.settings, self.assistant.model_guard, self.chat_model)
        return Rerank(chooser, self.knowledge.normaliser)

    def extract_skills(
        self, text: str, rerank: bool = False
    ) -> tuple[list[Mention], dict[str, Any] | None]:
        """The skills `text` mentions and, when a re-rank was asked for, what became of it."""
        if not rerank:
            return self.knowledge.extract_skills(text), None
        reranker = self.rerank()
        if reranker is None:
            mentions = self.knowledge.extract_skills(text)
            return mentions, {
                "applied": False,
                "sentences": 0,
                "left_to_extractor": 0,
                "failure": "no LLM is configured (TALENT_LLM_BASE_URL)",
            }
        return self.knowledge.extract_skills(text, reranker), reranker.report()

    def forget_employee(self, employee_id: str) -> int:
        """Erase a person from the store and the index; returns the index chunks removed.
        Tracked work: a process killed between the two leaves it to be finished (the index
        re-synced and compacted), and the row says nothing of whom it was about."""
        with self.store.pending.tracked("erasure", {"infer": [], "index": True, "compact": True}):
            self.store.forget_employee(employee_id)
            crash_point("erasure.stored")
            return self.knowledge.forget_from_index(employee_id)

    def close(self) -> None:
        if "webhook" in self.__dict__:  # built: its queued events get a few seconds to go
            self.webhook.close()
        self.store.close()
