"""The structured store: SQLAlchemy 2 over SQLite by default, any SQLAlchemy URL otherwise.

Loads are transactional and idempotent: a folder is validated whole, then written in one
transaction that inserts what is new, updates what changed and leaves the rest untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cached_property
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy import insert as sa_insert
from sqlalchemy.exc import SQLAlchemyError

from core.errors import DependencyError, NotFoundError, UserError
from core.settings import Settings
from domain.erasure import Identity
from domain.models import (
    Employee,
    EmploymentEvent,
    EventType,
    FillSource,
    LearningResource,
    Requirement,
    ResourceSkill,
    ResourceType,
    Role,
    Skill,
    SkillAssertion,
    Source,
    Vacancy,
    VacancyStatus,
)
from domain.org import Org, People
from domain.text import plain, plain_name
from domain.titles import Person
from storage import migrate, schema
from storage.audit import AuditRepository
from storage.bundle import Bundle, ExistingState
from storage.completions import CompletionRepository
from storage.conversations import ConversationRepository
from storage.directory import DirectoryRepository
from storage.engine import open_engine, opened
from storage.initiatives import InitiativeRepository
from storage.jobs import JobRepository
from storage.keys import KeyRepository
from storage.pending import PendingRepository
from storage.plans import PlanRepository
from storage.programmes import ProgrammeRepository
from storage.rate_limits import COUNT_BUSY_MS, RateLimitRepository
from storage.rows import (
    Counts,
    LoadReport,
    assertion_row,
    bump_data_version,
    employee_row,
    event_row,
    people_changed,
    requirement_row,
    resource_row,
    skill_row,
    sync_rows,
    vacancy_row,
)
from storage.scorecard import ScorecardRepository
from storage.text_vectors import TextVectorRepository

log = logging.getLogger(__name__)
SchemaPolicy = Literal["upgrade", "require", "leave"]
# The tables whose rows each belong to one person: a load that changed only these, for up
# to PEOPLE_AT_ONCE people, lets serving processes update those people instead of reloading.
PERSON_TABLES = ("employees", "skill_assertions", "employment_events")
PEOPLE_AT_ONCE = 5_000
RowOf = Callable[[Any], dict[str, Any]]
_DATA_VERSION = select(schema.store_meta.c.data_version)


class Store:
    """Reads and writes the structured records. One instance per process is plenty."""

    def __init__(
        self, url: str, busy_timeout_ms: int = 10_000, *, schema_policy: SchemaPolicy = "upgrade"
    ):
        """`schema_policy`: "upgrade" brings the schema up to date (storage/migrate.py),
        "require" refuses a database whose schema is not this version's, "leave" opens it
        as it is (`talent db`)."""
        self.url = url
        self.engine: Engine = open_engine(url, busy_timeout_ms)
        try:
            if schema_policy == "upgrade":
                migrate.upgrade(self.engine)
            elif schema_policy == "require":
                migrate.require_current(self.engine)
        except BaseException as exc:
            self.engine.dispose()  # a store that could not open keeps no connection
            if isinstance(exc, SQLAlchemyError):
                raise DependencyError(f"cannot open the store at {url}: {exc}") from exc
            raise

    @classmethod
    def from_settings(cls, settings: Settings, schema_policy: SchemaPolicy | None = None) -> Store:
        if not settings.database_url:
            settings.home.mkdir(parents=True, exist_ok=True)
        default: SchemaPolicy = "upgrade" if settings.database_auto_upgrade else "require"
        return cls(
            settings.resolved_database_url,
            settings.store_busy_timeout_ms,
            schema_policy=schema_policy or default,
        )

    def close(self) -> None:
        self.engine.dispose()
        if "rate_limits" in self.__dict__:
            self.rate_limits.engine.dispose()

    def data_version(self) -> int:
        """Changes whenever skills, roles, people, assertions, resources or texts change.
        Asked on every request (the cached organisation's check): a prebuilt statement."""
        with self.engine.connect() as conn:
            return int(conn.scalar(_DATA_VERSION) or 0)

    def index_version(self) -> int:
        """Changes whenever any process changes the search index."""
        with self.engine.connect() as conn:
            return int(conn.scalar(select(schema.store_meta.c.index_version)) or 0)

    def bump_index_version(self) -> None:
        meta = schema.store_meta
        with self.engine.begin() as conn:
            updated = conn.execute(
                update(meta)
                .where(meta.c.id == 1)
                .values(index_version=func.coalesce(meta.c.index_version, 0) + 1)
            )
            if updated.rowcount == 0:
                conn.execute(sa_insert(meta).values(id=1, data_version=0, index_version=1))

    def embedder_record(self) -> tuple[str, int] | None:
        """(model name, dimension) that made the index's and the framework's vectors, as
        recorded; None when nothing is recorded."""
        meta = schema.store_meta
        with self.engine.connect() as conn:
            row = conn.execute(select(meta.c.embedder, meta.c.embedder_dim)).first()
        if row is None or not row.embedder:
            return None
        return str(row.embedder), int(row.embedder_dim or 0)

    def record_embedder(self, name: str, dim: int, *, replace: bool = True) -> tuple[str, int]:
        """Record the model that makes the vectors from now on; returns the record. With
        `replace=False`, only where none is recorded yet (the first process to embed
        claims it; another one's claim stays)."""
        meta = schema.store_meta
        with self.engine.begin() as conn:
            query = update(meta).where(meta.c.id == 1).values(embedder=name, embedder_dim=dim)
            if not replace:
                query = query.where(meta.c.embedder.is_(None))
            if conn.execute(query).rowcount == 0 and conn.scalar(select(meta.c.id)) is None:
                conn.execute(
                    sa_insert(meta).values(id=1, data_version=0, embedder=name, embedder_dim=dim)
                )
        record = self.embedder_record()
        assert record is not None
        return record

    # ------------------------------------------------------------------ loading

    def existing_state(self) -> ExistingState:
        with self.engine.connect() as conn:
            return ExistingState(
                skills=self.skills(conn),
                role_ids=set(conn.scalars(select(schema.roles.c.role_id))),
                resource_ids=set(conn.scalars(select(schema.learning_resources.c.resource_id))),
                managers={
                    r.employee_id: r.manager_id
                    for r in conn.execute(
                        select(schema.employees.c.employee_id, schema.employees.c.manager_id)
                    )
                },
                hire_dates={
                    r.employee_id: r.hire_date
                    for r in conn.execute(
                        select(schema.employees.c.employee_id, schema.employees.c.hire_date)
                    )
                },
                departments={
                    r.employee_id: r.department
                    for r in conn.execute(
                        select(schema.employees.c.employee_id, schema.employees.c.department)
                    )
                },
                recorded_series={
                    r.series: r.direction
                    for r in conn.execute(
                        select(
                            schema.recorded_values.c.series, schema.recorded_values.c.direction
                        ).distinct()
                    )
                },
                people=self.people(conn),
                titles=self.titles(conn),
                texts=[
                    text
                    for row in conn.execute(
                        select(schema.roles.c.description, schema.roles.c.job_description)
                    )
                    for text in row
                    if text
                ],
            )

    def people(self, conn: Connection | None = None) -> list[Person]:
        """Everyone's id, name and email: what a title may not name."""
        e = schema.employees
        with opened(self.engine, conn) as c:
            rows = c.execute(select(e.c.employee_id, e.c.name, e.c.email))
            return [Person(r.employee_id, r.name, r.email or "") for r in rows]

    def titles(self, conn: Connection | None = None) -> list[str]:
        """Every role, team and department title (skills: `skills()`)."""
        e = schema.employees
        with opened(self.engine, conn) as c:
            roles = list(c.scalars(select(schema.roles.c.title)))
            groups = c.execute(select(e.c.team, e.c.department).distinct()).all()
        return roles + sorted({g for row in groups for g in row if g})

    def apply(self, bundle: Bundle, replace: bool = False, dry_run: bool = False) -> LoadReport:
        """Write a validated bundle in one transaction. `dry_run`: count what would be
        inserted, updated and left alone, and write nothing."""
        report = LoadReport(folder=str(bundle.folder), warnings=list(bundle.warnings))
        with self.engine.connect() as conn, conn.begin() as transaction:
            self._apply(conn, bundle, replace, report)
            if dry_run:
                transaction.rollback()
                return report
        log.info(
            "loaded folder",
            extra={
                "folder": report.folder,
                "counts": {k: vars(v) for k, v in report.counts.items()},
            },
        )
        return report

    def _apply(self, conn: Connection, bundle: Bundle, replace: bool, report: LoadReport) -> None:
        if bundle.skills is not None:
            report.counts["skills"] = sync_rows(
                conn,
                schema.skills,
                ["skill_id"],
                [skill_row(s) for s in bundle.skills],
                delete_missing=replace,
            )
        if bundle.roles is not None or bundle.job_descriptions is not None:
            report.counts["roles"] = self._apply_roles(conn, bundle, replace)
        if bundle.roles is not None:
            declared = {r.role_id for r in bundle.roles}
            report.counts["role_requirements"] = sync_rows(
                conn,
                schema.role_requirements,
                ["role_id", "skill_id"],
                [requirement_row(r.role_id, q) for r in bundle.roles for q in r.requirements],
                delete_missing=True,  # a declared role's list is exactly what the file says
                in_scope=lambda row: row["role_id"] in declared,
            )
        if bundle.resources is not None:
            brought = {r.resource_id for r in bundle.resources}
            report.counts["learning_resources"] = sync_rows(
                conn,
                schema.learning_resources,
                ["resource_id"],
                [resource_row(r) for r in bundle.resources],
                delete_missing=replace,
            )
            report.counts["resource_skills"] = sync_rows(
                conn,
                schema.resource_skills,
                ["resource_id", "skill_id"],
                [
                    {"resource_id": r.resource_id, "skill_id": s.skill_id, "level": s.level}
                    for r in bundle.resources
                    for s in r.skills
                ],
                delete_missing=True,
                in_scope=lambda row: row["resource_id"] in brought,
            )
        # Records kept by their ids: each kind upserted (and, replacing, the rest deleted)
        kinds: list[tuple[Sequence[Any] | None, Table, list[str], RowOf]] = [
            (bundle.employees, schema.employees, ["employee_id"], employee_row),
            (
                bundle.assertions,
                schema.skill_assertions,
                ["employee_id", "skill_id", "source", "assessed_on"],
                assertion_row,
            ),
            (bundle.vacancies, schema.vacancies, ["vacancy_id"], vacancy_row),
            (bundle.events, schema.employment_events, ["event_id"], event_row),
        ]
        people: set[str | None] = set()
        for records, table, keys, row in kinds:
            if records is not None:
                touched: list[Any] = []
                report.counts[table.name] = sync_rows(
                    conn,
                    table,
                    keys,
                    [row(r) for r in records],
                    delete_missing=replace,
                    touched=touched,
                )
                if table.name in PERSON_TABLES:
                    people.update(t["employee_id"] for t in touched)
        if bundle.scorecard is not None:
            report.counts.update(self.scorecard.load(conn, bundle.scorecard, "load:scorecard.yaml"))
        if report.changed:
            others = [
                name
                for name, counts in report.counts.items()
                if name not in PERSON_TABLES
                and (counts.inserted or counts.updated or counts.deleted)
            ]
            if others or replace or None in people or len(people) > PEOPLE_AT_ONCE:
                bump_data_version(conn)
            else:  # only some people's records: serving processes update just them
                people_changed(conn, {p for p in people if p is not None})

    def _apply_roles(self, conn: Connection, bundle: Bundle, replace: bool) -> Counts:
        current = {r["role_id"]: dict(r) for r in conn.execute(select(schema.roles)).mappings()}
        rows: dict[str, dict[str, Any]] = {}
        for role in bundle.roles or []:
            base = current.get(role.role_id, {"job_description": "", "jd_source": ""})
            rows[role.role_id] = {
                "role_id": role.role_id,
                "title": plain_name(role.title),
                "department": plain_name(role.department),
                "family": plain_name(role.family),
                "description": plain(role.description),
                "job_description": base["job_description"],
                "jd_source": base["jd_source"],
                "next_roles": list(role.next_roles),
            }
        jd_roles = set()
        for jd in bundle.job_descriptions or []:
            jd_roles.add(jd.role_id)
            row = rows.get(jd.role_id) or dict(current.get(jd.role_id) or {})
            if not row:  # a role known only from its job description
                row = {
                    "role_id": jd.role_id,
                    "title": plain_name(jd.title),
                    "department": plain_name(jd.department),
                    "family": "",
                    "description": "",
                    "next_roles": [],
                }
            row.update(job_description=jd.text, jd_source=jd.source_file)
            rows[jd.role_id] = row
        if replace and bundle.job_descriptions is not None:
            # Job descriptions removed from the folder are removed from the store too.
            for role_id, row in current.items():
                if row["jd_source"] and role_id not in jd_roles:
                    rows.setdefault(role_id, dict(row)).update(job_description="", jd_source="")
        return sync_rows(
            conn,
            schema.roles,
            ["role_id"],
            list(rows.values()),
            delete_missing=replace and bundle.roles is not None,
        )

    # ------------------------------------------------------------------ reading

    def skills(self, conn: Connection | None = None) -> list[Skill]:
        with opened(self.engine, conn) as c:
            return [
                Skill(
                    skill_id=r.skill_id,
                    name=r.name,
                    category=r.category,
                    description=r.description,
                    aliases=tuple(r.aliases or ()),
                    level_descriptors={int(k): v for k, v in (r.level_descriptors or {}).items()},
                )
                for r in c.execute(select(schema.skills).order_by(schema.skills.c.skill_id))
            ]

    def roles(self) -> list[Role]:
        with self.engine.connect() as c:
            requirements: dict[str, list[Requirement]] = {}
            for r in c.execute(
                select(schema.role_requirements).order_by(
                    schema.role_requirements.c.role_id, schema.role_requirements.c.skill_id
                )
            ):
                requirements.setdefault(r.role_id, []).append(
                    Requirement(
                        skill_id=r.skill_id,
                        level=r.level,
                        importance=r.importance,
                        inferred=r.inferred,
                        evidence=r.evidence,
                        confidence=r.confidence,
                    )
                )
            rows = list(c.execute(select(schema.roles).order_by(schema.roles.c.role_id)))
            known = {r.role_id for r in rows}  # a next role deleted since is no path
            return [
                Role(
                    role_id=r.role_id,
                    title=r.title,
                    department=r.department,
                    family=r.family,
                    description=r.description,
                    requirements=tuple(requirements.get(r.role_id, ())),
                    next_roles=tuple(n for n in r.next_roles or () if n in known),
                )
                for r in rows
            ]

    def job_description(self, role_id: str) -> str:
        with self.engine.connect() as c:
            text = c.scalar(
                select(schema.roles.c.job_description).where(schema.roles.c.role_id == role_id)
            )
        if text is None:
            raise NotFoundError(f"no role '{role_id}'")
        return str(text)

    def employees(self, employee_ids: Iterable[str] | None = None) -> list[Employee]:
        query = select(schema.employees).order_by(schema.employees.c.employee_id)
        if employee_ids is not None:
            query = query.where(schema.employees.c.employee_id.in_(list(employee_ids)))
        with self.engine.connect() as c:
            return [
                Employee(
                    employee_id=r.employee_id,
                    name=r.name,
                    email=r.email,
                    department=r.department,
                    team=r.team,
                    role_id=r.role_id,
                    manager_id=r.manager_id,
                    hire_date=r.hire_date,
                    goal_role_id=r.goal_role_id,
                )
                for r in c.execute(query)
            ]

    def assertions(self, employee_ids: Iterable[str] | None = None) -> list[SkillAssertion]:
        query = select(schema.skill_assertions).order_by(
            schema.skill_assertions.c.employee_id,
            schema.skill_assertions.c.skill_id,
            schema.skill_assertions.c.assessed_on,
        )
        if employee_ids is not None:
            query = query.where(schema.skill_assertions.c.employee_id.in_(list(employee_ids)))
        with self.engine.connect() as c:
            return [
                SkillAssertion(
                    employee_id=r.employee_id,
                    skill_id=r.skill_id,
                    level=r.level,
                    source=Source(r.source),
                    assessed_on=r.assessed_on,
                    evidence=r.evidence,
                )
                for r in c.execute(query)
            ]

    def resources(self) -> list[LearningResource]:
        with self.engine.connect() as c:
            covered: dict[str, list[ResourceSkill]] = {}
            for r in c.execute(
                select(schema.resource_skills).order_by(
                    schema.resource_skills.c.resource_id, schema.resource_skills.c.skill_id
                )
            ):
                covered.setdefault(r.resource_id, []).append(ResourceSkill(r.skill_id, r.level))
            return [
                LearningResource(
                    resource_id=r.resource_id,
                    title=r.title,
                    type=ResourceType(r.type),
                    provider=r.provider,
                    internal=r.internal,
                    skills=tuple(covered.get(r.resource_id, ())),
                    hours=r.hours,
                    cost=r.cost,
                    url=r.url,
                    prerequisites=tuple(r.prerequisites or ()),
                )
                for r in c.execute(
                    select(schema.learning_resources).order_by(
                        schema.learning_resources.c.resource_id
                    )
                )
            ]

    def vacancies(self) -> list[Vacancy]:
        table = schema.vacancies
        with self.engine.connect() as c:
            return [
                Vacancy(
                    vacancy_id=r.vacancy_id,
                    role_id=r.role_id,
                    team=r.team,
                    opened=r.opened,
                    status=VacancyStatus(r.status),
                    closed=r.closed,
                    filled_from=FillSource(r.filled_from) if r.filled_from else None,
                    filled_by=r.filled_by,
                    critical=r.critical,
                )
                for r in c.execute(select(table).order_by(table.c.vacancy_id))
            ]

    def events(self, employee_ids: Iterable[str] | None = None) -> list[EmploymentEvent]:
        table = schema.employment_events
        query = select(table).order_by(table.c.on, table.c.event_id)
        if employee_ids is not None:
            query = query.where(table.c.employee_id.in_(list(employee_ids)))
        with self.engine.connect() as c:
            return [
                EmploymentEvent(
                    event_id=r.event_id,
                    employee_id=r.employee_id,
                    type=EventType(r.type),
                    on=r.on,
                    role_id=r.role_id,
                    team=r.team,
                    voluntary=r.voluntary,
                )
                for r in c.execute(query)
            ]

    def load_org(self, as_of: date | None, stale_after_months: int) -> Org:
        """Everything the analytics need, in memory: the organisation on `as_of` (people
        who had left by then are not in it) and everyone's history for the talent flow."""
        return Org.build(
            self.skills(),
            self.roles(),
            self.employees(),
            self.assertions(),
            self.resources(),
            as_of=as_of,
            stale_after_months=stale_after_months,
            vacancies=self.vacancies(),
            events=self.events(),
        )

    def people_changed_between(self, loaded: int, now: int) -> set[str] | None:
        """Who the data versions after `loaded` up to `now` changed, when every one of them
        changed only some people's records (schema.org_changes); None when any changed
        something else, or is no longer on record, and the organisation must be reloaded."""
        if now <= loaded:
            return set()
        table = schema.org_changes
        with self.engine.connect() as c:
            rows = c.execute(
                select(table.c.employee_ids).where(
                    table.c.data_version > loaded, table.c.data_version <= now
                )
            ).all()
        if len(rows) != now - loaded:
            return None
        return {employee_id for (ids,) in rows for employee_id in ids}

    def records_of(self, employee_ids: Iterable[str]) -> People:
        """These people's records as they stand (a missing one was erased): what a serving
        process needs to update them in its organisation."""
        wanted = sorted(set(employee_ids))
        found = {e.employee_id: e for e in self.employees(wanted)}
        return People(
            employees={employee_id: found.get(employee_id) for employee_id in wanted},
            assertions=self.assertions(wanted),
            events=self.events(wanted),
        )

    def job_descriptions(self) -> dict[str, tuple[str, str]]:
        """role_id -> (job description text, source file) for roles that have one."""
        query = select(
            schema.roles.c.role_id, schema.roles.c.job_description, schema.roles.c.jd_source
        ).where(schema.roles.c.job_description != "")
        with self.engine.connect() as c:
            return {r.role_id: (r.job_description, r.jd_source) for r in c.execute(query)}

    def profiles(self) -> dict[str, tuple[str, str]]:
        """employee_id -> (free-text profile, source file)."""
        with self.engine.connect() as c:
            return {
                r.employee_id: (r.text, r.source_file)
                for r in c.execute(select(schema.profile_documents))
            }

    def save_profile(self, employee_id: str, text: str, source_file: str) -> None:
        with self.engine.begin() as c:
            if (
                c.scalar(
                    select(schema.employees.c.employee_id).where(
                        schema.employees.c.employee_id == employee_id
                    )
                )
                is None
            ):
                raise NotFoundError(f"no employee '{employee_id}' for the profile {source_file}")
            c.execute(
                delete(schema.profile_documents).where(
                    schema.profile_documents.c.employee_id == employee_id
                )
            )
            c.execute(
                sa_insert(schema.profile_documents).values(
                    employee_id=employee_id, text=text, source_file=source_file
                )
            )
            bump_data_version(c)

    def delete_profile(self, employee_id: str) -> None:
        with self.engine.begin() as c:
            c.execute(
                delete(schema.profile_documents).where(
                    schema.profile_documents.c.employee_id == employee_id
                )
            )
            bump_data_version(c)

    def save_job_description(
        self, role_id: str, text: str, source_file: str, title: str = "", department: str = ""
    ) -> bool:
        """Store a role's job description, creating the role if needed. True if created."""
        with self.engine.begin() as c:
            exists = c.scalar(
                select(schema.roles.c.role_id).where(schema.roles.c.role_id == role_id)
            )
            title = plain_name(title)
            if exists is None:
                if not title:
                    raise UserError(f"{source_file}: role '{role_id}' is new; give its title")
                c.execute(
                    sa_insert(schema.roles).values(
                        role_id=role_id,
                        title=plain_name(title),
                        department=plain_name(department),
                        family="",
                        description="",
                        job_description=text,
                        jd_source=source_file,
                    )
                )
                bump_data_version(c)
                return True
            c.execute(
                update(schema.roles)
                .where(schema.roles.c.role_id == role_id)
                .values(job_description=text, jd_source=source_file)
            )
            bump_data_version(c)
            return False

    def set_inferred_requirements(self, role_id: str, requirements: Sequence[Requirement]) -> None:
        """Replace a role's inferred requirements; declared ones are never touched."""
        table = schema.role_requirements
        with self.engine.begin() as c:
            declared = set(
                c.scalars(
                    select(table.c.skill_id).where(
                        table.c.role_id == role_id, table.c.inferred.is_(False)
                    )
                )
            )
            c.execute(delete(table).where(table.c.role_id == role_id, table.c.inferred.is_(True)))
            rows = [
                {**requirement_row(role_id, q), "inferred": True}
                for q in requirements
                if q.skill_id not in declared
            ]
            if rows:
                c.execute(sa_insert(table), rows)
            bump_data_version(c)

    def set_declared_requirements(self, role_id: str, requirements: Sequence[Requirement]) -> None:
        """Replace all of a role's requirements with reviewed, declared ones (a person
        accepted or corrected what was inferred); later inference leaves the role alone."""
        table = schema.role_requirements
        with self.engine.begin() as c:
            c.execute(delete(table).where(table.c.role_id == role_id))
            rows = [{**requirement_row(role_id, q), "inferred": False} for q in requirements]
            if rows:
                c.execute(sa_insert(table), rows)
            bump_data_version(c)

    # One repository per kind of operational record, created once per store.
    @cached_property
    def plans(self) -> PlanRepository:
        return PlanRepository(self.engine)

    @cached_property
    def directory(self) -> DirectoryRepository:
        return DirectoryRepository(self.engine)

    @cached_property
    def completions(self) -> CompletionRepository:
        return CompletionRepository(self.engine, self.plans, self.directory)

    @cached_property
    def initiatives(self) -> InitiativeRepository:
        return InitiativeRepository(self.engine)

    @cached_property
    def programmes(self) -> ProgrammeRepository:
        return ProgrammeRepository(self.engine)

    @cached_property
    def scorecard(self) -> ScorecardRepository:
        return ScorecardRepository(self.engine)

    @cached_property
    def conversations(self) -> ConversationRepository:
        return ConversationRepository(self.engine)

    @cached_property
    def text_vectors(self) -> TextVectorRepository:
        return TextVectorRepository(self.engine)

    @cached_property
    def rate_limits(self) -> RateLimitRepository:
        # On SQLite, counts wait briefly for another process's write lock (a long
        # `talent load`), then give way to counting in memory: their own short timeout.
        database = self.engine.url.database
        on_file = self.engine.dialect.name == "sqlite" and database not in (None, "", ":memory:")
        engine = open_engine(self.url, COUNT_BUSY_MS) if on_file else self.engine
        return RateLimitRepository(engine)

    @cached_property
    def jobs(self) -> JobRepository:
        return JobRepository(self.engine)

    @cached_property
    def pending(self) -> PendingRepository:
        return PendingRepository(self.engine)

    @cached_property
    def keys(self) -> KeyRepository:
        return KeyRepository(self.engine)

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.engine)

    def counts(self) -> dict[str, int]:
        tables = [
            schema.skills,
            schema.roles,
            schema.role_requirements,
            schema.employees,
            schema.skill_assertions,
            schema.learning_resources,
            schema.resource_skills,
            schema.vacancies,
            schema.employment_events,
        ]
        with self.engine.connect() as c:
            return {t.name: int(c.scalar(select(func.count()).select_from(t)) or 0) for t in tables}

    # ------------------------------------------------------------------ erasure

    def forget_employee(self, employee_id: str) -> None:
        """Erase a person from the structured store: their row and every assertion.

        Reports keep their records; their manager link becomes empty. Their own plans go
        (cascade); other people's plans keep the actions they were to mentor, with nobody
        named; conversations that are theirs or name them are deleted; audit rows, key rows
        and comments stay, without them; their hires, moves and leaves, and the vacancies
        they filled, stay counted and name nobody. Then the freed pages are wiped (`compact`)."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(schema.employees.c.name, schema.employees.c.email).where(
                    schema.employees.c.employee_id == employee_id
                )
            ).first()
            if row is None:
                raise NotFoundError(f"no employee '{employee_id}'")
            person = Identity(employee_id, row.name, row.email)
            # One transaction: every repository forgets them, or nothing changes.
            self.conversations.forget_employee(conn, person)
            keys = self.keys.forget_employee(conn, person)
            self.audit.forget_employee(conn, person, set(keys))
            self.plans.forget_employee(conn, person, set(keys.values()))
            self.scorecard.forget_employee(conn, person, set(keys.values()))
            self.jobs.forget_employee(conn, person)
            self.completions.forget_employee(conn, person)
            self.programmes.forget_employee(conn, person, set(keys.values()))
            self.initiatives.forget_employee(conn, person, set(keys.values()))
            # the per-person change log names them: dropped whole (a reload follows anyway)
            conn.execute(delete(schema.org_changes))
            self._forget_in_evidence(conn, person)
            conn.execute(
                update(schema.employees)
                .where(schema.employees.c.manager_id == employee_id)
                .values(manager_id=None)
            )
            # Their hires, moves, leaves and the vacancies they filled stay counted, unnamed.
            conn.execute(
                update(schema.employment_events)
                .where(schema.employment_events.c.employee_id == employee_id)
                .values(employee_id=None)
            )
            conn.execute(
                update(schema.vacancies)
                .where(schema.vacancies.c.filled_by == employee_id)
                .values(filled_by=None)
            )
            conn.execute(
                delete(schema.skill_assertions).where(
                    schema.skill_assertions.c.employee_id == employee_id
                )
            )
            conn.execute(
                delete(schema.employees).where(schema.employees.c.employee_id == employee_id)
            )
            bump_data_version(conn)
        self.compact()

    @staticmethod
    def _forget_in_evidence(conn: Connection, person: Identity) -> None:
        """Colleagues' evidence notes that name them ("peer review by Zora") lose the name."""
        table = schema.skill_assertions
        # LIKE narrows millions of rows to a few; Identity decides.
        near = or_(*[table.c.evidence.ilike(f"%{v}%") for v in person.variants])
        keys = [table.c.employee_id, table.c.skill_id, table.c.source, table.c.assessed_on]
        for row in conn.execute(select(*keys, table.c.evidence).where(near)).all():
            if person.mentioned_in(row.evidence):
                conn.execute(
                    update(table)
                    .where(and_(*[c == row[i] for i, c in enumerate(keys)]))
                    .values(evidence=person.redact(row.evidence))
                )

    def compact(self) -> None:
        """Wipe what deleted rows leave in the files: SQLite rewrites the database (VACUUM)
        and empties its write-ahead log; PostgreSQL rewrites the tables erasure touches
        (VACUUM FULL). Slow on a big store, and run only after an erasure."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if self.engine.dialect.name == "sqlite":
                conn.exec_driver_sql("VACUUM")
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                if busy and busy[0]:
                    log.warning(
                        "the SQLite log is in use; erased rows stay in it until the next checkpoint"
                    )
            elif self.engine.dialect.name == "postgresql":
                for table in ERASURE_TABLES:
                    conn.exec_driver_sql(f"VACUUM FULL {table}")


# What erasure rewrites; PostgreSQL compacts these.
ERASURE_TABLES = (
    "employees",
    "directory_users",
    "directory_members",
    "learning_completions",
    "programmes",
    "programme_participants",
    "initiatives",
    "org_changes",
    "targets",
    "target_changes",
    "decisions",
    "recorded_values",
    "employment_events",
    "vacancies",
    "skill_assertions",
    "learning_plans",
    "profile_documents",
    "conversations",
    "api_keys",
    "audit_log",
    "jobs",
    "job_files",
)


__all__ = ["Counts", "LoadReport", "Store"]
