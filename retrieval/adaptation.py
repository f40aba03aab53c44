"""Adapting the frozen encoder to the loaded framework, at ingest, with nothing downloaded.

A job-ad sentence says what a person does ("take minutes at board meetings"); a framework
names it ("write meeting reports"). MiniLM places both in one space, but its sentence
vectors share a common direction (what any sentence looks like), and a skill's names sit
far from how people describe the work. The framework's own descriptions are sentences of
that kind, each with its skill known, so they are training data:

1. **Centring.** Each side loses its mean: the pseudo-sentences' mean from a query, the
   names' mean from the names, the descriptions' mean from the descriptions. What every
   sentence shares stops counting as closeness.
2. **A query adapter for names.** A 384 × 384 residual map W (q → q + qW, starting at
   zero) is trained contrastively: each pseudo-sentence (a description sentence, bare or
   with a job-ad opening such as "You will …") against every skill's closest name, softmax
   over the whole framework. Only the query side moves: the framework's stored vectors stay
   as the model made them, and the adapter is one small file beside the normaliser's.

The sentence path (extraction, and `skills match` for sentences) uses both; a short phrase
is matched as before. Measured on the ESCO extraction suites: docs/retrieval.md.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from domain.models import Skill

log = logging.getLogger(__name__)

FORMAT = 1  # of the saved file: bump when what `train` makes changes
# Below this many described skills a 147,000-weight map learns the framework by heart, and a
# small framework's skills are named in text more than described: it runs unadapted.
MIN_SKILLS = 1000
# How a job ad opens a sentence about a duty ("" keeps the description's own words).
OPENINGS = (
    "You will ",
    "You'll ",
    "The successful candidate will ",
    "Responsibilities include: ",
    "Able to ",
    "In this role you ",
    "",
)
MIN_WORDS = 4  # a description sentence shorter than this is a fragment, not a duty
EPOCHS = 4
BATCH = 512
LEARNING_RATE = 1e-3
TEMPERATURE = 0.05
HELD_OUT = 2000  # pseudo-sentences kept out of training, to report what it learned
SEED = 11
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def pseudo_sentences(skills: Sequence[Skill]) -> tuple[list[str], list[int]]:
    """Two sentences per described skill, with the skill's index: the description's first
    sentence as written, and one of its sentences as a job ad would open it."""
    rng = random.Random(SEED)
    texts: list[str] = []
    owners: list[int] = []
    for index, skill in enumerate(skills):
        sentences = [
            s.strip() for s in _SENTENCE_END.split(skill.description) if len(s.split()) >= MIN_WORDS
        ]
        if not sentences:
            continue
        texts.append(sentences[0])
        owners.append(index)
        body = rng.choice(sentences).rstrip(".")
        opening = rng.choice(OPENINGS)
        texts.append(f"{opening}{body[:1].lower()}{body[1:]}." if opening else f"{body}.")
        owners.append(index)
    return texts, owners


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


@dataclass(frozen=True)
class Adaptation:
    """What `train` learnt for one framework and model: the three means and the names
    adapter, with the held-out pseudo-sentences' MRR before and after training (what it
    learnt, logged and reported by ingest)."""

    query_mean: np.ndarray
    form_mean: np.ndarray
    description_mean: np.ndarray
    names: np.ndarray  # (dim, dim): the residual map of a query for the names term
    held_out_before: float
    held_out_after: float

    def queries(self, vectors: np.ndarray, adapter: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Query vectors → (for the names term, for the descriptions term), unit length;
        without `adapter`, centred only (what the eval reports as a step of its own)."""
        centred = vectors - self.query_mean
        names = centred + centred @ self.names if adapter else centred
        return _unit(names), _unit(centred)

    def forms(self, vectors: np.ndarray) -> np.ndarray:
        return _unit(vectors - self.form_mean)

    def descriptions(self, vectors: np.ndarray) -> np.ndarray:
        return _unit(vectors - self.description_mean)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.npz")
        np.savez(
            partial,
            format=np.array(FORMAT),
            query_mean=self.query_mean,
            form_mean=self.form_mean,
            description_mean=self.description_mean,
            names=self.names,
            held_out=np.array([self.held_out_before, self.held_out_after]),
        )
        partial.replace(path)  # whole or not at all, for a process reading meanwhile

    @classmethod
    def load(cls, path: Path) -> Adaptation | None:
        """The saved adaptation, or None when there is none (or it is from another format)."""
        try:
            with np.load(path, allow_pickle=False) as saved:
                if int(saved["format"]) != FORMAT:
                    return None
                before, after = (float(x) for x in saved["held_out"])
                return cls(
                    saved["query_mean"].astype(np.float32),
                    saved["form_mean"].astype(np.float32),
                    saved["description_mean"].astype(np.float32),
                    saved["names"].astype(np.float32),
                    before,
                    after,
                )
        except (OSError, KeyError, ValueError) as exc:
            if path.exists():
                log.warning("framework adaptation unreadable", extra={"error": str(exc)})
            return None


Progress = Callable[[int, int], None]


def train(
    queries: np.ndarray,
    owners: Sequence[int],
    form_vectors: np.ndarray,
    form_starts: np.ndarray,
    description_vectors: np.ndarray,
    progress: Progress | None = None,
    epochs: int = EPOCHS,
) -> Adaptation:
    """Learn the means and the names adapter from pseudo-sentence vectors (`queries`, each
    about skill `owners[i]`) against the framework's name vectors (skill i's names are
    rows form_starts[i]…form_starts[i+1]-1) and description vectors. Deterministic for the
    same input; about 50 s an epoch at ESCO's 13,900 skills on 2 cores."""
    import torch  # the encoder's own dependency; imported only when an adaptation is trained

    torch.manual_seed(SEED)
    query_mean = queries.mean(axis=0).astype(np.float32)
    form_mean = form_vectors.mean(axis=0).astype(np.float32)
    description_mean = description_vectors.mean(axis=0).astype(np.float32)
    q = torch.from_numpy(np.ascontiguousarray(queries - query_mean, dtype=np.float32))
    y = torch.tensor(np.asarray(owners, np.int64))
    forms = torch.from_numpy(_unit(form_vectors - form_mean))
    skills = len(form_starts)
    owner = torch.from_numpy(
        np.searchsorted(form_starts, np.arange(len(form_vectors)), side="right") - 1
    )
    dim = q.shape[1]
    weights = torch.zeros(dim, dim, requires_grad=True)
    optimiser = torch.optim.Adam([weights], lr=LEARNING_RATE)

    def names_scores(batch: torch.Tensor) -> torch.Tensor:
        adapted = torch.nn.functional.normalize(batch + batch @ weights, dim=1)
        per_form = adapted @ forms.T
        floor = torch.full((len(batch), skills), -2.0)
        return floor.scatter_reduce(1, owner.expand(len(batch), -1), per_form, "amax")

    order = torch.randperm(len(q))
    kept_out = min(HELD_OUT, len(q) // 10)
    held, trained = order[:kept_out], order[kept_out:]

    def held_out_mrr() -> float:
        with torch.no_grad():
            scores = names_scores(q[held])
            ranks = (scores > scores.gather(1, y[held][:, None])).sum(dim=1) + 1
            return float((1.0 / ranks).mean())

    before = held_out_mrr()
    steps = epochs * -(-len(trained) // BATCH)
    done, started = 0, time.perf_counter()
    for _ in range(epochs):
        for batch in trained[torch.randperm(len(trained))].split(BATCH):
            loss = torch.nn.functional.cross_entropy(names_scores(q[batch]) / TEMPERATURE, y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            done += 1
            if progress is not None:
                progress(done, steps)
    after = held_out_mrr()
    log.info(
        "framework adaptation trained",
        extra={
            "pseudo_sentences": len(q),
            "held_out_mrr_before": round(before, 4),
            "held_out_mrr_after": round(after, 4),
            "seconds": round(time.perf_counter() - started, 1),
        },
    )
    return Adaptation(
        query_mean,
        form_mean,
        description_mean,
        weights.detach().numpy().astype(np.float32),
        before,
        after,
    )
