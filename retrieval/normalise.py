"""Skill normalisation: what people write → the framework's canonical skill, or no match.

1. Level and experience cues are stripped ("5+ years of", "expert in", "basic").
2. Exact id / name / alias (case- and space-insensitive) → score 1.0.
3. Otherwise a hybrid of
   - lexical: a known name or alias appearing as whole words in the phrase, or character-
     trigram similarity (Dice) for typos ("kubernets"), and
   - dense: cosine similarity of the phrase to each skill's names and its description,
   combined as  score = max(lexical, LEXICAL_WEIGHT·lexical + (1 − LEXICAL_WEIGHT)·dense').
   dense' rescales cosine so that DENSE_FLOOR maps to 0 and 1 stays 1 — unrelated text has
   a cosine of 0.1–0.3 with anything, which is not evidence.
Below `threshold` the answer is "no match"; the ranked candidates are still returned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from domain.models import Skill
from domain.names import SkillLookup
from retrieval.embeddings import Embedder

DEFAULT_THRESHOLD = 0.45
LEXICAL_WEIGHT = 0.4
DENSE_FLOOR = 0.2
CONTAINED = 0.9
TIE_BREAK = 0.01
ALIGN_FROM = 0.3

_CUES = [
    r"\b\d+\s*\+?\s*(?:years?|yrs?)\b(?:\s+of)?(?:\s+(?:hands-on\s+)?experience)?(?:\s+(?:in|with|using))?",
    r"\b(?:expert|expertise|advanced|intermediate|basic|beginner|proficient|proficiency|senior|"
    r"junior|strong|solid|deep|extensive|good|excellent|working|hands-on|practical|some|"
    r"certified|certification|fluent)\b(?:\s+(?:knowledge|experience|skills?|understanding))?"
    r"(?:\s+(?:in|of|with))?",
    r"\b(?:familiar(?:ity)?|experience|knowledge|understanding|exposure)\s+(?:with|of|in|to)\b",
    r"\blevel\s*\d\b",
]
_CUE = re.compile("|".join(_CUES), re.IGNORECASE)
_WORDS = re.compile(r"[a-z0-9+#]+")


def strip_cues(phrase: str) -> str:
    cleaned = _CUE.sub(" ", phrase)
    cleaned = re.sub(r"[()\[\],;:]", " ", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip() or phrase.strip()


def _trigrams(text: str) -> set[str]:
    padded = f"  {' '.join(text.lower().split())} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _aligned(words: list[set[str]], form: list[set[str]]) -> float:
    """Mean, over the form's words, of the best spelling match among the phrase's words
    (each given as trigram sets): a typo keeps every word close ("kubernets"), a chance
    overlap ("forklift operation" vs "ML operations") leaves one word unmatched."""
    if not words or not form:
        return 0.0
    return sum(max(_dice(f, w) for w in words) for f in form) / len(form)


@dataclass(frozen=True)
class MatchResult:
    query: str
    match: str | None
    results: list[tuple[str, str, float]]  # (skill_id, name, score), best first

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "match": self.match,
            "results": [
                {"skill_id": sid, "name": name, "score": round(score, 4)}
                for sid, name, score in self.results
            ],
        }


class SkillNormaliser:
    def __init__(
        self, skills: Sequence[Skill], embedder: Embedder, threshold: float = DEFAULT_THRESHOLD
    ):
        self.skills = list(skills)
        self.embedder = embedder
        self.threshold = threshold
        self.lookup = SkillLookup(self.skills)
        self._index = {s.skill_id: i for i, s in enumerate(self.skills)}
        # Surface forms: what a skill is called. Ids read as words ("apache-spark").
        forms: list[tuple[int, str]] = []
        for index, skill in enumerate(self.skills):
            names = {skill.name, skill.skill_id.replace("-", " "), *skill.aliases}
            forms.extend((index, name) for name in sorted(names))
        self._form_owner = np.array([index for index, _ in forms], dtype=np.int64)
        self._form_words = [" ".join(_WORDS.findall(form.lower())) for _, form in forms]
        self._form_word_grams = [[_trigrams(w) for w in f.split()] for f in self._form_words]
        self._form_lengths = np.array([len(g) for g in self._form_word_grams])
        self._multiword = [
            (i, f" {words} ") for i, words in enumerate(self._form_words) if len(words) >= 2
        ]
        # Trigram incidence matrix of the forms: Dice for every phrase × form in one product.
        self._vocab: dict[str, int] = {}
        rows, cols = [], []
        for row, (_owner, form) in enumerate(forms):
            for gram in _trigrams(form):
                rows.append(row)
                cols.append(self._vocab.setdefault(gram, len(self._vocab)))
        self._form_matrix = sparse.csr_matrix(
            (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(forms), len(self._vocab))
        )
        self._form_sizes = np.asarray(self._form_matrix.sum(axis=1)).ravel()
        self._form_vectors = embedder.embed([form for _, form in forms]) if forms else None
        self._description_vectors = embedder.embed(
            [f"{s.name}: {s.description}" if s.description else s.name for s in self.skills]
        )

    def _lexical(self, texts: Sequence[str]) -> np.ndarray:
        """phrases × skills lexical scores (see the module docstring)."""
        words = [" ".join(_WORDS.findall(t.lower())) for t in texts]
        grams = [_trigrams(t) for t in texts]
        rows, cols = [], []
        for row, phrase_grams in enumerate(grams):
            for gram in phrase_grams:
                column = self._vocab.get(gram)
                if column is not None:
                    rows.append(row)
                    cols.append(column)
        phrase_matrix = sparse.csr_matrix(
            (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(texts), len(self._vocab))
        )
        shared = (phrase_matrix @ self._form_matrix.T).toarray()
        sizes = np.array([len(g) for g in grams], dtype=np.float32)
        dice = 2 * shared / np.maximum(sizes[:, None] + self._form_sizes[None, :], 1)
        lengths = np.array([len(w.split()) for w in words])
        for row, col in zip(*np.nonzero(dice >= ALIGN_FROM), strict=True):
            # A whole-string match must also hold word by word to count as a typo.
            word_grams = [_trigrams(w) for w in words[row].split()]
            dice[row, col] = min(dice[row, col], _aligned(word_grams, self._form_word_grams[col]))
        # Spelling similarity means a typo only when the lengths are alike; across a long
        # phrase shared trigrams ("development", "design") are noise.
        dice = np.where(lengths[:, None] > self._form_lengths[None, :] + 1, dice * 0.5, dice)
        for row, phrase in enumerate(words):
            padded = f" {phrase} "
            for col, form in self._multiword:
                if form in padded:
                    dice[row, col] = max(dice[row, col], CONTAINED)
        scores = np.zeros((len(texts), len(self.skills)), np.float32)
        np.maximum.at(scores.T, self._form_owner, dice.T)
        return scores

    def _dense(self, texts: Sequence[str]) -> np.ndarray:
        """phrases × skills dense scores, rescaled from cosine (see the module docstring)."""
        if not texts or self._form_vectors is None:
            return np.zeros((len(texts), len(self.skills)), np.float32)
        vectors = self.embedder.embed(list(texts))
        dense = vectors @ self._description_vectors.T
        np.maximum.at(dense.T, self._form_owner, (vectors @ self._form_vectors.T).T)
        return np.clip((dense - DENSE_FLOOR) / (1 - DENSE_FLOOR), 0, 1)

    def match(self, phrases: Sequence[str], top_k: int = 5) -> list[MatchResult]:
        cleaned = [strip_cues(p) for p in phrases]
        exact: list[str | None] = []
        for phrase, text in zip(phrases, cleaned, strict=True):
            found = self.lookup.candidates(text) or self.lookup.candidates(phrase)
            exact.append(next(iter(found)) if len(found) == 1 else None)
        # Exact hits need no model: embed only the rest (most of a real batch is exact).
        fuzzy = [i for i, e in enumerate(exact) if e is None]
        dense = np.zeros((len(phrases), len(self.skills)), np.float32)
        dense[fuzzy] = self._dense([cleaned[i] for i in fuzzy])
        lexical = self._lexical(cleaned)
        score = np.maximum(lexical, LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * dense)
        score = np.minimum(score + TIE_BREAK * dense, 1.0)  # two names contained: meaning decides
        results = []
        for row, phrase in enumerate(phrases):
            exact_id = exact[row]
            if exact_id is not None:
                score[row, self._index[exact_id]] = 1.0
            order = np.argsort(-score[row], kind="stable")[:top_k]
            ranked = [
                (self.skills[i].skill_id, self.skills[i].name, float(score[row, i])) for i in order
            ]
            match = ranked[0][0] if ranked and ranked[0][2] >= self.threshold else None
            results.append(MatchResult(phrase, match, ranked))
        return results

    def match_one(self, phrase: str) -> MatchResult:
        return self.match([phrase])[0]
