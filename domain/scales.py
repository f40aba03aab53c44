"""Proficiency scales and how other scales map onto the default 0–5 one.

The default scale (see docs/data-format.md): 0 none · 1 awareness · 2 basic ·
3 proficient · 4 advanced · 5 expert. Frameworks arrive in other scales (SFIA
1–7, O*NET level 0–7, percentages); they are mapped once, on import, so every
number downstream speaks one language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


@dataclass(frozen=True)
class ProficiencyScale:
    name: str
    minimum: float
    maximum: float
    labels: Mapping[int, str]
    # value on this scale -> level on the default scale
    to_default_fn: Callable[[float], int]
    integer_only: bool = True

    def to_default(self, value: float) -> int:
        """Map a value on this scale onto the default 0–5 scale."""
        if math.isnan(value) or not self.minimum <= value <= self.maximum:
            raise ValueError(
                f"{value:g} is outside the {self.name} scale ({self.minimum:g}–{self.maximum:g})"
            )
        if self.integer_only and value != int(value):
            raise ValueError(f"{value:g} is not a whole level on the {self.name} scale")
        return self.to_default_fn(value)

    def label(self, level: int) -> str:
        return self.labels.get(level, str(level))


DEFAULT_LABELS = {
    0: "none",
    1: "awareness",
    2: "basic",
    3: "proficient",
    4: "advanced",
    5: "expert",
}

DEFAULT = ProficiencyScale("default", 0, 5, DEFAULT_LABELS, lambda v: int(v))

# SFIA's levels of responsibility: 5 (ensure, advise) still guides others; only
# 6 (initiate, influence) and 7 (set strategy) set direction.
_SFIA_TO_DEFAULT = {1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 5, 7: 5}
SFIA = ProficiencyScale(
    "sfia",
    1,
    7,
    {
        1: "follow",
        2: "assist",
        3: "apply",
        4: "enable",
        5: "ensure, advise",
        6: "initiate, influence",
        7: "set strategy, inspire",
    },
    lambda v: _SFIA_TO_DEFAULT[int(v)],
)

# O*NET's level scale is anchored 0–7 and reported with decimals (e.g. 4.62).
ONET = ProficiencyScale("onet", 0, 7, {}, lambda v: _round_half_up(v * 5 / 7), integer_only=False)

PERCENT = ProficiencyScale("percent", 0, 100, {}, lambda v: _round_half_up(v / 20), False)

SCALES: dict[str, ProficiencyScale] = {s.name: s for s in (DEFAULT, SFIA, ONET, PERCENT)}


def get_scale(name: str) -> ProficiencyScale:
    try:
        return SCALES[name.strip().lower() or "default"]
    except KeyError:
        raise ValueError(f"unknown scale '{name}' (known: {', '.join(SCALES)})") from None


def onet_importance_to_default(value: float) -> int:
    """O*NET importance is 1–5 with decimals; ours is whole 1–5."""
    if not 1 <= value <= 5:
        raise ValueError(f"{value:g} is outside O*NET's importance scale (1–5)")
    return max(1, min(5, _round_half_up(value)))
