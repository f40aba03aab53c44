"""Extracting requirements from job-description text, for a person to review.

Each bullet or sentence is read by the skill extractor (retrieval/extract.py, as `talent
skills extract` reads it): the names and aliases it contains (confidence 0.95), or, when it
names none, the skills it reads as (confidence: the extractor's score). The
level comes from cues in the line — years ("5+ years" → 4), words ("expert" → 5,
"advanced"/"deep" → 4, "solid"/"proficient" → 3, "familiar"/"basic" → 2) — and otherwise
from the section (must-have 3, nice-to-have 2). Importance comes from the section: must
have 5, responsibilities 4, nice to have 2, anything else 3. Every result is marked
`inferred`, with the text span it came from and a confidence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from domain.models import Requirement
from retrieval.chunking import markdown_sections
from retrieval.extract import Mention, mentions_by_sentence
from retrieval.normalise import SkillNormaliser

EXACT_CONFIDENCE = 0.95
SECTION_IMPORTANCE = (
    (re.compile(r"nice|bonus|plus|preferred|desirable|optional", re.I), 2, 2),
    (re.compile(r"must|require|essential|what you bring|qualification|you have", re.I), 5, 3),
    (re.compile(r"responsib|you will|what you.ll do|duties", re.I), 4, 3),
)
_SOLID = (
    r"\b(solid|proficient|proficiency|hands.on|working knowledge|experience (with|in)"
    r"|independently)\b"
)
LEVEL_WORDS = (
    (re.compile(r"\b(expert|mastery|world.class|authority)\b", re.I), 5),
    (re.compile(r"\b(advanced|deep|extensive|strong|senior|lead)\b", re.I), 4),
    (re.compile(_SOLID, re.I), 3),
    (
        re.compile(
            r"\b(familiar|familiarity|basic|exposure|awareness|understanding of|some)\b", re.I
        ),
        2,
    ),
)
YEARS = re.compile(r"(\d+)\s*\+?\s*(?:years?|yrs?)", re.I)


@dataclass(frozen=True)
class Extracted:
    requirement: Requirement
    section: str


def level_from_cues(line: str, default: int) -> int:
    years = [int(y) for y in YEARS.findall(line)]
    if years:
        most = max(years)
        return 5 if most >= 8 else 4 if most >= 5 else 3 if most >= 2 else 2
    for pattern, level in LEVEL_WORDS:
        if pattern.search(line):
            return level
    return default


def section_weights(heading: str) -> tuple[int, int]:
    """(importance, default level) for a section heading."""
    for pattern, importance, level in SECTION_IMPORTANCE:
        if pattern.search(heading):
            return importance, level
    return 3, 3


def extract_requirements(text: str, normaliser: SkillNormaliser) -> list[Requirement]:
    lines: list[tuple[str, int, int]] = []  # (line, importance, default level)
    for heading, blocks in markdown_sections(text):
        importance, default_level = section_weights(heading)
        if re.search(r"about|company|benefit|offer|overview", heading, re.I):
            continue  # context, not requirements
        lines.extend((block.lstrip("- ").strip(), importance, default_level) for block in blocks)
    # All lines read at once (the extractor embeds many sentences together), one per line.
    joined = "\n".join(line for line, _, _ in lines)
    starts = [0]
    for line, _, _ in lines:
        starts.append(starts[-1] + len(line) + 1)
    by_line: list[list[Mention]] = [[] for _ in lines]
    for start, _, mentions in mentions_by_sentence(joined, normaliser):
        by_line[bisect.bisect_right(starts, start) - 1].extend(mentions)
    found: dict[str, Requirement] = {}
    for (line, importance, default_level), mentions in zip(lines, by_line, strict=True):
        # A line that names skills is read by its names; another by what it reads as.
        named = [m for m in mentions if m.how == "named"]
        level = level_from_cues(line, default_level)
        for mention in named or mentions:
            confidence = EXACT_CONFIDENCE if mention.how == "named" else round(mention.score, 3)
            _keep(found, Requirement(mention.skill_id, level, importance, True, line, confidence))
    return sorted(found.values(), key=lambda q: (-q.importance, -q.level, q.skill_id))


def _keep(found: dict[str, Requirement], candidate: Requirement) -> None:
    held = found.get(candidate.skill_id)
    if held is None or (candidate.importance, candidate.level, candidate.confidence) > (
        held.importance,
        held.level,
        held.confidence,
    ):
        found[candidate.skill_id] = candidate
