"""Skill normalisation: what people write → the framework's canonical skill, or no match.

1. Level and experience cues are stripped ("5+ years of", "expert in", "basic").
2. Exact id / name / alias (case- and space-insensitive) → score 1.0.
3. Otherwise a hybrid of
   - lexical: a known name or alias appearing as whole words in the phrase, or character-
     trigram similarity (Dice) for typos ("kubernets"); a Dice below ALIGN_FROM is the
     chance overlap most pairs have ("ing", " co") and counts as none, which keeps the
     pairs to score few at ESCO's 46,000 names, and
   - dense: cosine similarity of the phrase to each skill's names and its description,
   combined as  score = max(lexical, LEXICAL_WEIGHT·lexical + (1 − LEXICAL_WEIGHT)·dense').
   dense' rescales cosine so that DENSE_FLOOR maps to 0 and 1 stays 1 — unrelated text has
   a cosine of 0.1–0.3 with anything, which is not evidence.
Below `threshold` the answer is "no match"; the ranked candidates are still returned.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from scipy import sparse

from domain.models import Skill
from domain.names import SkillLookup
from retrieval.adaptation import Adaptation
from retrieval.embeddings import Embedder
from retrieval.search import tokenize

log = logging.getLogger(__name__)
DEFAULT_THRESHOLD = 0.45
FORMAT = 3  # of the saved matrices: bump when what __init__ builds changes
LEXICAL_WEIGHT = 0.4
DENSE_FLOOR = 0.2
CONTAINED = 0.9
TIE_BREAK = 0.01
ALIGN_FROM = 0.3  # a phrase and a name spelled less alike than this share chance trigrams
WORD_FLOOR = 0.2  # the same, word by word: below it a word is unmatched
BLOCK = 256  # phrases scored at once: phrases × skills matrices stay small

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
SLUG = re.compile(r"[a-z][a-z0-9+#]*(?:-[a-z0-9+#]+)*")  # an id that reads as words


def strip_cues(phrase: str) -> str:
    cleaned = _CUE.sub(" ", phrase)
    cleaned = re.sub(r"[()\[\],;:]", " ", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip() or phrase.strip()


def _trigrams(text: str) -> set[str]:
    padded = f"  {' '.join(text.lower().split())} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best positive scores, by score, ties by position (as a stable sort
    would give, without sorting all 13,900). A score of 0 says nothing: not a candidate."""
    positive = np.flatnonzero(scores > 0)
    values = scores[positive]
    if k <= 0:
        return positive[:0]
    if len(values) > k:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth  # every tie at the boundary competes
        positive, values = positive[keep], values[keep]
    return positive[np.lexsort((positive, -values))][:k]


def _ranges(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries of these rows of a CSR matrix, and for each the position of its row in
    `rows`: a gather of many rows without a Python loop."""
    starts, lengths = indptr[rows], indptr[rows + 1] - indptr[rows]
    owner = np.repeat(np.arange(len(rows)), lengths)
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(len(owner)), owner


class _Postings:
    """Which forms hold each trigram, to count a phrase's shared trigrams with every form at
    once. The 64 most frequent trigrams ("ing", " co") are on most lists: they are kept as
    one 64-bit word per form instead and counted with popcount, several times faster."""

    def __init__(self, form_matrix: sparse.csr_matrix):
        by_gram = form_matrix.T.tocsr()
        self.forms = form_matrix.shape[0]
        self.indptr, self.indices = by_gram.indptr, by_gram.indices
        common = np.argsort(-np.diff(self.indptr), kind="stable")[:64]
        self.bit = {int(gram): np.uint64(1 << i) for i, gram in enumerate(common)}
        self.common = np.zeros(self.forms, np.uint64)
        for gram, bit in self.bit.items():
            self.common[self.indices[self.indptr[gram] : self.indptr[gram + 1]]] |= bit

    def shared(self, grams: list[int]) -> np.ndarray:
        """For each form, how many of these trigram columns it holds."""
        mask = np.uint64(0)
        rare = []
        for gram in grams:
            bit = self.bit.get(gram)
            if bit is None:
                rare.append(self.indices[self.indptr[gram] : self.indptr[gram + 1]])
            else:
                mask |= bit
        shared = np.bincount(np.concatenate(rare), minlength=self.forms) if rare else None
        if shared is None:
            return np.bitwise_count(self.common & mask).astype(np.int64)
        if mask:
            shared += np.bitwise_count(self.common & mask)
        return shared


@dataclass(frozen=True)
class MatchResult:
    query: str
    match: str | None
    results: list[tuple[str, str, float]]  # (skill_id, name, score), best first
    read_as: str = "phrase"  # or "sentence": which ranking (retrieval/extract.match_texts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "read_as": self.read_as,
            "match": self.match,
            "results": [
                {"skill_id": sid, "name": name, "score": round(score, 4)}
                for sid, name, score in self.results
            ],
        }


class SkillNormaliser:
    def __init__(
        self,
        skills: Sequence[Skill],
        embedder: Embedder,
        threshold: float = DEFAULT_THRESHOLD,
        query_embedder: Embedder | None = None,
        saved: Path | None = None,
    ):
        """`embedder` embeds the framework's texts (a cached one: computed once, kept);
        `query_embedder` what people type (never kept), the same model. `saved`: where the
        matrices built for exactly these skills and this model are kept (loaded when there,
        written when not): at ESCO's size building them takes seconds, loading them less
        than one."""
        self.skills = list(skills)
        self.embedder = embedder
        self.query_embedder = query_embedder or embedder
        self.threshold = threshold
        self.lookup = SkillLookup(self.skills)
        self._index = {s.skill_id: i for i, s in enumerate(self.skills)}
        self._common: set[str] | None = None
        self._postings: _Postings | None = None  # built on first use
        self._keywords: bm25s.BM25 | None = None  # built on first use
        # The framework adaptation of the sentence path (retrieval/adaptation.py), when
        # trained for this framework and model, with the framework's vectors it centres.
        self.adaptation: Adaptation | None = None
        self._adapted: tuple[np.ndarray, np.ndarray] | None = None
        if saved is not None and self._restore(saved):
            return
        # Surface forms: what a skill is called. Ids read as words ("apache-spark").
        forms: list[tuple[int, str]] = []
        for index, skill in enumerate(self.skills):
            names = {skill.name, *skill.aliases}
            if SLUG.fullmatch(skill.skill_id):  # not "esco:0005c151-5b5a-…": no one says that
                names.add(skill.skill_id.replace("-", " "))
            forms.extend((index, name) for name in sorted(names))
        # Each skill's forms are consecutive: a skill's score is the max over its block.
        owner = np.array([index for index, _ in forms], dtype=np.int64)
        self._form_starts = np.searchsorted(owner, np.arange(len(self.skills)))
        form_words = [_WORDS.findall(form.lower()) for _, form in forms]
        self._form_lengths = np.array([len(words) for words in form_words])
        # A known name appearing as whole words in a phrase: looked up by the phrase's word
        # n-grams, not by scanning every form.
        self._contained: dict[str, list[int]] = {}
        for i, words in enumerate(form_words):
            joined = " ".join(words)
            if len(joined) >= 2:
                self._contained.setdefault(joined, []).append(i)
        self._longest = max((len(w) for w in form_words), default=0)
        # Trigram incidence of the forms: Dice for every phrase × form in one product.
        self._vocab: dict[str, int] = {}
        self._form_matrix = self._incidence([_trigrams(form) for _, form in forms], self._vocab)
        self._form_sizes = np.asarray(self._form_matrix.sum(axis=1)).ravel()
        # The same, word by word, for the spelling alignment (see _aligned): the forms'
        # distinct words, their trigrams, and which words each form is made of.
        self._word_index: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for i, words in enumerate(form_words):
            for word in words:
                rows.append(i)
                cols.append(self._word_index.setdefault(word, len(self._word_index)))
                counts.append(1.0)
        self._form_word_matrix = sparse.csr_matrix(
            (np.array(counts, np.float32), (rows, cols)),
            shape=(len(forms), len(self._word_index)),
        )
        self._word_vocab: dict[str, int] = {}
        self._word_matrix = self._incidence(
            [_trigrams(word) for word in self._word_index], self._word_vocab
        )
        self._word_sizes = np.asarray(self._word_matrix.sum(axis=1)).ravel()
        self._form_vectors = embedder.embed([form for _, form in forms]) if forms else None
        self._description_vectors = embedder.embed(
            [f"{s.name}: {s.description}" if s.description else s.name for s in self.skills]
        )

        if saved is not None and self.skills:
            self._save(saved)

    _ARRAYS = (
        "_form_starts",
        "_form_lengths",
        "_form_sizes",
        "_word_sizes",
        "_form_vectors",
        "_description_vectors",
    )
    _MATRICES = ("_form_matrix", "_form_word_matrix", "_word_matrix")

    def _save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {n: getattr(self, n) for n in self._ARRAYS}
        for name in self._MATRICES:
            matrix = getattr(self, name)
            arrays |= {
                f"{name}.data": matrix.data,
                f"{name}.indices": matrix.indices,
                f"{name}.indptr": matrix.indptr,
                f"{name}.shape": np.array(matrix.shape),
            }
        contained = list(self._contained.items())
        arrays |= {
            "vocab": np.array(list(self._vocab), dtype=str),
            "word_index": np.array(list(self._word_index), dtype=str),
            "word_vocab": np.array(list(self._word_vocab), dtype=str),
            "contained": np.array([k for k, _ in contained], dtype=str),
            "contained.counts": np.array([len(v) for _, v in contained]),
            "contained.forms": np.array([i for _, v in contained for i in v], dtype=np.int64),
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial.npz")
            np.savez(partial, **arrays)  # type: ignore[arg-type]
            partial.replace(path)  # whole or not at all, for a process reading meanwhile
            prefix = path.name.rsplit("-", 1)[0]
            for old in path.parent.glob(f"{prefix}-*.npz"):
                if old != path:
                    old.unlink(missing_ok=True)  # an earlier framework's: never read again
        except OSError as exc:
            log.warning("normaliser matrices not saved", extra={"error": str(exc)})

    def _restore(self, path: Path) -> bool:
        try:
            with np.load(path, allow_pickle=False) as saved:
                for name in self._ARRAYS:
                    setattr(self, name, saved[name])
                for name in self._MATRICES:
                    setattr(
                        self,
                        name,
                        sparse.csr_matrix(
                            (
                                saved[f"{name}.data"],
                                saved[f"{name}.indices"],
                                saved[f"{name}.indptr"],
                            ),
                            shape=tuple(saved[f"{name}.shape"]),
                        ),
                    )
                self._vocab = {g: i for i, g in enumerate(saved["vocab"].tolist())}
                self._word_index = {w: i for i, w in enumerate(saved["word_index"].tolist())}
                self._word_vocab = {g: i for i, g in enumerate(saved["word_vocab"].tolist())}
                forms = saved["contained.forms"].tolist()
                self._contained, start = {}, 0
                for key, count in zip(
                    saved["contained"].tolist(), saved["contained.counts"].tolist(), strict=True
                ):
                    self._contained[key] = forms[start : start + count]
                    start += count
        except (OSError, KeyError, ValueError) as exc:
            if path.exists():
                log.warning("normaliser matrices unreadable, rebuilt", extra={"error": str(exc)})
            return False
        self._longest = max((len(k.split()) for k in self._contained), default=0)
        return True

    @staticmethod
    def _incidence(gram_sets: Sequence[set[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
        """Rows × trigrams 0/1 matrix; grams new to `vocab` are added to it."""
        rows, cols = [], []
        for row, grams in enumerate(gram_sets):
            for gram in grams:
                rows.append(row)
                cols.append(vocab.setdefault(gram, len(vocab)))
        return sparse.csr_matrix(
            (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(gram_sets), len(vocab))
        )

    @staticmethod
    def _lookup(gram_sets: Sequence[set[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
        """Rows × trigrams over a fixed vocabulary (grams it lacks share with nothing)."""
        rows, cols = [], []
        for row, grams in enumerate(gram_sets):
            for gram in grams:
                column = vocab.get(gram)
                if column is not None:
                    rows.append(row)
                    cols.append(column)
        return sparse.csr_matrix(
            (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(gram_sets), len(vocab))
        )

    def _by_skill(self, per_form: np.ndarray) -> np.ndarray:
        """phrases × forms -> phrases × skills, the best form of each skill."""
        if per_form.shape[1] == 0:
            return np.zeros((per_form.shape[0], len(self.skills)), np.float32)
        return np.maximum.reduceat(per_form, self._form_starts, axis=1)

    def _aligned(self, words: list[list[str]], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """For the phrase × form pairs (rows, cols): mean, over the form's words, of the best
        spelling match (Dice of trigrams) among the phrase's words. A typo keeps every word
        close ("kubernets"); a chance overlap ("forklift operation" vs "ML operations") leaves
        one word unmatched."""
        distinct = sorted({w for phrase in words for w in phrase})
        if not distinct or not self._word_index or not len(rows):
            return np.zeros(len(rows), np.float32)
        # Each distinct word against the framework's words; sparse: a word shares trigrams
        # with few of them. Words sharing a trigram or two by chance ("ing") are not alike:
        # below WORD_FLOOR a word counts as unmatched.
        grams = [_trigrams(w) for w in distinct]
        alike = (self._lookup(grams, self._word_vocab) @ self._word_matrix.T).tocsr()
        sizes = np.array([len(g) for g in grams], np.float32)
        of_row = np.repeat(np.arange(len(distinct)), np.diff(alike.indptr))
        alike.data = 2 * alike.data / (sizes[of_row] + self._word_sizes[alike.indices])
        alike.data[alike.data < WORD_FLOOR] = 0
        alike.eliminate_zeros()
        # The best over each phrase's words, a word position at a time: within a position
        # each (phrase, framework word) cell occurs once, so fancy indexing does what slow
        # ufunc.at would.
        number = {w: i for i, w in enumerate(distinct)}
        best = np.zeros((len(words), len(self._word_index)), np.float32)
        for nth in range(max(len(p) for p in words)):
            phrases = [i for i, p in enumerate(words) if len(p) > nth]
            picked = np.array([number[words[i][nth]] for i in phrases], np.int64)
            entry, owner = _ranges(alike.indptr, picked)
            cells = (np.asarray(phrases, np.int64)[owner], alike.indices[entry])
            best[cells] = np.maximum(best[cells], alike.data[entry])
        # Only the pairs asked about: each form's words, gathered from its CSR row.
        matrix = self._form_word_matrix
        entry, pair = _ranges(matrix.indptr, cols)
        values = best[rows[pair], matrix.indices[entry]] * matrix.data[entry]
        sums = np.bincount(pair, weights=values, minlength=len(rows)).astype(np.float32)
        return sums / np.maximum(self._form_lengths[cols], 1).astype(np.float32)

    def spelling(self, texts: Sequence[str]) -> np.ndarray:
        """phrases × skills: how closely each phrase is spelled like the skill's closest
        name or alias (Dice of trigrams, held word by word): a typo scores high."""
        rows, forms, values = self._alike(texts, [_WORDS.findall(t.lower()) for t in texts])
        return self._by_skill_pairs(len(texts), rows, forms, values)

    def _lexical(self, texts: Sequence[str]) -> np.ndarray:
        """phrases × skills lexical scores (see the module docstring)."""
        words = [_WORDS.findall(t.lower()) for t in texts]
        rows, forms, values = self._alike(texts, words)
        named_rows, named_forms = [], []
        for row, phrase in enumerate(words):
            for n in range(1, min(len(phrase), self._longest) + 1):
                for start in range(len(phrase) - n + 1):
                    for form in self._contained.get(" ".join(phrase[start : start + n]), ()):
                        named_rows.append(row)
                        named_forms.append(form)
        return self._by_skill_pairs(
            len(texts),
            np.concatenate([rows, np.array(named_rows, np.int64)]),
            np.concatenate([forms, np.array(named_forms, np.int64)]),
            np.concatenate([values, np.full(len(named_rows), CONTAINED, np.float32)]),
        )

    def _by_skill_pairs(
        self, phrases: int, rows: np.ndarray, forms: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """(phrase, form, value) pairs -> phrases × skills, the best form of each skill."""
        by_skill = np.zeros((phrases, len(self.skills)), np.float32)
        owner = np.searchsorted(self._form_starts, forms, side="right") - 1
        np.maximum.at(by_skill, (rows, owner), values)
        return by_skill

    def _alike(
        self, texts: Sequence[str], words: list[list[str]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The (phrase, form, similarity) pairs spelled alike: trigram Dice of at least
        ALIGN_FROM, held word by word, halved across lengths that differ. Lower Dice is
        chance overlap ("ing", " co") shared by most pairs, and counts as none."""
        if self._postings is None:
            self._postings = _Postings(self._form_matrix)
        postings = self._postings
        p, q = Fraction(ALIGN_FROM).limit_denominator(1000).as_integer_ratio()
        p_sizes = p * self._form_sizes.astype(np.int64)
        found_rows, found_forms, found_values = [], [], []
        for row, text in enumerate(texts):
            grams = _trigrams(text)
            shared = postings.shared([self._vocab[g] for g in grams if g in self._vocab])
            # Dice 2s/(a+b) ≥ p/q as 2qs ≥ p(a+b): exact, in integers; floats for the few close.
            close = np.nonzero(2 * q * shared >= p * len(grams) + p_sizes)[0]
            dice = 2 * shared[close] / (len(grams) + self._form_sizes[close])
            found_rows.append(np.full(len(close), row, np.int64))
            found_forms.append(close)
            found_values.append(dice.astype(np.float32))
        if not found_rows:
            empty = np.zeros(0, np.int64)
            return empty, empty, np.zeros(0, np.float32)
        rows, close = np.concatenate(found_rows), np.concatenate(found_forms)
        # A whole-string match must also hold word by word to count as a typo.
        dice = np.minimum(np.concatenate(found_values), self._aligned(words, rows, close))
        # Spelling similarity means a typo only when the lengths are alike; across a long
        # phrase shared trigrams ("development", "design") are noise.
        lengths = np.array([len(w) for w in words])
        longer = lengths[rows] > self._form_lengths[close] + 1
        return rows, close, np.where(longer, dice * 0.5, dice).astype(np.float32)

    def keyword_scores(self, texts: Sequence[str]) -> np.ndarray:
        """texts × skills: BM25 of each text over each skill's names, aliases and
        description, divided by the text's best (so 1 for its best skill, 0 for none)."""
        scores = np.zeros((len(texts), len(self.skills)), np.float32)
        if not self.skills:
            return scores  # BM25 cannot index nothing
        if self._keywords is None:  # built on first use: about a second at ESCO's size
            index = bm25s.BM25()
            index.index(
                [
                    tokenize(" ".join([s.name, *s.aliases, s.description])) or ["_"]
                    for s in self.skills
                ],
                show_progress=False,
            )
            self._keywords = index
        for row, text in enumerate(texts):
            tokens = tokenize(text)
            if tokens and self.skills:
                found = np.asarray(self._keywords.get_scores(tokens), np.float32)
                best = float(found.max())
                if best > 0:
                    scores[row] = found / best
        return scores

    def adapt(self, adaptation: Adaptation | None) -> None:
        """Use (or, with None, stop using) a framework adaptation in the sentence path."""
        self.adaptation = adaptation
        self._adapted = None
        if adaptation is not None and self._form_vectors is not None:
            self._adapted = (
                adaptation.forms(self._form_vectors),
                adaptation.descriptions(self._description_vectors),
            )

    def framework_vectors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The names' vectors, where each skill's names start among them, and the
        descriptions' vectors (what an adaptation is trained against); None when empty."""
        if self._form_vectors is None:
            return None
        return self._form_vectors, self._form_starts, self._description_vectors

    def cosines(
        self, texts: Sequence[str], adapted: bool = True, adapter: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """texts × skills: cosine to each skill's closest name or alias, and to its
        description (`name: description`). The sentence path: with the framework's
        adaptation when there is one and `adapted` (centred, and the names adapter unless
        not `adapter`)."""
        if not texts or self._form_vectors is None:
            empty = np.zeros((len(texts), len(self.skills)), np.float32)
            return empty, empty
        vectors = self.query_embedder.embed(list(texts))
        if adapted and self.adaptation is not None and self._adapted is not None:
            forms, descriptions = self._adapted
            for_names, for_descriptions = self.adaptation.queries(vectors, adapter)
            return self._by_skill(for_names @ forms.T), for_descriptions @ descriptions.T
        return self._cosines(vectors)

    def _cosines(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert self._form_vectors is not None  # a framework with skills
        names = self._by_skill(vectors @ self._form_vectors.T)
        return names, vectors @ self._description_vectors.T

    def match(self, phrases: Sequence[str], top_k: int = 5) -> list[MatchResult]:
        cleaned = [strip_cues(p) for p in phrases]
        exact: list[str | None] = []
        for phrase, text in zip(phrases, cleaned, strict=True):
            found = self.lookup.candidates(text) or self.lookup.candidates(phrase)
            exact.append(next(iter(found)) if len(found) == 1 else None)
        # Exact hits need no model: embed only the rest (most of a real batch is exact), all
        # in one call, which sorts them by length and pads least.
        fuzzy = [i for i, e in enumerate(exact) if e is None]
        vectors = np.zeros((len(phrases), self.query_embedder.dim), np.float32)
        if fuzzy and self._form_vectors is not None:
            vectors[fuzzy] = self.query_embedder.embed([cleaned[i] for i in fuzzy])
        results: list[MatchResult] = []
        for start in range(0, len(phrases), BLOCK):  # bounded memory for a batch of any size
            block = slice(start, start + BLOCK)
            results.extend(
                self._match_block(
                    phrases[block], cleaned[block], exact[block], vectors[block], top_k
                )
            )
        return results

    def _match_block(
        self,
        phrases: Sequence[str],
        cleaned: list[str],
        exact: list[str | None],
        vectors: np.ndarray,
        top_k: int,
    ) -> list[MatchResult]:
        # Exact hits were not embedded: their score is the lexical one alone.
        score = self._lexical(cleaned)
        fuzzy = [i for i, e in enumerate(exact) if e is None]
        if fuzzy and self._form_vectors is not None:
            # Cosine rescaled so that DENSE_FLOOR is 0 (see the module docstring).
            names, descriptions = self._cosines(vectors[fuzzy])
            cosine = np.maximum(names, descriptions)
            dense = np.clip((cosine - DENSE_FLOOR) / (1 - DENSE_FLOOR), 0, 1)
            lexical = score[fuzzy]
            combined = np.maximum(lexical, LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * dense)
            # TIE_BREAK: with two names contained, meaning decides.
            score[fuzzy] = np.minimum(combined + TIE_BREAK * dense, 1.0)
        results = []
        for row, phrase in enumerate(phrases):
            exact_id = exact[row]
            if exact_id is not None:
                score[row, self._index[exact_id]] = 1.0
            order = _top(score[row], top_k)
            ranked = [
                (self.skills[i].skill_id, self.skills[i].name, float(score[row, i])) for i in order
            ]
            match = ranked[0][0] if ranked and ranked[0][2] >= self.threshold else None
            results.append(MatchResult(phrase, match, ranked))
        return results

    def name(self, skill_id: str) -> str:
        return self.skills[self._index[skill_id]].name

    def index_of(self, skill_id: str) -> int:
        return self._index[skill_id]

    def is_common(self, word: str) -> bool:
        """Whether a word is everyday language in this framework: it appears in the names
        or descriptions of more than max(20, 1%) of its skills ("management", "support").
        A skill named by such a word alone is a hint, not a mention."""
        if self._common is None:
            seen: dict[str, int] = {}
            for skill in self.skills:
                for w in set(_WORDS.findall(f"{skill.name} {skill.description}".lower())):
                    seen[w] = seen.get(w, 0) + 1
            floor = max(20, len(self.skills) // 100)
            self._common = {w for w, count in seen.items() if count > floor}
        return word.lower() in self._common

    def named_in(self, text: str) -> list[tuple[str, int, int]]:
        """(skill_id, start, end) for every name or alias that appears in `text` as whole
        words, character offsets into `text`; the longest wins where two overlap."""
        spans = [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(text.lower())]
        found: list[tuple[str, int, int]] = []
        taken: set[int] = set()
        for n in range(min(len(spans), self._longest), 0, -1):
            for first in range(len(spans) - n + 1):
                words = range(first, first + n)
                forms = self._contained.get(" ".join(spans[i][2] for i in words))
                if not forms or taken.intersection(words):
                    continue
                owners = {
                    int(np.searchsorted(self._form_starts, f, side="right")) - 1 for f in forms
                }
                if len(owners) != 1:
                    continue  # a form two skills share names neither
                taken.update(words)
                skill_id = self.skills[owners.pop()].skill_id
                found.append((skill_id, spans[first][0], spans[first + n - 1][1]))
        return sorted(found, key=lambda hit: hit[1])

    def match_one(self, phrase: str) -> MatchResult:
        return self.match([phrase])[0]


def saved_name(skills: Sequence[Skill], model: str, kind: str = "normaliser") -> str:
    """The file name of what is derived for exactly these skills and this model: the
    normaliser's matrices, or (`kind`) the framework's adaptation, made from them."""
    digest = hashlib.sha256(f"{FORMAT}\0{model}".encode())
    for skill in skills:
        digest.update(
            "\0".join((skill.skill_id, skill.name, skill.description, *skill.aliases)).encode()
        )
        digest.update(b"\1")
    return f"{kind}-{model}-{digest.hexdigest()[:24]}.npz"
