"""The retrieval service: the store, the index, search and normalisation, wired from Settings.

Heavy parts (the embedding model, Chroma, the BM25 index) are created on first use and
kept for the life of the process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import numpy as np

from core.errors import UserError
from core.faults import crash_point
from core.settings import Settings
from domain.models import Skill
from domain.org import Org
from retrieval.adaptation import MIN_SKILLS, Adaptation, pseudo_sentences, train
from retrieval.cached_embedder import CachedEmbedder
from retrieval.embeddings import Embedder, MiniLMEmbedder, embedder_for, get_embedder
from retrieval.endpoint_embedder import EndpointEmbedder
from retrieval.extract import Choose, Mention, extract_skills, match_texts
from retrieval.indexer import Indexer, IndexReport
from retrieval.normalise import MatchResult, SkillNormaliser, saved_name
from retrieval.search import HybridSearcher, SearchHit, build_filter
from retrieval.vectorstore import VectorStore, open_vector_store
from storage.store import Store

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


# Past this many people changed since the last load, one reload is cheaper than updating.
INCREMENTAL_LIMIT = 5_000
# What made the vectors of a store from before models were recorded: the only model then.
UNRECORDED = (MiniLMEmbedder.name, MiniLMEmbedder.dim)


class Knowledge:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = store or Store.from_settings(settings)
        self._org: Org | None = None
        self._org_version = -1
        self._org_lock = threading.Lock()

    @cached_property
    def embedder(self) -> Embedder:
        return embedder_for(self.settings)

    @cached_property
    def question_embedder(self) -> Embedder:
        """What reads chat questions (agent/router.py): the packaged MiniLM, whatever model
        embeds the index. The router's examples, its two thresholds and the understanding
        suite's gate were all made with it, and a question is matched against examples,
        never against the index. The deterministic twin stays the twin."""
        if self.settings.embedder == "hash":
            return self.embedder
        return get_embedder(
            "minilm",
            self.settings.home / "cache",
            self.settings.embed_device,
            self.settings.embed_batch_size,
        )

    @cached_property
    def model_ready(self) -> bool:
        """Loads the embedding model now, once (models load on first use): a process that
        says it is ready doesn't make its first request wait for the model."""
        self.embedder.embed(["ready"])
        if self.question_embedder is not self.embedder:
            self.question_embedder.embed(["ready"])
        return True

    @cached_property
    def vectors(self) -> VectorStore:
        return open_vector_store(
            self.settings.home, self.settings.chroma_url, self.settings.vector_store
        )

    @cached_property
    def framework_embedder(self) -> Embedder:
        """For framework texts (never a person's): each embedded once, kept in the store,
        loaded by every later process. The deterministic twin is cheaper than the store."""
        self.check_embedder()
        if self.embedder.name == "hash":
            return self.embedder
        return CachedEmbedder(self.embedder, self.store.text_vectors)

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.vectors, self.embedder, self.framework_embedder)

    @cached_property
    def searcher(self) -> HybridSearcher:
        self.check_embedder()
        return HybridSearcher(self.vectors, self.embedder, self.store.index_version)

    # ------------------------------------------------------------------ which model

    def check_embedder(self) -> tuple[str, int]:
        """The model that made the index's and the framework's vectors, refused unless it
        is the configured one: vectors of two models side by side compare as noise. The
        first process to embed into an empty home records its model; a home from before
        models were recorded was made by MiniLM."""
        recorded = self.store.embedder_record()
        if recorded is None:
            embedded = self.store.text_vectors.any() or self.vectors.count() > 0
            claim = UNRECORDED if embedded else (self.embedder.name, self.embedder.dim)
            recorded = self.store.record_embedder(*claim, replace=False)
        name, dim = recorded
        if name != self.embedder.name:
            raise UserError(
                f"the index and the framework's vectors were made by '{name}' ({dim} dims); "
                f"TALENT_EMBEDDER now names '{self.embedder.name}'. Run `talent reindex` to "
                f"rebuild them with {self.embedder.name} (or set TALENT_EMBEDDER back)"
            )
        if isinstance(self.embedder, EndpointEmbedder):
            self.embedder.expect_dim(dim)  # the same name may come to serve another model
        return recorded

    def rebuild_for_embedder(
        self,
        framework: Progress | None = None,
        index: Progress | None = None,
        adapting: Progress | None = None,
    ) -> IndexReport:
        """Everything embedded, made again with the configured model (`talent reindex`):
        the index emptied first, then the model recorded, so a crash at any point leaves
        no vectors of two models together, and running it again finishes the work. The
        framework's texts are embedded anew (vectors of other models stay in the store,
        keyed by their model, for switching back)."""
        self.vectors.clear()
        self.store.bump_index_version()  # serving processes drop what they held
        crash_point("rebuild.cleared")
        self.store.record_embedder(self.embedder.name, self.embedder.dim)
        for name in ("framework_embedder", "indexer"):
            self.__dict__.pop(name, None)
        self.reset_normaliser()
        with self.reporting(framework):
            _ = self.normaliser
        self.adapt(adapting)  # the framework's adaptation is the model's: trained anew
        return self.reindex(index)

    @cached_property
    def normaliser(self) -> SkillNormaliser:
        """The framework's matcher, with its adaptation when one was trained (at ingest or
        `talent reindex`; never here: training takes minutes, a request must not)."""
        skills = self.store.skills()
        normaliser = SkillNormaliser(
            skills,
            self.framework_embedder,
            self.settings.match_threshold,
            query_embedder=self.embedder,
            saved=self.settings.home / "cache" / saved_name(skills, self.embedder.name),
        )
        if self.settings.adapt_framework:
            normaliser.adapt(Adaptation.load(self._adaptation_path(skills)))
        return normaliser

    def _adaptation_path(self, skills: Sequence[Skill]) -> Path:
        return self.settings.home / "cache" / saved_name(skills, self.embedder.name, "adaptation")

    def adapt(self, progress: Progress | None = None) -> Adaptation | None:
        """Train the framework's adaptation (retrieval/adaptation.py) when there is none
        for this framework and model, keep it beside the normaliser's matrices, and use it.
        A framework of fewer than MIN_SKILLS described skills runs unadapted."""
        normaliser = self.normaliser
        if not self.settings.adapt_framework:
            return None
        if normaliser.adaptation is not None:
            return normaliser.adaptation
        described = sum(1 for s in normaliser.skills if s.description)
        framework = normaliser.framework_vectors()
        if described < MIN_SKILLS or framework is None:
            return None
        texts, owners = pseudo_sentences(normaliser.skills)
        # Framework text, not a person's; embedded once here and not kept (the adapter is).
        vectors = np.zeros((len(texts), self.embedder.dim), np.float32)
        total = len(texts) * 2  # embedding, then training, on one bar
        for start in range(0, len(texts), 1024):
            part = texts[start : start + 1024]
            vectors[start : start + len(part)] = self.embedder.embed(part)
            if progress is not None:
                progress(start + len(part), total)

        def training(done: int, steps: int) -> None:
            if progress is not None:
                progress(len(texts) + len(texts) * done // steps, total)

        forms, starts, descriptions = framework
        adaptation = train(vectors, owners, forms, starts, descriptions, training)
        adaptation.save(self._adaptation_path(normaliser.skills))
        normaliser.adapt(adaptation)
        return adaptation

    def org(self) -> Org:
        """The organisation in memory, reloaded only when the store's data changed (one
        cheap query per call), so a serving process answers from a warm copy.

        One thread reloads, behind a lock; requests arriving meanwhile are answered from
        the previous copy, and only when there is none yet do they wait (for that one
        load: at 100,000 people a load per waiting request multiplied time and memory)."""
        version = self.store.data_version()
        org = self._org
        if org is not None and self._org_version == version:
            return org
        if org is not None and not self._org_lock.acquire(blocking=False):
            return org
        if org is None:
            self._org_lock.acquire()
        try:
            version = self.store.data_version()
            if self._org is None or self._org_version != version:
                self._org = self._refreshed(self._org, self._org_version, version)
                self._org_version = version
            return self._org
        finally:
            self._org_lock.release()

    def _refreshed(self, org: Org | None, loaded: int, version: int) -> Org:
        """The organisation at `version`: the one held with just the people changed since
        updated, when that is all that changed (a SCIM user, a completion: milliseconds at
        100,000 people), else loaded whole (seconds)."""
        changed = self.store.people_changed_between(loaded, version) if org else None
        if org is None or changed is None or len(changed) > INCREMENTAL_LIMIT:
            return self.store.load_org(self.settings.as_of, self.settings.stale_after_months)
        return org.with_people(self.store.records_of(changed))

    # ------------------------------------------------------------------ index

    def reindex(self, progress: Progress | None = None) -> IndexReport:
        self.check_embedder()
        try:
            report = self.indexer.sync_org(
                self.org(), self.store.job_descriptions(), self.store.profiles(), progress
            )
        except BaseException:
            self.index_changed()  # a sync that failed half-way may still have changed some
            raise
        crash_point("index.synced")
        if report.changed:
            self.index_changed()
        return report

    def index_changed(self) -> None:
        """Tell every process (through the store) and this one's searcher."""
        self.store.bump_index_version()
        self.searcher.refresh()

    # ------------------------------------------------------------------ queries

    def search(
        self,
        query: str,
        top_k: int = 10,
        doc_types: Sequence[str] | None = None,
        mode: str = "hybrid",
        department: str | None = None,
        team: str | None = None,
    ) -> list[SearchHit]:
        where = build_filter(doc_types=doc_types, department=department, team=team)
        self.check_embedder()  # one small query: another process may have re-indexed
        return self.searcher.search(query, top_k, where, mode, held_by(self.org()))

    def match_skills(self, texts: Sequence[str], top_k: int = 5) -> list[MatchResult]:
        """Phrases and sentences, each ranked by its path (retrieval/extract.match_texts)."""
        return match_texts(texts, self.normaliser, top_k)

    @contextmanager
    def reporting(self, progress: Progress | None) -> Iterator[None]:
        """Report the framework texts embedded while the block runs (none when cached)."""
        embedder = self.framework_embedder
        if progress is None or not isinstance(embedder, CachedEmbedder):
            yield
            return
        with embedder.reporting(progress):
            yield

    def extract_skills(self, text: str, choose: Choose | None = None) -> list[Mention]:
        """The skills `text` mentions; `choose`: the optional LLM re-rank, shown
        `llm_rerank_candidates` candidates per sentence."""
        return extract_skills(
            text, self.normaliser, choose=choose, pool_size=self.settings.llm_rerank_candidates
        )

    def reset_normaliser(self) -> None:
        """The framework changed: the normaliser is rebuilt on next use."""
        self.__dict__.pop("normaliser", None)

    def normaliser_match(self, phrase: str) -> str | None:
        """The one skill a phrase names, or None (for resolving names in questions)."""
        return self.normaliser.match_one(phrase).match

    # ------------------------------------------------------------------ erasure

    def forget_from_index(self, employee_id: str) -> int:
        """Remove a person's chunks from the index (erasure); returns chunks removed."""
        removed = self.indexer.forget_employee(employee_id)
        self.indexer.vectors.compact()  # a delete alone leaves the text in Chroma's log
        self.index_changed()
        return removed


def held_by(org: Org) -> Callable[[str, str], bool]:
    """Does the organisation still hold what a chunk is about? An index a crash left
    behind may name a person since erased; search drops such hits, never shows them."""
    kinds: dict[str, Mapping[str, object]] = {
        "skill": org.skills,
        "role": org.roles,
        "profile": org.employees,
        "resource": org.resources,
    }

    def exists(doc_type: str, entity_id: str) -> bool:
        held = kinds.get(doc_type)
        return held is None or entity_id in held

    return exists
