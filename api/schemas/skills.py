from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, WithJsonSchema, field_validator

from api.pagination import PagePublic
from api.schemas.base import Public
from retrieval.extract import reads_as_sentence


class SkillSummary(Public):
    skill_id: str
    name: str
    category: str
    aliases: list[str]


class SkillsPublic(PagePublic):
    skills: list[SkillSummary]


class SkillPublic(Public):
    skill_id: str
    name: str
    category: str
    description: str
    aliases: list[str]
    # A pair as a two-item array. Described without prefixItems: some OpenAPI 3.1 tools
    # (schemathesis among them) read prefixItems as the old list-form "items" and reject it.
    levels: Annotated[
        list[tuple[int, str]],
        WithJsonSchema(
            {
                "type": "array",
                "items": {
                    "type": "array",
                    "minItems": 2,
                    "maxItems": 2,
                    "items": {"type": ["integer", "string"]},
                },
            }
        ),
    ] = Field(description="(level, descriptor) pairs")


# One request is bounded: what these caps admit is matched in a few seconds at ESCO's size
# (docs/benchmarks.md). A phrase is cheap; a sentence is ranked by the extractor (about
# 0.1 s each at ESCO's size, 100 in 13 s on 2 cores), so a request holds at most
# MAX_SENTENCES of them.
MAX_PHRASES = 1000
MAX_PHRASE_CHARS = 500  # a sentence from a job ad fits
MAX_PHRASES_CHARS = 50_000
MAX_SENTENCES = 50
MAX_EXTRACT_CHARS = 20_000


class MatchRequest(BaseModel):
    phrases: list[Annotated[str, StringConstraints(max_length=MAX_PHRASE_CHARS)]] = Field(
        min_length=1,
        max_length=MAX_PHRASES,
        description=f"at most {MAX_PHRASES} phrases or sentences of at most {MAX_PHRASE_CHARS} "
        f"characters, {MAX_PHRASES_CHARS:,} in all, {MAX_SENTENCES} of them sentences; a "
        "sentence is ranked as "
        "/v1/skills/extract ranks it (every skill it mentions: /v1/skills/extract)",
        examples=[["k8s", "5+ years PySpark", "You will keep the warehouse stock records"]],
    )
    top: int = Field(default=5, ge=1, le=50)

    @field_validator("phrases")
    @classmethod
    def _bounded(cls, phrases: list[str]) -> list[str]:
        total = sum(len(p) for p in phrases)
        if total > MAX_PHRASES_CHARS:
            raise ValueError(
                f"the phrases hold {total:,} characters; at most {MAX_PHRASES_CHARS:,} in all "
                "per request (send the rest in another)"
            )
        sentences = sum(1 for p in phrases if reads_as_sentence(p))
        if sentences > MAX_SENTENCES:
            raise ValueError(
                f"{sentences} of the texts are sentences (more than six words); at most "
                f"{MAX_SENTENCES} per request (send the rest in another, or a whole text to "
                "/v1/skills/extract)"
            )
        return phrases


class MatchCandidate(Public):
    skill_id: str
    name: str
    score: float


class MatchResult(Public):
    query: str
    read_as: Literal["phrase", "sentence"] = Field(
        description="which ranking the text went through: a phrase's (names, aliases, "
        "spelling and meaning) or a sentence's (the extractor's)"
    )
    match: str | None = Field(description="the skill the text names, or null for no match")
    results: list[MatchCandidate]


class MatchesPublic(Public):
    results: list[MatchResult]


class ExtractRequest(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=MAX_EXTRACT_CHARS,  # a long job description; every sentence is matched
        description=f"at most {MAX_EXTRACT_CHARS:,} characters (a long job description)",
        examples=["You will build pipelines in Python, SQL and Apache Spark on k8s."],
    )
    rerank: bool = Field(
        default=False,
        description="also let the configured LLM choose among each sentence's best candidates "
        "(it can only choose among them; without an LLM the extractor's result is returned, "
        "saying so)",
    )


class MentionPublic(Public):
    skill_id: str
    name: str
    score: float
    span: str = Field(description="the words of the text the skill was read from")
    start: int = Field(description="character offset of the span in the text")
    end: int
    how: str = Field(
        description="named (a name or alias appears), matched (the extractor's reading) or "
        "chosen (the LLM re-rank chose it among the extractor's candidates)"
    )


class RerankPublic(Public):
    applied: bool = Field(description="whether the model's choice shaped the mentions")
    sentences: int = Field(description="sentences the model chose for")
    left_to_extractor: int = Field(description="sentences the extractor answered alone")
    failure: str | None = Field(default=None, description="why the model's choice is missing")


class MentionsPublic(Public):
    mentions: list[MentionPublic]
    rerank: RerankPublic | None = Field(default=None, description="present when asked for")
