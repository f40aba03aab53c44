from __future__ import annotations

from api.schemas.base import Public


class CapabilityPublic(Public):
    name: str
    description: str
    who: str
    example: str
    arguments: dict[str, object]


class CapabilitiesPublic(Public):
    capabilities: list[CapabilityPublic]


class SuggestionPublic(Public):
    capability: str
    question: str


class SuggestionsPublic(Public):
    suggestions: list[SuggestionPublic]
