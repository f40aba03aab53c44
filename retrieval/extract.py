"""The skills a sentence or a whole text mentions, against whatever framework is loaded:
multi-label, each with the words it came from and a score (`talent skills extract`,
`POST /v1/skills/extract`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.normalise import MatchResult, SkillNormaliser, strip_cues

SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)
# Where a list of skills splits: punctuation and brackets, conjunctions ("and", "or", "as
# well as", "plus"), examples ("including", "such as", "e.g.", "like") and the prepositions
# that join a skill to the rest of a sentence ("with", "using", "in", "of", "for").
LIST_SPLIT = re.compile(
    r"\s*(?:[,;/()\[\]•·|]|\b(?:and|or|as well as|including|incl|such as|e\.g\.|eg|like|plus|"
    r"with|using|in|of|for)\b)\s*",
    re.I,
)
MAX_SPAN_WORDS = 6
WORD = re.compile(r"[\w+#][\w+#.-]*[\w+#]|[\w+#]")


@dataclass(frozen=True)
class Mention:
    """A skill a text mentions: where (character offsets), in which words, how sure."""

    skill_id: str
    name: str
    score: float
    span: str
    start: int
    end: int
    # "named": a name or alias in the text; "matched": the extractor's reading; "chosen":
    # a reading the optional LLM re-rank chose among the extractor's candidates
    how: str

    def to_dict(self) -> dict[str, object]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "score": round(self.score, 4),
            "span": self.span,
            "start": self.start,
            "end": self.end,
            "how": self.how,
        }


def _candidates(sentence: str, offset: int) -> list[tuple[int, int]]:
    """Spans worth matching on their own: the items of a list ("Python, SQL and Spark"), of
    at most MAX_SPAN_WORDS words, and the last one to three words of a longer item, where
    the skill usually is ("must know Python")."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in LIST_SPLIT.split(sentence):
        at = sentence.find(piece, cursor) if piece.strip() else -1
        if at < 0:
            continue
        cursor = at + len(piece)
        words = list(WORD.finditer(piece))
        if not words or len(words) > MAX_SPAN_WORDS:
            continue
        spans.append((offset + at + words[0].start(), offset + at + words[-1].end()))
        for tail in range(1, min(3, len(words) - 1) + 1):
            spans.append((offset + at + words[-tail].start(), offset + at + words[-1].end()))
    return spans


@dataclass(frozen=True)
class Steps:
    """What `rank_skills` weighs besides the sentence's closeness to each skill's names and
    aliases (all of it, normally; the eval measures what each adds): closeness to the
    skill's description, candidate spans (list items and their last words) matched on their
    own, names or aliases found in the text as words, the sentence's BM25 keyword score
    over each skill's names, aliases and description, and the framework's adaptation of
    the encoder's vectors (retrieval/adaptation.py) where one was trained: centred, and
    with its names adapter."""

    descriptions: bool = True
    spans: bool = True
    named: bool = True
    keywords: bool = True
    adapted: bool = True
    adapter: bool = True


ALL_STEPS = Steps()
# How much a span's match and a name found as words add to a sentence's closeness to a
# skill (names + description: up to 2). A sentence's meaning leads; a short span matched
# alone is easily fooled ("data" in "data protection"), so it only adds.
SPAN_WEIGHT = 0.3
NAMED_WEIGHT = 0.2
# BM25 finds the rarer words a sentence shares with a skill's text ("VAT", "anaesthetics"),
# which meaning alone blurs; it only adds (its best skill in a sentence gets the weight).
KEYWORD_WEIGHT = 0.125
SCALE = 2 + SPAN_WEIGHT + NAMED_WEIGHT + KEYWORD_WEIGHT  # scores are reported in 0..1
# extract_skills: at most this many readings per sentence (names found come on top), each
# scoring at least EXTRACT_THRESHOLD; a span is named as the source when its cosine to the
# skill's names is at least COVERS, else the whole sentence is.
PER_SENTENCE = 3
EXTRACT_THRESHOLD = 0.4
COVERS = 0.6
TYPO = 0.75  # a span spelled this much like a skill's name is read as it (a typo)
# The optional re-rank: given a sentence and its best candidates (skill indices, best first;
# RERANK_POOL of them unless told), the chosen ones, or None to keep the extractor's result.
Choose = Callable[[str, list[int]], list[int] | None]
RERANK_POOL = 8
CHUNK = 32  # sentences scored together (see _scored)


def _readings(text: str, normaliser: SkillNormaliser) -> list[tuple[int, int, list[Mention]]]:
    """Per sentence: its start and end offsets, and the names found in it as mentions."""
    found = []
    for sentence in SENTENCE.finditer(text):
        body = sentence.group()
        if not body.strip():
            continue
        at = sentence.start()
        named = [
            Mention(
                skill_id,
                normaliser.name(skill_id),
                1.0,
                text[at + start : at + end],
                at + start,
                at + end,
                "named",
            )
            for skill_id, start, end in normaliser.named_in(body)
        ]
        lead = len(body) - len(body.lstrip())
        found.append((at + lead, at + len(body.rstrip()), named))
    return found


@dataclass
class _Sentence:
    start: int
    end: int
    named: list[Mention]
    scores: np.ndarray  # skills: the sentence's score for each (see sentence_scores)
    spans: list[tuple[int, int]]  # its candidate spans…
    span_names: np.ndarray  # …their closeness to each skill's names (spans × skills)…
    span_spelling: np.ndarray  # …and how alike they are spelled (a typo scores high)


def _scored(text: str, normaliser: SkillNormaliser, steps: Steps) -> Iterator[_Sentence]:
    """Each sentence scored, CHUNK sentences at a time: the sentences and all their spans are
    embedded and compared with the framework together (a matrix product per chunk, not per
    span), and memory stays bounded for a text of any length."""
    readings = _readings(text, normaliser)
    for first in range(0, len(readings), CHUNK):
        chunk = readings[first : first + CHUNK]
        names, descriptions = normaliser.cosines(
            [text[s:e] for s, e, _ in chunk], adapted=steps.adapted, adapter=steps.adapter
        )
        keywords = (
            normaliser.keyword_scores([text[s:e] for s, e, _ in chunk]) if steps.keywords else None
        )
        spans = [_candidates(text[s:e], s) if steps.spans else [] for s, e, _ in chunk]
        pieces = [strip_cues(text[s:e]) for found in spans for s, e in found]
        # a span close in meaning, or spelled like a name (a typo: "Kuberntes")
        span_cosines, _ = normaliser.cosines(pieces, adapted=steps.adapted, adapter=steps.adapter)
        spelling = normaliser.spelling(pieces)
        span_names_all = np.maximum(span_cosines, spelling)
        at = 0
        for row, (start, end, named) in enumerate(chunk):
            score = names[row] + (descriptions[row] if steps.descriptions else 0.0)
            if keywords is not None:
                score = score + KEYWORD_WEIGHT * keywords[row]
            rows = slice(at, at + len(spans[row]))
            at += len(spans[row])
            span_names, span_spelling = span_names_all[rows], spelling[rows]
            if len(spans[row]):
                score = score + SPAN_WEIGHT * span_names.max(axis=0)
            if steps.named and named:
                score = score.copy()
                for mention in named:
                    score[normaliser.index_of(mention.skill_id)] += NAMED_WEIGHT
            yield _Sentence(start, end, named, score / SCALE, spans[row], span_names, span_spelling)


def reads_as_sentence(text: str) -> bool:
    """Whether a text is ranked as a sentence rather than a phrase: with its level and
    experience cues set aside, more words than a list item may have ("5+ years of hands-on
    PySpark" is a phrase; "you will build pipelines in PySpark for claims" a sentence)."""
    return len(WORD.findall(strip_cues(text))) > MAX_SPAN_WORDS


def _one_item(text: str) -> bool:
    """A phrase naming one thing: one line, one sentence, no list to split ("Python, SQL
    and Spark" is three)."""
    sentences = [m for m in SENTENCE.finditer(text.strip()) if m.group().strip()]
    items = [p for p in LIST_SPLIT.split(text) if p.strip()]
    return "\n" not in text.strip() and len(sentences) == 1 and len(items) == 1


def match_texts(
    texts: Sequence[str], normaliser: SkillNormaliser, top_k: int = 5
) -> list[MatchResult]:
    """Each text's skills, best first, and the one it names (or None): a phrase by the
    normaliser's phrase ranking (what `extract` returns for one phrase), a sentence by the
    extractor's (`rank_skills`), its match the best-ranked of the skills `extract` finds
    in it. So `skills match` and `extract` agree on any text."""
    results: list[MatchResult | None] = [None] * len(texts)
    phrases = [i for i, text in enumerate(texts) if not reads_as_sentence(text)]
    for i, result in zip(
        phrases, normaliser.match([texts[i] for i in phrases], top_k), strict=True
    ):
        results[i] = result
    for i, text in enumerate(texts):
        if results[i] is None:
            read = list(_read(text, normaliser))
            if not read:
                results[i] = MatchResult(text, None, [], "sentence")
                continue
            scores = np.max([sentence.scores for sentence, _ in read], axis=0)
            order = [int(j) for j in np.argsort(-scores, kind="stable")[:top_k]]
            # The match is the best-ranked skill extract would return for the text.
            found = {normaliser.index_of(m.skill_id) for _, ms in read for m in ms}
            best = max(found, key=lambda j: (scores[j], -j)) if found else None
            if best is not None and best not in order:  # a name found, ranked lower
                order = [*order[: top_k - 1], best]
            results[i] = MatchResult(
                text,
                normaliser.skills[best].skill_id if best is not None else None,
                [
                    (normaliser.skills[j].skill_id, normaliser.skills[j].name, float(scores[j]))
                    for j in order
                ],
                "sentence",
            )
    return [r for r in results if r is not None]


def extract_skills(
    text: str,
    normaliser: SkillNormaliser,
    threshold: float = EXTRACT_THRESHOLD,
    choose: Choose | None = None,
    pool_size: int = RERANK_POOL,
) -> list[Mention]:
    """The skills a sentence or a whole job description mentions, multi-label, each with the
    span it came from and a score, against whatever framework is loaded (see
    `mentions_by_sentence`). A skill found several times keeps its best mention (a name
    before a reading). A text that is one phrase ("k8s", "5+ years PySpark") is the phrase
    ranking's match, as `skills match` gives it."""
    if normaliser.skills and not reads_as_sentence(text) and _one_item(text):
        return _phrase_mention(text, normaliser)
    best: dict[str, Mention] = {}
    for _, _, mentions in mentions_by_sentence(text, normaliser, threshold, choose, pool_size):
        for mention in mentions:
            _keep(best, mention)
    return sorted(best.values(), key=lambda m: (m.start, -m.score))


def _phrase_mention(text: str, normaliser: SkillNormaliser) -> list[Mention]:
    result = normaliser.match_one(text)
    if result.match is None:
        return []
    score = next(score for sid, _, score in result.results if sid == result.match)
    words = list(WORD.finditer(text))
    start, end = (words[0].start(), words[-1].end()) if words else (0, len(text))
    named = normaliser.lookup.candidates(strip_cues(text)) == {result.match}
    how = "named" if named else "matched"
    return [
        Mention(
            result.match, normaliser.name(result.match), score, text[start:end], start, end, how
        )
    ]


def _keep(best: dict[str, Mention], mention: Mention) -> None:
    held = best.get(mention.skill_id)
    rank = (mention.how == "named", mention.score)
    if held is None or rank > (held.how == "named", held.score):
        best[mention.skill_id] = mention


def mentions_by_sentence(
    text: str,
    normaliser: SkillNormaliser,
    threshold: float = EXTRACT_THRESHOLD,
    choose: Choose | None = None,
    pool_size: int = RERANK_POOL,
) -> Iterator[tuple[int, int, list[Mention]]]:
    """Each sentence of `text` (its start and end offsets) with the skills it mentions:
    - every name or alias it contains as words ("named", score 1.0), when the sentence's
      score for that skill reaches `threshold`;
    - its PER_SENTENCE best other skills by `sentence_scores`, when at least `threshold`
      ("matched"), each with the candidate span closest to the skill's names when one is
      close (COVERS), else the whole sentence.
    With `choose` (the LLM re-rank), a sentence's readings are the candidates it chose
    among its `pool_size` best ("chosen", whatever their score) instead."""
    for sentence, mentions in _read(text, normaliser, threshold, choose, pool_size):
        yield sentence.start, sentence.end, mentions


def _read(
    text: str,
    normaliser: SkillNormaliser,
    threshold: float = EXTRACT_THRESHOLD,
    choose: Choose | None = None,
    pool_size: int = RERANK_POOL,
) -> Iterator[tuple[_Sentence, list[Mention]]]:
    """Each sentence scored, with its mentions (see `mentions_by_sentence`)."""
    if not normaliser.skills:
        return  # an empty framework (a partial download, skills not loaded yet) names nothing
    for sentence in _scored(text, normaliser, ALL_STEPS):
        best: dict[str, Mention] = {}
        named_at = [(m.start, m.end) for m in sentence.named]
        for mention in sentence.named:
            # A name is a mention unless it is one everyday word ("support"): then the
            # sentence must also read as the skill.
            score = sentence.scores[normaliser.index_of(mention.skill_id)]
            if not normaliser.is_common(mention.span) or score >= threshold:
                _keep(best, mention)
        # the best readings besides the skills the sentence names (those are in already)
        named_ids = {normaliser.index_of(m.skill_id) for m in sentence.named}
        order = (int(i) for i in np.argsort(-sentence.scores, kind="stable"))
        size = max(pool_size, PER_SENTENCE)
        pool = list(itertools.islice((i for i in order if i not in named_ids), size))
        chosen = None
        if choose is not None:
            chosen = choose(text[sentence.start : sentence.end], pool)
            chosen = None if chosen is None else [i for i in chosen if i in pool]
        readings = pool[:PER_SENTENCE] if chosen is None else list(chosen)
        # a span spelled like a skill's name (a typo) is read as that skill too
        typos: set[int] = set()
        for row in range(len(sentence.spans)):
            index = int(sentence.span_spelling[row].argmax())
            if sentence.span_spelling[row, index] >= TYPO:
                typos.add(index)
                if index not in readings:
                    readings.append(index)
        for index in readings:
            score = float(sentence.scores[index])
            start, end = sentence.start, sentence.end
            closest_span: tuple[int, int] | None = None
            if len(sentence.spans):
                closest = int(sentence.span_names[:, index].argmax())
                closest_span = sentence.spans[closest]
                if sentence.span_names[closest, index] >= COVERS:
                    start, end = closest_span
            if index in typos:
                score = max(score, threshold)
            picked = chosen is not None and index in chosen
            if score < threshold and not picked:
                continue
            # words already read as another skill's name are not read again
            if closest_span and any(
                s <= closest_span[0] and closest_span[1] <= e for s, e in named_at
            ):
                continue
            skill_id = normaliser.skills[index].skill_id
            _keep(
                best,
                Mention(
                    skill_id,
                    normaliser.name(skill_id),
                    score,
                    text[start:end],
                    start,
                    end,
                    "chosen" if picked else "matched",
                ),
            )
        yield sentence, sorted(best.values(), key=lambda m: m.start)


def sentence_scores(text: str, normaliser: SkillNormaliser, steps: Steps = ALL_STEPS) -> np.ndarray:
    """skills: how strongly `text` mentions each, its best sentence's score, in 0..1:
    cosine to the skill's closest name or alias + cosine to its description, plus
    SPAN_WEIGHT × the best candidate span's cosine to its names, plus NAMED_WEIGHT when a
    name or alias appears as words; over SCALE."""
    scored = list(_scored(text, normaliser, steps))
    if not scored:
        return np.zeros(len(normaliser.skills), np.float32)
    return np.max([sentence.scores for sentence in scored], axis=0)


def rank_skills(
    text: str,
    normaliser: SkillNormaliser,
    top_k: int = 10,
    steps: Steps = ALL_STEPS,
    choose: Choose | None = None,
    pool_size: int = RERANK_POOL,
) -> list[tuple[str, float]]:
    """The skills `text` most likely mentions, best first: (skill_id, score). What the
    extraction suite ranks. With `choose` (the LLM re-rank), the candidates it chose among
    the `pool_size` best come first, in its order."""
    scores = sentence_scores(text, normaliser, steps)
    order = [int(i) for i in np.argsort(-scores, kind="stable")[: max(top_k, pool_size)]]
    if choose is not None:
        pool = order[:pool_size]
        chosen = [i for i in dict.fromkeys(choose(text, pool) or []) if i in pool]
        order = chosen + [i for i in order if i not in chosen]
    return [(normaliser.skills[i].skill_id, float(scores[i])) for i in order[:top_k]]
