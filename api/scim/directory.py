"""scim2-server's storage over our directory (storage/directory.py): SCIM users and groups
to and from employee records.

scim2-server does the protocol (routing, validation, PATCH, filters, sorting, ETags,
errors) with scim2-models; this class only reads and writes records, translating our
errors into SCIM ones. A search looks a user up through an index when the filter compares
an indexed attribute with `eq` (what Entra ID and Okta send before creating a user), and
otherwise walks the users, which is fine for listings a page at a time but slow for an
arbitrary filter at 100,000 people.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, cast

from scim2_models import (
    Email,
    GroupMembership,
    InvalidValueException,
    Meta,
    NotFoundException,
    NotImplementedException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    ResponseParameters,
    ScimFilter,
    SearchRequest,
    UniquenessException,
)
from scim2_models.path import CompareOperator, Comparison, LogicalExpr, LogicalOperator
from scim2_server.storage import ScimStorage, SearchPage

from api.scim.models import (
    ENTERPRISE_SCHEMA,
    GROUP_SCHEMA,
    USER_SCHEMA,
    EnterpriseUser,
    Group,
    Manager,
    Member,
    Name,
    User,
)
from core.errors import ConflictError, NotFoundError, UserError
from storage.directory import (
    Address,
    DirectoryGroup,
    DirectoryRepository,
    DirectoryUser,
    GroupChange,
    Sent,
)

# The attributes a search finds through an index, by their full URN.
USER_KEYS = {
    f"{USER_SCHEMA}:id": "id",
    f"{USER_SCHEMA}:userName": "userName",
    f"{USER_SCHEMA}:externalId": "externalId",
    f"{USER_SCHEMA}:emails.value": "emails.value",
    f"{ENTERPRISE_SCHEMA}:employeeNumber": "employeeNumber",
}
GROUP_KEYS = {
    f"{GROUP_SCHEMA}:id": "id",
    f"{GROUP_SCHEMA}:displayName": "displayName",
    f"{GROUP_SCHEMA}:externalId": "externalId",
}
# Users built and matched per batch when a filter has no indexed equality.
_BATCH = 500


class DirectoryStorage(ScimStorage):
    """Users are employees (id = employee id), groups are groups; see storage/directory.py.

    `day` gives the day a deactivation or reactivation is dated (the service's as-of day),
    `erase` is the erasure a DELETE of a user runs (the same as `talent forget employee`)."""

    def __init__(
        self,
        directory: DirectoryRepository,
        models: Callable[[str], type[Resource[Any]]],
        day: Callable[[], date],
        erase: Callable[[str], object],
    ):
        self.directory = directory
        self.model = models
        self.day = day
        self.erase = erase

    # ------------------------------------------------------------------ reading

    def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        with _translated():
            if resource_type.name == "User":
                return self._user(self.directory.user(resource_id, self.day()))
            return self._group(self.directory.group(resource_id))

    def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        if len(resource_types) != 1:
            raise NotImplementedException(detail="search /Users or /Groups, not the root")
        is_user = resource_types[0].name == "User"
        scim_filter = search_request.filter
        ids = self._candidates(is_user, scim_filter)
        sorting = search_request.sort_by is not None
        start = search_request.start_index_0 or 0
        count = search_request.count
        if scim_filter is None and not sorting:
            # a plain listing: only the page is built
            stop = None if count is None else start + count
            return SearchPage(len(ids), self._build(is_user, ids[start:stop]))
        found: list[Resource[Any]] = []
        for first in range(0, len(ids), _BATCH):
            batch = self._build(is_user, ids[first : first + _BATCH])
            found.extend(r for r in batch if scim_filter is None or scim_filter.match(r))
        if sorting:
            descending = search_request.sort_order == SearchRequest.SortOrder.descending
            found.sort(key=lambda r: _sort_key(search_request, r), reverse=descending)
        stop = None if count is None else start + count
        return SearchPage(len(found), found[start:stop])

    def _candidates(self, is_user: bool, scim_filter: ScimFilter[Any] | None) -> list[str]:
        """The ids a search looks at: those an indexed `eq` in the filter names, else all."""
        keys = USER_KEYS if is_user else GROUP_KEYS
        for term in _conjuncts(scim_filter):
            if not isinstance(term.value, str):
                continue
            binding = cast(ScimFilter[Any], scim_filter).resolve_comparison(
                term.attr_path, strict=False
            )
            key = keys.get(binding.urn) if binding is not None else None
            if key is not None:
                with _translated():
                    if is_user:
                        return self.directory.find_users(key, term.value)
                    return self.directory.find_groups(key, term.value)
        return self.directory.user_ids() if is_user else self.directory.group_ids()

    def _build(self, is_user: bool, ids: list[str]) -> list[Resource[Any]]:
        if is_user:
            return [self._user(u) for u in self.directory.users(ids, self.day())]
        return [self._group(g) for g in self.directory.groups(ids)]

    def _user(self, user: DirectoryUser) -> Resource[Any]:
        model = cast("type[User[EnterpriseUser]]", self.model("User"))
        sent = user.sent
        names = (sent.formatted_name, sent.given_name, sent.family_name)
        resource = model(
            id=user.employee_id,
            external_id=sent.external_id,
            user_name=sent.user_name,
            name=Name(formatted=names[0], given_name=names[1], family_name=names[2])
            if any(n is not None for n in names)
            else None,
            display_name=sent.display_name,
            title=sent.title,
            # as employed on the day (a leave recorded by HR counts), unless never sent
            active=None if sent.active is None else user.employed,
            emails=[
                Email(value=a.value, type=cast(Any, a.type), primary=a.primary, display=a.display)
                for a in sent.emails
            ]
            or None,
            groups=[
                GroupMembership(
                    value=group_id, display=name, type="direct", ref=_ref(f"Groups/{group_id}")
                )
                for group_id, name in user.groups
            ]
            or None,
        )
        extension = EnterpriseUser(
            employee_number=sent.employee_number,
            department=sent.department,
            manager=Manager(value=sent.manager_id, ref=_ref(f"Users/{sent.manager_id}"))
            if sent.manager_id
            else None,
        )
        if extension.model_dump(exclude_none=True, exclude={"schemas"}):
            resource[EnterpriseUser] = extension
        return _with_meta(resource, "User", user.created_at, user.updated_at)

    def _group(self, group: DirectoryGroup) -> Resource[Any]:
        model = cast("type[Group]", self.model("Group"))
        resource = model(
            id=group.group_id,
            external_id=group.external_id,
            display_name=group.display_name,
            members=[
                Member(value=employee_id, ref=_ref(f"Users/{employee_id}"), type="User")
                for employee_id, _name in group.members
            ]
            or None,
        )
        return _with_meta(resource, "Group", group.created_at, group.updated_at)

    # ------------------------------------------------------------------ writing

    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        with _translated():
            if resource_type.name == "User":
                employee_id = self.directory.create_user(
                    _user_change(cast("User[EnterpriseUser]", resource)), self.day()
                )
                return self.get(resource_type, employee_id)
            group_id = self.directory.create_group(_group_change(cast(Group, resource)))
            return self.get(resource_type, group_id)

    def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        resource_id = cast(str, resource.id)
        current = self.get(resource_type, resource_id)
        _check_version(current, expected_version)
        with _translated():
            if resource_type.name == "User":
                self.directory.replace_user(
                    resource_id, _user_change(cast("User[EnterpriseUser]", resource)), self.day()
                )
            else:
                self.directory.replace_group(resource_id, _group_change(cast(Group, resource)))
        return self.get(resource_type, resource_id)

    def delete(
        self, resource_type: ResourceType, resource_id: str, *, expected_version: str | None = None
    ) -> None:
        _check_version(self.get(resource_type, resource_id), expected_version)
        with _translated():
            if resource_type.name == "User":
                self.erase(resource_id)  # the erasure policy: as `talent forget employee`
            else:
                self.directory.delete_group(resource_id)


# --------------------------------------------------------------------------- helpers


@contextmanager
def _translated() -> Iterator[None]:
    """Our errors as SCIM's: a taken name 409 uniqueness, a bad value 400, none 404."""
    try:
        yield
    except NotFoundError as exc:
        raise NotFoundException(detail=str(exc)) from None
    except ConflictError as exc:
        raise UniquenessException(detail=str(exc)) from None
    except UserError as exc:
        raise InvalidValueException(detail=str(exc)) from None


def _conjuncts(scim_filter: ScimFilter[Any] | None) -> list[Comparison]:
    """The `eq` comparisons every match must satisfy (the filter's top-level `and`s)."""
    if scim_filter is None:
        return []
    node = scim_filter.ast
    terms = (
        list(node.terms)
        if isinstance(node, LogicalExpr) and node.op == LogicalOperator.and_
        else [node]
    )
    found: list[Comparison] = []
    for term in terms:
        if isinstance(term, Comparison) and term.op == CompareOperator.eq:
            found.append(term)
    return found


def _sort_key(search_request: SearchRequest[Any], resource: Resource[Any]) -> tuple[bool, Any, str]:
    value = search_request.sort_value(resource)
    return value is None, value if value is not None else "", cast(str, resource.id)


def _with_meta(
    resource: Resource[Any], kind: str, created: datetime | None, updated: datetime | None
) -> Resource[Any]:
    """meta with a version that is a hash of the content: it changes whenever the
    resource does, whoever changed it (an import, an erasure of a member, SCIM)."""
    content = json.dumps(resource.model_dump(), sort_keys=True, default=str)
    version = hashlib.sha256(content.encode()).hexdigest()[:20]
    resource.meta = Meta(
        resource_type=kind,
        created=created.replace(tzinfo=UTC) if created else None,
        last_modified=updated.replace(tzinfo=UTC) if updated else None,
        version=f'W/"{version}"',
    )
    return resource


def _check_version(current: Resource[Any], expected: str | None) -> None:
    if expected is not None and current.meta is not None and current.meta.version != expected:
        raise PreconditionFailedException(
            detail="the resource changed since that version was read; read it again"
        )


def _ref(location: str) -> Any:
    """A reference relative to the SCIM root: the server makes it a URL."""
    return location


def _user_change(resource: User[EnterpriseUser]) -> Sent:
    extension = resource[EnterpriseUser]
    name = resource.name
    manager = extension.manager if extension else None
    return Sent(
        user_name=resource.user_name or "",  # required: the schema has checked it is there
        external_id=resource.external_id,
        employee_number=extension.employee_number if extension else None,
        display_name=resource.display_name,
        formatted_name=name.formatted if name else None,
        given_name=name.given_name if name else None,
        family_name=name.family_name if name else None,
        title=resource.title,
        department=extension.department if extension else None,
        manager_id=manager.value if manager else None,
        emails=tuple(
            Address(str(e.value), e.type, e.primary, e.display)
            for e in resource.emails or ()
            if e.value
        ),
        active=resource.active,
    )


def _group_change(resource: Group) -> GroupChange:
    members = resource.members or []
    nested = [m.value for m in members if (m.type or "").lower() == "group"]
    if nested:
        raise InvalidValueException(
            detail=f"members: groups do not nest here ({', '.join(map(str, nested[:3]))} "
            "is a group); add its users instead"
        )
    return GroupChange(
        display_name=resource.display_name or "",
        external_id=resource.external_id,
        members=tuple(str(m.value) for m in members if m.value),
    )
