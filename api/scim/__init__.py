"""SCIM 2.0 provisioning (RFC 7643/7644) at /scim/v2: an identity provider (Entra ID, Okta)
creates, updates, deactivates and deletes our users and groups.

The protocol is scim2-server's and the wire format scim2-models'; `DirectoryStorage`
connects them to our records, and api/routers/scim.py to FastAPI (authentication with a
provisioning key, limits, audit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from scim2_models import Resource, SCIMException
from scim2_server.applications.base import BaseApplication
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from scim2_server.service import ScimService

from api.scim.directory import DirectoryStorage
from api.scim.models import provider
from storage.directory import DirectoryRepository


class ScimDoor(BaseApplication):
    """Serves one SCIM request (already authenticated) and answers it, errors included."""

    def __init__(
        self,
        directory: DirectoryRepository,
        day: Callable[[], date],
        erase: Callable[[str], object],
    ):
        described = provider()
        super().__init__(described, ScimService(described))
        storage = DirectoryStorage(directory, self._model, day, erase)
        self.handler = ScimHandler(self.service, storage)

    def _model(self, name: str) -> type[Resource[Any]]:
        """The model (extensions included) of a resource type: User or Group."""
        return cast("type[Resource[Any]]", self.service.provider.model_for(name))

    def guarded(self, request: ScimRequest) -> bool:
        """Whether a request needs a provisioning key: all but the service provider's
        configuration (RFC 7643 §5); a path or method that matches nothing too, so that
        nobody learns what is served without a key."""
        try:
            return self.needs_auth(request)
        except Exception:
            return True

    def serve(self, request: ScimRequest) -> ScimResponse:
        try:
            response = self.handler.handle(request)
        except Exception as exception:
            response = self.handle_exception(request, exception)
        return self.finalize_response(request, response)

    def refuse(self, request: ScimRequest, exception: SCIMException) -> ScimResponse:
        """A SCIM error response for a request refused before it was served."""
        return self.finalize_response(request, self.service.error_response(exception))


__all__ = ["ScimDoor"]
