"""The optional LLM re-rank of skill extraction, when an LLM is configured and asked for.

The deterministic extractor (retrieval/extract.py) proposes a sentence's best candidates;
the model is shown at most `TALENT_LLM_RERANK_CANDIDATES` of them, each under a short
handle (S1, S2 …), with the sentence fenced as untrusted data, and may only answer which
handles the sentence mentions. Anything else in its reply — a framework id it was not
shown, a handle it was not given, prose — is dropped, so neither the model nor a sentence
written to steer it can add a skill the extractor did not propose. A reply that is not the
JSON asked for, a timeout or a refusal by the `ModelGuard` is a failure: the caller keeps
the deterministic result and says so.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from agent.llm import ModelGuard, chat_model, response_format
from core.errors import DependencyError
from core.settings import Settings
from prompts import render
from retrieval.normalise import SkillNormaliser

log = logging.getLogger(__name__)
DESCRIPTION_CHARS = 160  # of each candidate's description: enough to tell two apart
SENTENCE_CHARS = 600
REPLY_TOKENS = 60  # {"skills": ["S1", "S4", "S2"]} and some slack
_HANDLE = re.compile(r"^S(\d{1,2})$")


@dataclass(frozen=True)
class Candidate:
    skill_id: str
    name: str
    description: str


def parse_choice(reply: str, shown: Sequence[str]) -> list[str]:
    """The skill ids the reply chose, in its order, among `shown` (by handle S1…Sn, or by
    the id itself). Raises ValueError when the reply holds no JSON object with a list of
    skills: an answer we cannot read is a failure, not an empty choice."""
    decoder = json.JSONDecoder()
    for start in (i for i, char in enumerate(reply) if char == "{"):
        try:
            parsed, _ = decoder.raw_decode(reply, start)
        except json.JSONDecodeError:
            continue
        if isinstance(parsed, dict) and isinstance(parsed.get("skills"), list):
            break
    else:
        raise ValueError(f"no JSON object with a 'skills' list in the reply: {reply[:120]!r}")
    chosen: list[str] = []
    for item in parsed["skills"]:
        if not isinstance(item, str):
            continue
        handle = _HANDLE.match(item.strip().upper())
        if handle and 1 <= int(handle.group(1)) <= len(shown):
            skill_id = shown[int(handle.group(1)) - 1]
        elif item.strip() in shown:
            skill_id = item.strip()
        else:
            continue  # not among what it was shown: dropped
        if skill_id not in chosen:
            chosen.append(skill_id)
    return chosen


class Chooser(Protocol):
    def choose(self, sentence: str, candidates: Sequence[Candidate]) -> list[str]:
        """The ids of the candidates the sentence mentions, most certain first; raises
        DependencyError when it cannot say."""
        ...


class LLMChooser:
    """Asks the configured model which of the shown candidates a sentence mentions."""

    def __init__(self, settings: Settings, guard: ModelGuard, model: Any | None = None):
        """`model`: a langchain chat model to use instead of the configured endpoint (a
        scripted twin in tests)."""
        if not settings.llm_base_url and model is None:
            raise DependencyError("no LLM configured (TALENT_LLM_BASE_URL)")
        self.settings = settings
        self.guard = guard
        # One client for all of a request's sentences, with a reply budget for a choice.
        self.model = model or chat_model(
            settings.model_copy(update={"llm_max_tokens": REPLY_TOKENS})
        )
        self.limit = settings.llm_rerank_candidates

    def prompt(self, sentence: str, candidates: Sequence[Candidate]) -> str:
        return render(
            "system/rerank_skills.j2",
            sentence=" ".join(sentence.split())[:SENTENCE_CHARS],
            candidates=[
                (f"S{i}", c.name, " ".join(c.description.split())[:DESCRIPTION_CHARS])
                for i, c in enumerate(candidates[: self.limit], start=1)
            ],
        )

    def choose(self, sentence: str, candidates: Sequence[Candidate]) -> list[str]:
        """The ids of the candidates the sentence mentions, most certain first; raises
        DependencyError when the model fails or answers something unreadable."""
        shown = [c.skill_id for c in candidates[: self.limit]]
        if not shown:
            return []
        prompt = self.prompt(sentence, candidates)
        model = self.model
        # Servers that constrain their output to a schema can only answer the handles shown.
        handles = [f"S{i}" for i in range(1, len(shown) + 1)]
        choice: dict[str, Any] = {"type": "array", "items": {"type": "string", "enum": handles}}
        if self.settings.llm_response_format != "json_schema":  # OpenAI's strict mode lacks it
            choice["maxItems"] = len(handles)  # a small model may repeat a handle to the limit
        schema = {
            "type": "object",
            "properties": {"skills": choice},
            "required": ["skills"],
            "additionalProperties": False,
        }
        shape = response_format(self.settings.llm_response_format, "skills", schema)
        if shape is not None:
            model = model.bind(response_format=shape)

        def ask() -> str:
            return str(model.invoke(prompt).content)

        reply = self.guard.run(ask, self.settings.llm_timeout_s)
        try:
            return parse_choice(reply, shown)
        except ValueError as exc:
            raise DependencyError(f"the model's choice could not be read: {exc}") from None


class Rerank:
    """A chooser as the callable the extractor takes: (sentence, candidate skill indices) →
    the chosen indices, or None where the deterministic result stands. After the first
    failure, or MAX_SENTENCES sentences, the rest of the text is not sent: one request
    costs a bounded number of model calls."""

    MAX_SENTENCES = 20

    def __init__(self, chooser: Chooser, normaliser: SkillNormaliser):
        self.chooser = chooser
        self.normaliser = normaliser
        self.sentences = 0  # sent to the model
        self.failure: str | None = None
        self.skipped = 0  # sentences left to the extractor alone (failure or bound)

    def __call__(self, sentence: str, indices: list[int]) -> list[int] | None:
        if self.failure is not None or self.sentences >= self.MAX_SENTENCES:
            self.skipped += 1
            return None
        skills = self.normaliser.skills
        candidates = [
            Candidate(skills[i].skill_id, skills[i].name, skills[i].description) for i in indices
        ]
        self.sentences += 1
        try:
            chosen = self.chooser.choose(sentence, candidates)
        except DependencyError as exc:
            log.warning("skill re-rank failed; the extractor's own result stands: %s", exc)
            # what a caller is told: the kind of failure, never the endpoint's error text
            self.failure = str(exc).split(":", 1)[0]
            self.skipped += 1
            return None
        return [self.normaliser.index_of(skill_id) for skill_id in chosen]

    def report(self) -> dict[str, Any]:
        """What the response says of the re-rank."""
        answered = self.sentences - (1 if self.failure else 0)
        return {
            "applied": answered > 0,  # for some sentences at least; `failure` says why not all
            "sentences": answered,
            "left_to_extractor": self.skipped,
            **({"failure": self.failure} if self.failure else {}),
        }
