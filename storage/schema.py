"""Tables of the structured store (SQLAlchemy 2). SQLite by default; any SQLAlchemy URL works."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

skills = Table(
    "skills",
    metadata,
    Column("skill_id", String(128), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("category", String(128), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("aliases", JSON, nullable=False, default=list),
    # {"1": "...", ..., "5": "..."}: JSON keys are strings
    Column("level_descriptors", JSON, nullable=False, default=dict),
)

roles = Table(
    "roles",
    metadata,
    Column("role_id", String(128), primary_key=True),
    Column("title", String(256), nullable=False),
    Column("department", String(128), nullable=False, default=""),
    Column("family", String(128), nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("job_description", Text, nullable=False, default=""),
    Column("jd_source", String(512), nullable=False, default=""),
    # role ids this role leads to, in the order roles.yaml gives them (domain/paths.py)
    Column("next_roles", JSON, nullable=False, default=list),
)

role_requirements = Table(
    "role_requirements",
    metadata,
    Column("role_id", ForeignKey("roles.role_id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.skill_id", ondelete="CASCADE"), primary_key=True),
    Column("level", Integer, nullable=False),
    Column("importance", Integer, nullable=False),
    Column("inferred", Boolean, nullable=False, default=False),
    Column("evidence", Text, nullable=False, default=""),
    Column("confidence", Float, nullable=False, default=1.0),
)

employees = Table(
    "employees",
    metadata,
    Column("employee_id", String(128), primary_key=True),
    Column("name", String(256), nullable=False),
    # indexed: SCIM finds an identity provider's user by it (userName eq …)
    Column("email", String(256), nullable=False, index=True),
    Column("department", String(128), nullable=False, index=True),
    Column("team", String(128), nullable=False, index=True),
    Column("role_id", ForeignKey("roles.role_id", ondelete="SET NULL"), nullable=True, index=True),
    # Deferred so a batch may name a manager that is inserted later in the same transaction.
    Column(
        "manager_id",
        ForeignKey(
            "employees.employee_id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"
        ),
        nullable=True,
        index=True,
    ),
    Column("hire_date", Date, nullable=True),
    Column("goal_role_id", ForeignKey("roles.role_id", ondelete="SET NULL"), nullable=True),
)

skill_assertions = Table(
    "skill_assertions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "skill_id", ForeignKey("skills.skill_id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("level", Integer, nullable=False),
    Column("source", String(32), nullable=False),
    Column("assessed_on", Date, nullable=False),
    Column("evidence", Text, nullable=False, default=""),
    UniqueConstraint("employee_id", "skill_id", "source", "assessed_on", name="uq_assertion"),
)

learning_resources = Table(
    "learning_resources",
    metadata,
    Column("resource_id", String(128), primary_key=True),
    Column("title", String(512), nullable=False),
    Column("type", String(32), nullable=False),
    Column("provider", String(256), nullable=False, default=""),
    Column("internal", Boolean, nullable=False, default=False),
    Column("hours", Float, nullable=False),
    Column("cost", Float, nullable=False, default=0.0),
    Column("url", String(1024), nullable=False, default=""),
    Column("prerequisites", JSON, nullable=False, default=list),
)

resource_skills = Table(
    "resource_skills",
    metadata,
    Column(
        "resource_id",
        ForeignKey("learning_resources.resource_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("skill_id", ForeignKey("skills.skill_id", ondelete="CASCADE"), primary_key=True),
    Column("level", Integer, nullable=False),
)

# Vacancies as they ended or stand (`status`, `closed`): what they were on an earlier day
# follows from the dates. Erasing the person who filled one leaves it counted, unnamed.
vacancies = Table(
    "vacancies",
    metadata,
    Column("vacancy_id", String(128), primary_key=True),
    Column("role_id", String(128), nullable=False, index=True),
    Column("team", String(128), nullable=False),
    Column("opened", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("closed", Date, nullable=True),
    Column("filled_from", String(16), nullable=True),
    Column(
        "filled_by",
        ForeignKey("employees.employee_id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("critical", Boolean, nullable=False, default=False),
)

# Hires, moves and leaves. Former employees keep their row in `employees`; a leave on or
# before the day asked about takes them out of that day's organisation. Erasing a person
# keeps their events, counted, with nobody named (employee_id NULL).
employment_events = Table(
    "employment_events",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    Column("type", String(16), nullable=False),
    Column("on", Date, nullable=False, index=True),
    Column("role_id", String(128), nullable=True),
    Column("team", String(128), nullable=True),
    Column("voluntary", Boolean, nullable=True),
)

# Scorecard targets: a figure's value to reach (or stay within) by a date, owned jointly by
# one HR and one IT person; every change is kept in target_changes (who, when, before, after).
targets = Table(
    "targets",
    metadata,
    Column("target_id", String(64), primary_key=True),
    Column("figure", String(128), nullable=False),
    Column("value", Float, nullable=False),
    Column("direction", String(16), nullable=False),
    Column("due", Date, nullable=False),
    Column("hr_owner", ForeignKey("employees.employee_id", ondelete="SET NULL"), nullable=True),
    Column("it_owner", ForeignKey("employees.employee_id", ondelete="SET NULL"), nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("created_by", String(256), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

target_changes = Table(
    "target_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "target_id",
        ForeignKey("targets.target_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("changed_at", DateTime, nullable=False),
    Column("changed_by", String(256), nullable=False),
    Column("before", JSON, nullable=True),  # null: created
    Column("after", JSON, nullable=False),
)

# Figures the service cannot compute from people one by one (engagement, diversity):
# one aggregate value per quarter, entered by HR from its own systems. Never per person.
recorded_values = Table(
    "recorded_values",
    metadata,
    Column("series", String(128), primary_key=True),
    Column("quarter", String(8), primary_key=True),  # 2026Q3
    Column("value", Float, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("title", String(256), nullable=False),
    Column("direction", String(16), nullable=False),  # which way is better
    Column("recorded_by", String(256), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

# The committee's decisions and campaign retrospectives, with an owner, a due date and a
# status; last quarter's come back with their follow-up.
decisions = Table(
    "decisions",
    metadata,
    Column("decision_id", String(64), primary_key=True),
    Column("quarter", String(8), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # decision, retrospective
    Column("text", Text, nullable=False),
    Column("owner", ForeignKey("employees.employee_id", ondelete="SET NULL"), nullable=True),
    Column("due", Date, nullable=True),
    Column("status", String(16), nullable=False),  # open, done, dropped
    Column("follow_up", Text, nullable=False, default=""),
    Column("created_by", String(256), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# Learning plans: drafted by the service, decided by people. Erasing an employee erases
# their plans (cascade).
learning_plans = Table(
    "learning_plans",
    metadata,
    Column("plan_id", String(64), primary_key=True),
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("role_id", String(128), nullable=True),
    Column("status", String(32), nullable=False),
    Column("weeks", Integer, nullable=False),
    Column("hours_per_week", Float, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(256), nullable=False, default=""),
    Column("decided_by", String(256), nullable=True),
    Column("decided_at", DateTime, nullable=True),
    Column("comment", Text, nullable=False, default=""),
    Column("updated_at", DateTime, nullable=False),
    # gaps, actions (with done flags), next_horizon
    Column("payload", JSON, nullable=False),
    # Bumped by every change: updates are conditional on the version read, so two
    # decisions taken at once cannot both win (added later: NULL reads as 0).
    Column("version", Integer, nullable=True),
)

# Free-text profiles (CVs, self-descriptions) ingested for a person; erased with them.
profile_documents = Table(
    "profile_documents",
    metadata,
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("text", Text, nullable=False),
    Column("source_file", String(512), nullable=False, default=""),
)

# Chat conversations: per caller, so follow-ups ("and for Bob?") resolve. Erasing a person
# deletes every conversation that is theirs or mentions them.
conversations = Table(
    "conversations",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("owner", String(256), nullable=False, index=True),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# API keys: only a hash is stored; the key itself is shown once, at creation.
api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("role", String(32), nullable=False),
    Column("employee_id", String(128), nullable=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
)

# Learning completions an LMS reported (xAPI statements, or a CSV export): kept as the
# evidence behind the plan actions they completed, and, when they name nobody or no course
# we know, listed for HR to resolve (never guessed). `person` is what the LMS sent (an
# email or account name): erasure removes the rows matched to someone and those naming them.
learning_completions = Table(
    "learning_completions",
    metadata,
    Column("statement_id", String(64), primary_key=True),
    Column("source", String(256), nullable=False),  # the LMS key's name, or csv:<file>
    Column("person", String(512), nullable=False),
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    Column("activity_id", String(512), nullable=False),
    Column("activity_name", String(512), nullable=False, default=""),
    Column("resource_id", String(128), nullable=True),
    Column("verb", String(16), nullable=False),
    Column("completed_on", Date, nullable=False),
    # matched (not yet applied to plans), applied, unknown_person, unknown_activity
    Column("status", String(16), nullable=False, index=True),
    Column("actions", JSON, nullable=False, default=list),  # [{plan_id, action}] it completed
    Column("digest", String(32), nullable=False),
    Column("received_at", DateTime, nullable=False),
)

# Cross-training programmes between two departments (domain/programmes.py): a draft HR
# approves, its tracks (what each department learns from the other) kept as drafted, and who
# opted in. Pairs and progress are worked out when read. A participant row is the person's
# own opt-in (or HR recording it on their word: `recorded_by`); erasure removes it.
programmes = Table(
    "programmes",
    metadata,
    Column("programme_id", String(64), primary_key=True),
    Column("title", String(256), nullable=False),
    Column("first_department", String(128), nullable=False),
    Column("second_department", String(128), nullable=False),
    Column("starts", Date, nullable=False),
    Column("ends", Date, nullable=False),
    Column("status", String(16), nullable=False),  # draft, approved, rejected, closed
    Column("tracks", JSON, nullable=False),  # [{learners, partners, skills: [{skill_id, level}]}]
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(256), nullable=False, default=""),
    Column("decided_by", String(256), nullable=True),
    Column("decided_at", DateTime, nullable=True),
    Column("comment", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
)

programme_participants = Table(
    "programme_participants",
    metadata,
    Column(
        "programme_id",
        ForeignKey("programmes.programme_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date, nullable=True),  # withdrawn: kept for the figures up to then
    Column("recorded_by", String(256), nullable=False, default=""),
    Column("done", JSON, nullable=False, default=dict),  # {action index: day done}
)

# AI initiatives (domain/initiatives.py): a use case in text, its target date and teams, and
# the competencies read from it (inferred until HR or IT review them, as a role's are).
initiatives = Table(
    "initiatives",
    metadata,
    Column("initiative_id", String(128), primary_key=True),
    Column("title", String(256), nullable=False),
    Column("description", Text, nullable=False),
    Column("target", Date, nullable=False),
    Column("teams", JSON, nullable=False),
    # [{skill_id, level, importance, people, inferred, evidence, confidence}]
    Column("competencies", JSON, nullable=False),
    Column("source", String(512), nullable=False, default=""),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(256), nullable=False, default=""),
    Column("reviewed_by", String(256), nullable=True),
    Column("reviewed_at", DateTime, nullable=True),
)

# What an identity provider provisioned over SCIM (api/scim): its name for the person
# (userName, externalId, name parts) beside the employee record the user maps to. Every
# employee is a SCIM user; one the provider never named has no row and is known by email.
directory_users = Table(
    "directory_users",
    metadata,
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # case-folded: userName is unique regardless of case (RFC 7643 §4.1.1, caseExact false)
    Column("user_name", String(256), nullable=False, unique=True),
    # The rest as the provider last sent it (NULL: not sent), returned as sent.
    Column("external_id", String(256), nullable=True, index=True),
    # the provider's employee number; the employee id is the first one it sent, and stays
    Column("employee_number", String(256), nullable=True, index=True),
    Column("display_name", String(256), nullable=True),
    Column("formatted_name", String(256), nullable=True),
    Column("given_name", String(256), nullable=True),
    Column("family_name", String(256), nullable=True),
    Column("title", String(256), nullable=True),
    Column("department", String(256), nullable=True),
    Column("emails", JSON, nullable=False, default=list),
    Column("active", Boolean, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# SCIM groups; their display names map to access roles through the OIDC role map.
directory_groups = Table(
    "directory_groups",
    metadata,
    Column("group_id", String(64), primary_key=True),
    Column("display_name", String(256), nullable=False, unique=True),
    Column("external_id", String(256), nullable=True, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

directory_members = Table(
    "directory_members",
    metadata,
    Column(
        "group_id",
        ForeignKey("directory_groups.group_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "employee_id",
        ForeignKey("employees.employee_id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

# Which people each data version changed, for changes that touch only some people (a SCIM
# user, a completion): a serving process that sees versions it has not loaded reads these
# and updates just those people in its copy of the organisation instead of reloading it.
# A version with no row here changed something else, and means a full reload.
org_changes = Table(
    "org_changes",
    metadata,
    Column("data_version", Integer, primary_key=True, autoincrement=False),
    Column("employee_ids", JSON, nullable=False),
    Column("changed_at", DateTime, nullable=False),
)

# One record per API request (EU AI Act record-keeping for employment uses). It names
# records by id only; erasing a person removes their ids from it.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", DateTime, nullable=False, index=True),
    Column("key_name", String(256), nullable=False),
    Column("role", String(32), nullable=False),
    Column("endpoint", String(256), nullable=False),  # method and route template
    Column("status", Integer, nullable=False),
    # Added later: Store adds missing nullable columns to an existing database.
    Column("key_id", String(32), nullable=True, index=True),
    Column("method", String(8), nullable=True),
    Column("path", String(512), nullable=True),  # as requested, without the query string
    Column("outcome", String(16), nullable=True),  # allowed, denied, unauthenticated, ...
    Column("question", Text, nullable=False, default=""),
    Column("details", JSON, nullable=False),  # records cited, tools, model, prompt, grounding
    Column("latency_ms", Float, nullable=False),
)

# One row: bumped by every write that changes what the analytics see, so a long-running
# process can cache the in-memory organisation and notice changes made elsewhere.
store_meta = Table(
    "store_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("data_version", Integer, nullable=False),
    # bumped by every change to the search index, so each serving process notices a
    # re-index made by another (the CLI, another worker) and reloads its snapshot
    Column("index_version", Integer, nullable=True),
    # the embedding model that made the search index's and the framework's stored vectors,
    # and its dimension; empty on a store made before models were recorded (then minilm)
    Column("embedder", String(300), nullable=True),
    Column("embedder_dim", Integer, nullable=True),
)

# Embeddings of framework texts (skill names, aliases, descriptions; role and resource
# chunks), keyed by a hash of the model's name and the text: computed once, by whichever
# process meets the text first, and loaded by every other. Never a person's text.
text_vectors = Table(
    "text_vectors",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("vector", LargeBinary, nullable=False),  # float32, little-endian
)

# Requests counted per caller and minute for the rate limits (api/limits.py), shared by
# every worker and server on this database, so a key's limit holds however many serve it.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("bucket", String(300), primary_key=True),  # "<limit>:<key id or address>"
    Column("minute", Integer, primary_key=True),  # minutes since the epoch
    Column("hits", Integer, nullable=False),
)

# Work a process started and must finish (an upload, an ingest, an erasure): written before
# the work changes anything and removed when the store and the search index agree again. A
# row whose process stopped beating (killed, crashed) is finished by the next process that
# starts or answers /readyz (services.Services.recover).
pending_work = Table(
    "pending_work",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # ingest, upload, erasure, delete…
    Column("detail", JSON, nullable=False),  # what finishing needs: roles to read, index
    Column("owner", String(200), nullable=False),  # host:pid of the process doing it
    Column("started_at", DateTime, nullable=False),
    Column("heartbeat_at", DateTime, nullable=False),
)

# Long work run in the background (framework uploads and imports past a size): its state
# and progress for GET /v1/jobs/{id}. On PostgreSQL a procrastinate queue decides which
# worker runs it; on the embedded default the serving process does.
jobs = Table(
    "jobs",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("kind", String(32), nullable=False),  # framework, document
    Column("state", String(16), nullable=False),  # queued, running, succeeded, failed
    Column("stage", String(200), nullable=False, default=""),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("request", JSON, nullable=False),  # what was asked: format, kind, target
    Column("result", JSON, nullable=True),
    Column("errors", JSON, nullable=False, default=list),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("started_at", DateTime, nullable=True),
    Column("finished_at", DateTime, nullable=True),
    Column("heartbeat_at", DateTime, nullable=True),
    Column("owner", String(200), nullable=False, default=""),
    Column("attempts", Integer, nullable=False, default=0),
)

# The files a job was given, kept until it finishes (every worker can read them, on any
# machine), then deleted: a profile is personal data.
job_files = Table(
    "job_files",
    metadata,
    Column("job_id", ForeignKey("jobs.job_id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(200), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)
