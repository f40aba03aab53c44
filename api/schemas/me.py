from __future__ import annotations

from api.schemas.base import Public


class MePublic(Public):
    key_id: str  # the key's id, or oidc-<hash> for a token (one per person at an issuer)
    key_name: str
    role: str
    employee_id: str | None
    name: str | None
    team: str | None
    reports: int
    min_group_size: int
    plan_weeks: int
    hours_per_week: float
