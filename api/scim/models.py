"""The SCIM resources we serve, narrowed from scim2-models' standard ones to what we keep.

A user is an employee: their names, work email, job title, department, manager and
whether they are active. Everything else the standard User carries (phone numbers,
addresses, photos, passwords…) is personal data we have no use for, so it is not in our
schema (GET /scim/v2/Schemas) and a provider that sends it anyway has it dropped unread
(ScimPolicy unknown=ignore), never stored. The classes keep the standard names: a schema's
name is its class's.
"""

from typing import Annotated, Any

from pydantic import Field
from scim2_models import (
    URN,
    AnyExtension,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    Email,
    ETag,
    Extension,
    External,
    Filter,
    GroupMembership,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_RESULTS = 200


class Manager(ComplexAttribute):
    """The user's manager, by the id of their SCIM user (their employee id). `$ref` is
    optional here: Entra ID and Okta send the id alone."""

    value: Annotated[str | None, Required.true, CaseExact.true] = None
    ref: Reference["User"] | None = Field(None, serialization_alias="$ref", validation_alias="$ref")
    display_name: Annotated[str | None, Mutability.read_only] = None


class EnterpriseUser(Extension):
    __schema__ = URN(ENTERPRISE_SCHEMA)

    # The first one sent becomes the employee id (the user's id), which never changes.
    employee_number: Annotated[str | None, CaseExact.true] = None
    department: str | None = None
    manager: Manager | None = None


class Name(ComplexAttribute):
    """The parts of a name we keep (no middle names, no honorifics)."""

    formatted: str | None = None
    family_name: str | None = None
    given_name: str | None = None


class User(Resource[AnyExtension]):
    __schema__ = URN(USER_SCHEMA)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    name: Name | None = None
    display_name: str | None = None
    title: str | None = None
    active: bool | None = None
    emails: list[Email] | None = None
    groups: Annotated[list[GroupMembership] | None, Mutability.read_only] = None


class Member(ComplexAttribute):
    """A group's member: a user (groups do not nest here)."""

    value: Annotated[str | None, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[
        Reference["User"] | None,
        Mutability.immutable,
    ] = Field(None, serialization_alias="$ref", validation_alias="$ref")
    type: Annotated[str | None, Mutability.immutable] = Field(None, examples=["User"])


class Group(Resource[Any]):
    __schema__ = URN(GROUP_SCHEMA)

    display_name: Annotated[str | None, Required.true] = None
    members: list[Member] | None = None


BEARER = AuthenticationScheme(
    type=AuthenticationScheme.Type.oauthbearertoken,
    name="Provisioning token",
    description=(
        "A talent-insights provisioning key (talent keys create --role provisioning), sent "
        "as 'Authorization: Bearer <key>'"
    ),
    spec_uri=Reference[External]("https://datatracker.ietf.org/doc/html/rfc6750"),
    primary=True,
)


def provider() -> ScimProvider:
    """What /scim/v2 serves: users with the enterprise extension, and groups; PATCH,
    filters, sorting and ETags; no bulk, no password change. Payloads are read as Entra ID
    and Okta send them (unkept attributes dropped, a PATCH `remove` with a value, a path
    filter that matches nothing yet)."""
    config = ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=True),
        etag=ETag(supported=True),
        authentication_schemes=[BEARER],
    )
    policy = ScimPolicy(
        unknown=ScimPolicy.Unknown.ignore,
        remove_value_as_filter=ScimPolicy.RemoveValue.apply,
        unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
    )
    return ScimProvider(
        models=[User, EnterpriseUser, Group],
        resource_types=[
            ResourceType.from_resource(User[EnterpriseUser]),
            ResourceType.from_resource(Group),
        ],
        config=config,
        policy=policy,
    )
