"""The base of every response shape."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Public(BaseModel):
    """A response shape. Fields it does not name still pass through (the JSON contract may
    grow), and routers exclude unset fields, so an answer carries exactly what the service
    computed."""

    model_config = ConfigDict(extra="allow")
