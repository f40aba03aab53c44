"""The skills a sentence or a whole text mentions, against whatever framework is loaded:
multi-label, each with the words it came from and a score (`talent skills extract`,
`POST /v1/skills/extract`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.normalise import SkillNormaliser

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
    how: str  # "named": a name or alias in the text; "matched": the normaliser's reading

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


def extract_skills(text: str, normaliser: SkillNormaliser) -> list[Mention]:
    """The skills a sentence or a whole job description mentions, multi-label, each with the
    span it came from and a score, against whatever framework is loaded:
    1. names and aliases appearing as whole words (score 1.0, "named");
    2. each list item of each sentence, cue-stripped, through the normaliser ("matched",
       its score), kept when the normaliser calls it a match;
    3. the whole sentence through the normaliser, its best reading kept when a match.
    A skill found several times keeps its best mention (a name before a reading)."""
    best: dict[str, Mention] = {}

    def keep(mention: Mention) -> None:
        held = best.get(mention.skill_id)
        rank = (mention.how == "named", mention.score)
        if held is None or rank > (held.how == "named", held.score):
            best[mention.skill_id] = mention

    spans: list[tuple[int, int]] = []
    for sentence in SENTENCE.finditer(text):
        body = sentence.group()
        if not body.strip():
            continue
        named = normaliser.named_in(body)
        for skill_id, start, end in named:
            at = sentence.start()
            keep(
                Mention(
                    skill_id,
                    normaliser.name(skill_id),
                    1.0,
                    text[at + start : at + end],
                    at + start,
                    at + end,
                    "named",
                )
            )
        covered = [(sentence.start() + s, sentence.start() + e) for _, s, e in named]
        for start, end in _candidates(body, sentence.start()):
            if not any(s <= start and end <= e for s, e in covered):
                spans.append((start, end))
        stripped = body.strip()
        lead = body.find(stripped)
        spans.append((sentence.start() + lead, sentence.start() + lead + len(stripped)))
    phrases = [text[s:e] for s, e in spans]
    for (start, end), result in zip(spans, normaliser.match(phrases, top_k=1), strict=True):
        if result.match is not None:
            keep(
                Mention(
                    result.match,
                    normaliser.name(result.match),
                    result.results[0][2],
                    text[start:end],
                    start,
                    end,
                    "matched",
                )
            )
    return sorted(best.values(), key=lambda m: (m.start, -m.score))
