"""The one place configuration is read. Nothing else looks at the environment."""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# One site: http(s), a host name or address, an optional port.
_ORIGIN = re.compile(
    r"https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:]+\])(?::\d{1,5})?"
)

# The roles a caller can have (agent/access.py). A token whose groups map to several gets
# the first of them in this order.
ROLES = ("admin", "hr", "manager", "evaluator", "employee")
# Keys for systems, not people, each with one door: "provisioning" writes people over SCIM
# (/scim/v2), "lms" reports learning completions (/xapi). Neither reads anything else.
MACHINE_ROLES = ("provisioning", "lms")
# Signing algorithms a token may use: asymmetric, so the keys we hold can only verify.
OIDC_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")


class Settings(BaseSettings):
    """Settings from `TALENT_*` environment variables (or a `.env` file)."""

    model_config = SettingsConfigDict(env_prefix="TALENT_", env_file=".env", extra="ignore")

    # Where everything the service keeps lives (SQLite file, Chroma index, keys…).
    home: Path = Path("./var")
    # Any SQLAlchemy URL; empty means SQLite at $TALENT_HOME/talent.db.
    database_url: str = ""
    # How long a write waits for another writer (a `talent load` elsewhere) before the
    # request gets 503 with Retry-After.
    store_busy_timeout_ms: int = Field(default=10_000, ge=0)
    # Every process brings the database's schema up to date when it opens the store (one
    # migrates, behind a lock; storage/migrate.py). Off: processes refuse an out-of-date
    # schema and `talent db upgrade` migrates, e.g. as a deployment's own step.
    database_auto_upgrade: bool = True
    # Empty means an embedded Chroma under $TALENT_HOME/chroma; else a `chroma run` server.
    chroma_url: str = ""

    # Embedding model (docs/retrieval.md, "Choosing the embedder"): "minilm" (the packaged
    # all-MiniLM-L6-v2), "hash" (deterministic twin), a path to a sentence-transformers model
    # folder, or "endpoint" (an OpenAI-compatible /v1/embeddings, below). The index and the
    # framework's stored vectors record which model made them: after a change, `talent
    # reindex` rebuilds them, and until then they are refused.
    embedder: str = "minilm"
    # Texts per forward pass of a local model (minilm, a model folder).
    embed_batch_size: int = Field(default=64, ge=1)
    # Where a local model runs: "cpu", "cuda" (refused when torch sees no GPU) or "auto".
    embed_device: Literal["cpu", "cuda", "auto"] = "cpu"
    # The endpoint, for embedder "endpoint": its base URL (…/v1), the model it is asked for,
    # a key if it wants one, and how many texts per request. `concurrency` requests are in
    # flight at once; a connection error, a timeout, a 429 or a 5xx is tried again after
    # backoff, 2×, 4×… up to `retries` more times.
    embed_endpoint_url: str = ""
    embed_endpoint_model: str = ""
    embed_endpoint_api_key: str = ""
    embed_endpoint_batch_size: int = Field(default=64, ge=1, le=2048)
    embed_endpoint_timeout_s: float = Field(default=30.0, gt=0)
    embed_endpoint_retries: int = Field(default=3, ge=0, le=10)
    embed_endpoint_backoff_s: float = Field(default=0.5, ge=0)
    embed_endpoint_concurrency: int = Field(default=4, ge=1, le=64)
    # "chroma" (embedded, or a server when chroma_url is set) or "memory" (tests, demos).
    vector_store: str = "chroma"
    # Below this normaliser score a phrase is "no match".
    match_threshold: float = Field(default=0.45, ge=0, le=1)
    # Sentences are matched with an adaptation of the encoder to the framework, trained at
    # ingest from its descriptions (retrieval/adaptation.py; frameworks of 1,000+ described
    # skills, a few minutes at ESCO's size). Off: the encoder's vectors as they are.
    adapt_framework: bool = True
    # The chat's router (agent/router.py): below `router_min_score` a question is not
    # understood; two readings closer than `router_margin` are offered back as a choice.
    router_min_score: float = Field(default=0.35, ge=-1, le=1)
    router_margin: float = Field(default=0.02, ge=0, le=1)

    # OpenAI-compatible LLM; empty base URL means the offline planner answers alone.
    llm_base_url: str = ""
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str = ""
    llm_timeout_s: float = Field(default=30.0, gt=0)
    llm_max_steps: int = Field(default=4, ge=1)
    llm_max_retries: int = Field(default=1, ge=0, le=5)
    llm_max_tokens: int = Field(default=300, ge=16)
    # At most this many model runs at once; one more is answered offline at once, never
    # queued (so chats cannot tie up the threads REST calls need).
    llm_max_concurrent: int = Field(default=4, ge=1, le=64)
    # After this many model failures in a row the breaker opens: answers degrade at once
    # for `llm_breaker_cooldown_s`, then one probe call decides whether it closes.
    llm_breaker_failures: int = Field(default=3, ge=1)
    llm_breaker_cooldown_s: float = Field(default=30.0, gt=0)
    # Skill extraction's optional re-rank (asked for per request): how many of a sentence's
    # best candidates the model is shown and may choose among.
    llm_rerank_candidates: int = Field(default=8, ge=2, le=20)
    # How the LLM's server is asked for the re-rank's JSON: json_schema (OpenAI, vLLM,
    # Ollama), json_object_schema (llama-cpp-python), json_object or none (agent/llm.py).
    llm_response_format: Literal["json_schema", "json_object_schema", "json_object", "none"] = (
        "json_schema"
    )
    # Optional LLM judge for `talent eval run` (any OpenAI-compatible endpoint; the CLI's
    # --judge-url/--judge-model override these); an empty model means the LLM's model.
    judge_base_url: str = ""
    judge_model: str = ""
    judge_api_key: str = ""
    judge_timeout_s: float = Field(default=60.0, gt=0)
    # How the judge's server is asked for JSON: json_schema (OpenAI, vLLM, Ollama),
    # json_object_schema (llama-cpp-python), json_object or none (see eval/judge.py).
    judge_response_format: str = "json_schema"

    # Links an answer may carry besides the learning catalogue's own URLs (prefixes, e.g.
    # "https://learning.example.com/"); any other link or image is removed from answers.
    link_allowlist: list[str] = Field(default_factory=list)

    # API
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    cors_origins: list[str] = Field(default_factory=list)
    # Sites allowed to frame the chat widget (/embed) and hand it a key, as origins
    # ("https://intranet.example"); empty means none: the widget works only where named.
    embed_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    max_upload_bytes: int = Field(default=10_000_000, ge=1024)
    # Framework uploads larger than this are answered 202 with a job (GET /v1/jobs/{id})
    # and run in the background, one at a time per kind: about a thousand skills, whose
    # embedding takes a worker tens of seconds.
    job_threshold_bytes: int = Field(default=131_072, ge=0)
    # Where jobs run: "local" (a thread of each serving process, the embedded default),
    # "procrastinate" (a queue in PostgreSQL: any worker of any server), or "auto".
    job_queue: Literal["auto", "local", "procrastinate"] = "auto"
    # A job whose worker has not beaten for this long is run again (its work is idempotent).
    job_stalled_after_s: float = Field(default=30.0, ge=1)
    rate_limit_per_minute: int = Field(default=120, ge=1)
    # Per system key (provisioning, lms): an identity provider's sync sends a burst of
    # requests, one per user changed (Entra ID up to a few a second per application).
    system_rate_limit_per_minute: int = Field(default=3_000, ge=1)
    # Failed authentications per client address and minute before that address waits.
    auth_failures_per_minute: int = Field(default=20, ge=1)
    # Reverse proxies (addresses or networks, e.g. 127.0.0.1 or 10.0.0.0/8) whose
    # X-Forwarded-For and X-Forwarded-Proto are believed. Empty: no proxy header is believed
    # from anyone, and the client is the peer (else a client could name a new address on
    # each try and never meet the failed sign-in limit).
    trusted_proxies: list[str] = Field(default_factory=list)
    # Each serving process loads its organisation, model and search snapshot as it starts
    # (in the background), not on its first requests. `talent serve` turns it on.
    warm_on_start: bool = False
    # Where requests are counted for both limits: "database" (the store's rate_limits
    # table, shared by every worker and server on it) or "memory" (one process alone).
    rate_limit_store: Literal["database", "memory"] = "database"
    audit_retention_days: int = Field(default=365, ge=1)

    # Sign-in through the organisation's identity provider: `Authorization: Bearer <JWT>`
    # beside API keys (api/oidc.py). An empty issuer means API keys only.
    oidc_issuer: str = ""
    # The `aud` an access token must carry to be accepted here.
    oidc_audience: str = ""
    # The web app's "Sign in with …" (authorization code + PKCE); empty means no button.
    oidc_client_id: str = ""
    # Only for a provider that will not exchange a code without one (a confidential client).
    oidc_client_secret: str = ""
    oidc_provider_name: str = ""  # the button's name; empty means the issuer's host
    oidc_scopes: str = "openid profile email"
    # Which claim names the person, and which employee field its value is matched to.
    oidc_employee_claim: str = "employee_id"
    oidc_employee_match: Literal["employee_id", "email"] = "employee_id"
    # Matching by email requires the provider to vouch for the address: this claim must be
    # true. Empty only for a provider whose addresses are all verified and not editable.
    oidc_email_verified_claim: str = "email_verified"
    # Where the web app's sign-in may return (exact URLs); empty means this service's root
    # as requests reach it (run uvicorn with --proxy-headers behind a proxy).
    oidc_redirect_uris: list[str] = Field(default_factory=list)
    # The claim holding groups or roles (a dotted path, e.g. realm_access.roles), and what
    # each value grants. Unmapped values grant `employee`; several grant the highest.
    oidc_roles_claim: str = "groups"
    oidc_role_map: dict[str, str] = Field(default_factory=dict)
    # Accepted signing algorithms: asymmetric only (HMAC would let a public key sign).
    oidc_algorithms: list[str] = Field(default_factory=lambda: ["RS256", "PS256", "ES256"])
    oidc_leeway_s: int = Field(default=30, ge=0, le=300)
    # How long the issuer's keys are trusted before they are fetched again (an unknown
    # `kid` fetches them at once, at most every `oidc_jwks_min_refresh_s`).
    oidc_jwks_ttl_s: int = Field(default=3600, ge=60)
    oidc_jwks_min_refresh_s: float = Field(default=10.0, ge=1)
    environment: str = "development"

    # Where people reach this service's web app (e.g. "https://talent.example.com"), for links
    # in what it sends elsewhere; requests are answered on whatever address they reach it.
    public_url: str = ""
    # Learning-plan events (drafted, approved, rejected, an action done, completed) are POSTed
    # to this URL, e.g. an HR portal that tells the people concerned. Empty: nothing is sent.
    # The body is signed with the secret (services/webhooks.py), which the receiver must
    # check: anyone who can reach it could otherwise announce approvals.
    plan_webhook_url: str = ""
    plan_webhook_secret: str = ""
    # Deliveries run on a background thread, never in the request: a receiver that is down,
    # slow or answers 5xx/429 is tried again with doubling waits (backoff, 2×, 4×…), up to
    # `attempts` tries in all; then the event is logged as lost.
    plan_webhook_attempts: int = Field(default=5, ge=1, le=20)
    plan_webhook_backoff_s: float = Field(default=1.0, ge=0)
    plan_webhook_timeout_s: float = Field(default=5.0, gt=0)

    # Domain
    ai_categories: list[str] = Field(default_factory=lambda: ["AI"])
    stale_after_months: int = Field(default=24, ge=1)
    # The day analytics are computed for; empty means today (set it for reproducible runs).
    as_of: date | None = None
    max_mentees_per_mentor: int = Field(default=2, ge=1)
    # Learning plans and workforce scenarios: the horizon and weekly learning time used when
    # a request names none. These are the only defaults: nothing else in the code sets them.
    default_plan_weeks: int = Field(default=12, ge=1, le=260)
    default_hours_per_week: float = Field(default=4.0, gt=0, le=40)
    # Build/buy/borrow: a gap that training closes within this many weeks is "build".
    build_weeks: int = Field(default=26, ge=1, le=520)
    # Scenarios count a person as ready for a role from this readiness on.
    readiness_threshold: float = Field(default=0.8, gt=0, le=1)
    min_group_size: int = Field(default=5, ge=1)
    currency: str = "EUR"
    # Talent flow (domain/talent_flow.py): time to fill, internal fill and retention are
    # computed over the window of months up to the day asked about; a vacancy open longer
    # than `long_open_days` is called out. A top technologist is at `top_technologist_level`
    # or above in a skill of these categories that a critical requirement asks for.
    flow_window_months: int = Field(default=12, ge=1, le=60)
    # Scorecard targets are owned jointly by one person from each side: departments that
    # count as HR, and as IT (employees.csv's `department`).
    hr_departments: list[str] = Field(default_factory=lambda: ["HR"])
    it_departments: list[str] = Field(default_factory=lambda: ["IT"])
    long_open_days: int = Field(default=90, ge=1)
    top_technologist_level: int = Field(default=4, ge=1, le=5)
    top_technologist_categories: list[str] = Field(
        default_factory=lambda: [
            "AI",
            "Data",
            "Cloud & Platform",
            "Software Engineering",
            "Security",
            "IT Service Management",
        ]
    )

    log_level: str = "INFO"
    log_json: bool = False
    # Tests only: named points where the process dies as if killed (core/faults.py), to show
    # that the store and the index agree again after a restart. Never set in production.
    crash_at: list[str] = Field(default_factory=list)

    @field_validator("embed_origins")
    @classmethod
    def _single_sites(cls, origins: list[str]) -> list[str]:
        cleaned = []
        for origin in origins:
            value = origin.strip().rstrip("/")
            if not _ORIGIN.fullmatch(value):
                raise ValueError(
                    f"'{origin}' is not one site's origin (scheme://host[:port], no wildcard "
                    "or path), e.g. https://intranet.example"
                )
            cleaned.append(value)
        return cleaned

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy.strip(), strict=False)
            except ValueError:
                raise ValueError(
                    f"'{proxy}' is not an address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
                ) from None
        return [p.strip() for p in proxies]

    @field_validator("oidc_issuer")
    @classmethod
    def _secure_issuer(cls, issuer: str) -> str:
        issuer = issuer.strip()  # kept as written: tokens' `iss` must equal it exactly
        if not issuer:
            return issuer
        url = urlsplit(issuer)
        loopback = url.hostname in {"127.0.0.1", "localhost", "::1"}
        if not url.hostname or not (url.scheme == "https" or (url.scheme == "http" and loopback)):
            raise ValueError(
                f"'{issuer}' is not an issuer URL: https://host[/path] (http only on loopback)"
            )
        return issuer

    @field_validator("oidc_algorithms")
    @classmethod
    def _asymmetric_only(cls, algorithms: list[str]) -> list[str]:
        refused = [a for a in algorithms if a not in OIDC_ALGORITHMS]
        if refused or not algorithms:
            raise ValueError(
                f"{refused or 'none'} not accepted: choose among {', '.join(OIDC_ALGORITHMS)} "
                "('none' and HMAC algorithms are never accepted)"
            )
        return algorithms

    @field_validator("oidc_role_map")
    @classmethod
    def _known_roles(cls, mapping: dict[str, str]) -> dict[str, str]:
        wrong = {group: role for group, role in mapping.items() if role not in ROLES}
        if wrong:
            raise ValueError(f"{wrong}: each group maps to one of {', '.join(ROLES)}")
        return mapping

    @model_validator(mode="after")
    def _audience_with_issuer(self) -> Settings:
        if self.oidc_issuer and not self.oidc_audience:
            raise ValueError(
                "TALENT_OIDC_AUDIENCE is needed with TALENT_OIDC_ISSUER: the `aud` tokens "
                "for this service carry (tokens meant for another service are refused)"
            )
        return self

    @field_validator("public_url", "plan_webhook_url")
    @classmethod
    def _web_url(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip()
        if not value:
            return value
        url = urlsplit(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"'{value}' is not a web address: http(s)://host[:port][/path]")
        # The base of links (…/#/plans/<id>): one slash between it and the fragment.
        return value.rstrip("/") if info.field_name == "public_url" else value

    @model_validator(mode="after")
    def _webhook_secret(self) -> Settings:
        # Unsigned (or guessably signed) events would let anyone who can reach the receiver
        # announce an approval, so a URL without a real secret is refused, not sent unsigned.
        if self.plan_webhook_url and len(self.plan_webhook_secret) < 16:
            raise ValueError(
                "TALENT_PLAN_WEBHOOK_SECRET is needed with TALENT_PLAN_WEBHOOK_URL: at least "
                "16 characters (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`), "
                "the same secret the receiver checks signatures with"
            )
        return self

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        value = value.strip()
        if not looks_like_path(value):
            return value  # a name: retrieval/embeddings.py knows which exist
        folder = Path(value).expanduser()
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise ValueError(
                f"'{value}' is not a sentence-transformers model folder (no modules.json or "
                "config.json there); give minilm, hash, endpoint or such a folder"
            )
        return str(folder.resolve())

    @field_validator("embed_endpoint_url")
    @classmethod
    def _endpoint_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        url = urlsplit(value)
        if value and (url.scheme not in ("http", "https") or not url.hostname):
            raise ValueError(
                f"'{value}' is not an endpoint's base URL: http(s)://host[:port]/v1, to which "
                "/embeddings is added"
            )
        return value

    @model_validator(mode="after")
    def _endpoint_named(self) -> Settings:
        if self.embedder == "endpoint" and not (
            self.embed_endpoint_url and self.embed_endpoint_model
        ):
            raise ValueError(
                "TALENT_EMBEDDER=endpoint needs TALENT_EMBED_ENDPOINT_URL (e.g. "
                "http://127.0.0.1:8081/v1) and TALENT_EMBED_ENDPOINT_MODEL"
            )
        return self

    @field_validator("environment")
    @classmethod
    def _known_environment(cls, value: str) -> str:
        if value not in {"development", "test", "production"}:
            raise ValueError("must be development, test or production")
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'talent.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"


def looks_like_path(embedder: str) -> bool:
    """A model folder is named by a path; the built-in embedders by a bare word."""
    return "/" in embedder or "\\" in embedder or embedder.startswith(("~", "."))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, validated once at start."""
    return Settings()
