"""Shared services and the `Annotated` dependencies routers use."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from agent.access import AccessDenied, Caller, CallerRole
from agent.capabilities import call_tool
from api import audit
from api.errors import Unauthorized
from api.limits import Limiter
from api.oidc import (
    OidcVerifier,
    TokenClaims,
    TokenRejected,
    looks_like_jwt,
    role_for,
    token_key_id,
)
from core.settings import MACHINE_ROLES
from services import Services


@dataclass(frozen=True)
class Principal:
    """The authenticated key: its id and label (for the audit log) and the caller it speaks for."""

    key_id: str
    key_name: str
    caller: Caller

    @property
    def role(self) -> str:
        return self.caller.role.value


@dataclass(frozen=True)
class SystemKey:
    """A system's key (MACHINE_ROLES): it speaks for no person and has one door."""

    key_id: str
    key_name: str
    role: str


# The accessors below are `async def` though they never await: FastAPI runs a plain `def`
# dependency in a worker thread, and a thread hop per accessor per request was a large
# share of a request's cost under load (docs/benchmarks.md).
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_limiter(request: Request) -> Limiter:
    limiter: Limiter = request.app.state.limiter
    return limiter


async def get_system_limiter(request: Request) -> Limiter:
    limiter: Limiter = request.app.state.system_limiter
    return limiter


async def get_auth_failures(request: Request) -> Limiter:
    failures: Limiter = request.app.state.auth_failures
    return failures


ServicesDep = Annotated[Services, Depends(get_services)]
LimiterDep = Annotated[Limiter, Depends(get_limiter)]
AuthFailuresDep = Annotated[Limiter, Depends(get_auth_failures)]
SystemLimiterDep = Annotated[Limiter, Depends(get_system_limiter)]


def authenticate(
    request: Request, services: ServicesDep, limiter: LimiterDep, failures: AuthFailuresDep
) -> Principal:
    # An address that failed too often waits, whatever it sends now: guessing keys stops.
    address = request.client.host if request.client else "unknown"
    failures.check(address)
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    verifier: OidcVerifier | None = request.app.state.oidc
    if verifier and scheme.lower() == "bearer" and looks_like_jwt(key.strip()):
        try:
            principal = _token_principal(verifier, services, key.strip())
        except TokenRejected as exc:
            if exc.forged:  # an expired genuine token is someone to send back to sign in
                failures.hit(address)
            audit.note(request, auth="token", refused=str(exc))
            raise
        except AccessDenied:
            # no subject noted: it may be an erased person's
            audit.note(request, auth="token", refused="names no employee")
            raise
        request.state.principal = principal
        limiter.hit(principal.key_id)
        return principal
    record = _verified_key(request, services, failures, address, header)
    if record["role"] in MACHINE_ROLES:
        request.state.principal = SystemKey(record["key_id"], record["name"], record["role"])
        raise AccessDenied(
            f"this is a {record['role']} key: it serves {DOORS[record['role']]} only, "
            "and reads nothing here"
        )
    principal = Principal(
        record["key_id"],
        record["name"],
        Caller(CallerRole(record["role"]), record["employee_id"], record["name"]),
    )
    request.state.principal = principal  # the audit row names the key, even when limited
    limiter.hit(record["key_id"])
    return principal


# Where each system key may go.
DOORS = {"provisioning": "SCIM provisioning at /scim/v2", "lms": "learning completions at /xapi"}


def _verified_key(
    request: Request, services: Services, failures: Limiter, address: str, header: str
) -> dict[str, Any]:
    """The active key record the Authorization header presents, or Unauthorized (and a
    failure counted against the address)."""
    scheme, _, key = header.partition(" ")
    record = services.store.keys.verify(key.strip()) if scheme.lower() == "bearer" else None
    if record is None:
        failures.hit(address)
        if scheme.lower() != "bearer" or not key.strip():
            raise Unauthorized("missing API key: send 'Authorization: Bearer <key>'")
        raise Unauthorized("invalid or revoked API key")
    return record


def authenticate_system(
    request: Request, services: Services, limiter: Limiter, failures: Limiter, role: str
) -> SystemKey:
    """A system's key for its door (`role`, one of MACHINE_ROLES): a person's key or
    another system's is refused here, as a system's key is refused everywhere else.
    HTTP Basic is taken too, the key as the password: how LMSs authenticate to a learning
    record store."""
    address = request.client.host if request.client else "unknown"
    failures.check(address)
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "basic":
        try:
            user, _, password = base64.b64decode(credentials.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            user = password = ""
        header = f"Bearer {password or user}"
    record = _verified_key(request, services, failures, address, header)
    if record["role"] != role:
        failures.hit(address)
        raise Unauthorized(
            f"this is not a {role} key: {DOORS[role]} takes a key made with "
            f"'talent keys create --role {role}'"
        )
    system = SystemKey(record["key_id"], record["name"], record["role"])
    request.state.principal = system  # the audit row names the key, even when limited
    limiter.hit(system.key_id)
    return system


def _token_principal(verifier: OidcVerifier, services: Services, token: str) -> Principal:
    """The caller an identity provider's token speaks for: its employee claim matched to a
    record that exists now (so an erased person's token stops at once), its groups mapped
    to a role. The audit names the token's subject and the employee it was matched to."""
    token_claims = verifier.verify(token)
    settings = services.settings
    org = services.org()
    value = token_claims.person
    verified = settings.oidc_email_verified_claim
    if (
        settings.oidc_employee_match == "email"
        and verified
        and token_claims.claims.get(verified) is not True
    ):
        raise AccessDenied(
            f"this sign-in's email address is not verified by the identity provider "
            f"(its '{verified}' claim is not true), so it cannot name an employee"
        )
    if settings.oidc_employee_match == "email":
        person = org.employee_by_email(value) if value else None
    else:
        person = org.employees.get(value) if value else None
    if person is None:
        raise AccessDenied(
            f"this sign-in (subject '{token_claims.subject}') is for nobody talent-insights "
            f"knows: its '{settings.oidc_employee_claim}' claim matches no employee's "
            f"{settings.oidc_employee_match} (unknown, or erased). Ask HR to check your record."
        )
    return Principal(
        token_key_id(verifier.issuer, token_claims.subject),
        f"oidc:{token_claims.subject} as {person.employee_id}",
        Caller(
            CallerRole(_token_role(services, token_claims, person.employee_id)),
            person.employee_id,
            person.name,
        ),
    )


def _token_role(services: Services, token_claims: TokenClaims, employee_id: str) -> str:
    """The role a sign-in's groups grant through the role map. Groups provisioned over SCIM
    count by name: a token that lists group ids (Entra ID sends object ids, which SCIM sent
    as the groups' externalId) maps through their display names, and a token with no
    groups claim at all gets the groups the person is a provisioned member of."""
    role_map = services.settings.oidc_role_map
    if not role_map:
        return token_claims.role
    directory = services.store.directory
    if token_claims.groups is None:
        return role_for(directory.group_names_of(employee_id), role_map)
    names = directory.group_names(token_claims.groups)
    return role_for([*token_claims.groups, *names], role_map)


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def run_tool(
    request: Request, services: Services, principal: Principal, tool: str, args: dict[str, Any]
) -> dict[str, Any]:
    """Call one tool as the caller (the tool enforces the access rules), note it for the
    audit row, and return the tool's JSON: the same contract as the CLI's `--json`."""
    result = call_tool(services.context(principal.caller), tool, args)
    audit.note(request, tools=[tool], cited=[f"{c.type}:{c.id}" for c in result.citations])
    return result.data
