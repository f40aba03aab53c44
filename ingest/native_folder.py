"""Reading a native import folder (docs/data-format.md) into validated domain records.

Nothing here writes: the whole folder is parsed and checked first, and every problem is
reported with its file, line and field. Only a clean `Bundle` reaches the store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from core.errors import UserError
from domain.models import (
    MAX_IMPORTANCE,
    MAX_LEVEL,
    MIN_IMPORTANCE,
    Employee,
    JobDescription,
    LearningResource,
    Requirement,
    ResourceSkill,
    ResourceType,
    Role,
    Skill,
    SkillAssertion,
    Source,
)
from domain.names import SkillLookup, normalise_key
from domain.scales import get_scale
from domain.titles import Person, fold
from ingest.native_format import (
    ASSERTION_COLUMNS,
    ASSERTION_OPTIONAL,
    EMPLOYEE_COLUMNS,
    EMPLOYEE_OPTIONAL,
    EVENT_COLUMNS,
    EVENT_OPTIONAL,
    MAX_COST,
    MAX_ERRORS,
    MAX_HOURS,
    REQUIREMENT_KEYS,
    RESOURCE_COLUMNS,
    RESOURCE_OPTIONAL,
    ROLE_KEYS,
    SKILL_COLUMNS,
    SKILL_OPTIONAL,
    VACANCY_COLUMNS,
    VACANCY_OPTIONAL,
    BadValue,
    ImportFailed,
    LineLoader,
    Problems,
    choice,
    float_at_least,
    identifier,
    in_cycle,
    int_in,
    parse_bool,
    parse_date,
    read_csv,
    split_front_matter,
    split_list,
)
from ingest.scorecard_file import read_scorecard
from ingest.talent_flow import Known, read_events, read_vacancies
from ingest.titles import TitleCheck, Titled, bundle_texts, skill_titles
from storage.bundle import Bundle, ExistingState
from storage.store import LoadReport, Store

log = logging.getLogger(__name__)
# Re-exported: what importers catch and cap, and front matter for documents.
__all__ = [
    "MAX_ERRORS",
    "ImportFailed",
    "NativeFolderReader",
    "load_folder",
    "read_native_folder",
    "split_front_matter",
]

# ---------------------------------------------------------------- the reader


class NativeFolderReader:
    """Parses and validates one folder against what the store already holds."""

    def __init__(
        self,
        folder: Path,
        existing: ExistingState,
        replace: bool = False,
        sides: tuple[list[str], list[str]] = (["HR"], ["IT"]),
        provided: dict[str, list[tuple[int, dict[str, str]]]] | None = None,
    ):
        """`sides`: the departments that count as HR and as IT (Settings.hr_departments,
        it_departments): a scorecard target is owned by one person from each. `provided`:
        rows of native files (by file name, with their line numbers) that stand for the
        folder's files, e.g. an HRIS export translated by its mapping (ingest/hris.py)."""
        self.folder = folder
        self.provided = provided
        self.sides = sides
        self.existing = existing
        self.replace = replace
        self.problems = Problems(folder)
        self.bundle = Bundle(folder=folder)
        # Every title this folder brings, where it stands; and employee_id -> line
        self._brought: list[Titled] = []
        self._person_lines: dict[str, int] = {}
        self._skills: list[Skill] = []  # the framework as it will be

    def read(self) -> Bundle:
        if self.provided is None and not self.folder.is_dir():
            raise UserError(f"{self.folder} is not a folder")
        found = [
            p
            for p in ("skills.csv", "roles.yaml", "employees.csv", "employee_skills.csv")
            + ("learning_resources.csv", "job_descriptions", "vacancies.csv", "events.csv")
            + ("scorecard.yaml",)
            if (self.folder / p).exists() or p in (self.provided or {})
        ]
        if not found and self.provided is None:
            raise UserError(
                f"{self.folder} holds none of the native files (skills.csv, roles.yaml, "
                "employees.csv, employee_skills.csv, learning_resources.csv, job_descriptions/, "
                "vacancies.csv, events.csv, scorecard.yaml)"
            )
        skills = self._read_skills()
        lookup = SkillLookup(skills)
        self._read_resources(lookup)
        self._read_roles(lookup)
        self._read_job_descriptions()
        self._read_employees()
        self._check_titles_against_names()
        self._read_assertions(lookup)
        self._read_talent_flow()
        self._read_scorecard()
        if self.problems.errors:
            raise ImportFailed(self.folder, self.problems.errors)
        return self.bundle

    def _exists(self, path: Path) -> bool:
        return path.name in self.provided if self.provided is not None else path.exists()

    def _rows(
        self, path: Path, required: list[str], optional: list[str]
    ) -> Iterable[tuple[int, dict[str, str]]]:
        """A native CSV file's rows: from the folder, or as provided."""
        if self.provided is not None:
            return self.provided.get(path.name, [])
        return read_csv(path, required, optional, self.problems, self.bundle.warnings)

    # The records a reference may point at: what this folder brings, plus what the
    # store holds — unless a --replace load is about to delete the store's copy.
    def _known(self, brought: list[str] | None, stored: set[str]) -> set[str]:
        if brought is None:
            return set(stored)
        return set(brought) if self.replace else set(brought) | stored

    def _check_titles_against_names(self) -> None:
        """No role, skill, team or department may be named like a person ("Ravi Shah
        (interim)" would take the questions people ask about Ravi Shah), nor read as a
        message; and nobody may be named like a title the organisation has."""
        brought = self.bundle.employees
        replaced = brought is not None and self.replace
        arriving = {e.employee_id for e in brought or []}
        people = (
            [] if replaced else [p for p in self.existing.people if p.employee_id not in arriving]
        )
        people += [Person(e.employee_id, e.name, e.email) for e in brought or []]
        titles = [t.title for t in self._brought] + skill_titles(self._skills)
        texts = bundle_texts(self.bundle) + [s.description for s in self._skills]
        if not (self.replace and self.bundle.roles is not None):
            titles += self.existing.titles
            texts += self.existing.texts
        for problem in TitleCheck(people, titles, texts).problems(self._brought):
            where = problem.titled
            self.problems.add(where.file, where.line, where.field, problem.message)
        named = {fold(title): title for title in titles}
        for employee in brought or []:
            clash = named.get(fold(employee.name))
            if clash:
                self.problems.add(
                    "employees.csv",
                    self._person_lines.get(employee.employee_id),
                    "name",
                    f"'{employee.name}' is also the name of '{clash}' (a role, skill or team); "
                    "rename one of them, or questions about either would find the other",
                )

    def _read_skills(self) -> list[Skill]:
        path = self.folder / "skills.csv"
        existing = list(self.existing.skills)
        self._skills = existing
        if not path.exists():
            return existing
        skills: list[Skill] = []
        seen: dict[str, int] = {}
        names: dict[str, tuple[str, int]] = {}
        for line, row in read_csv(
            path, SKILL_COLUMNS, SKILL_OPTIONAL, self.problems, self.bundle.warnings
        ):
            try:
                skill_id = identifier(row["skill_id"])
            except BadValue as exc:
                self.problems.add(path.name, line, "skill_id", str(exc))
                continue
            if skill_id in seen:
                self.problems.add(
                    path.name, line, "skill_id", f"'{skill_id}' repeats line {seen[skill_id]}"
                )
                continue
            seen[skill_id] = line
            ok = True
            for column in ("name", "category"):
                if not row[column]:
                    self.problems.add(path.name, line, column, "is empty")
                    ok = False
            if not ok:
                continue
            key = normalise_key(row["name"])
            if key in names:
                other, other_line = names[key]
                self.problems.add(
                    path.name, line, "name", f"'{row['name']}' is also {other} (line {other_line})"
                )
                continue
            names[key] = (skill_id, line)
            aliases = tuple(dict.fromkeys(split_list(row.get("aliases", ""))))
            self._brought.append(Titled(path.name, line, "name", "skill", skill_id, row["name"]))
            self._brought += [
                Titled(path.name, line, "aliases", "alias", skill_id, a) for a in aliases
            ]
            descriptors = {
                level: row[f"level_{level}"] for level in range(1, 6) if row.get(f"level_{level}")
            }
            skills.append(
                Skill(
                    skill_id=skill_id,
                    name=row["name"],
                    category=row["category"],
                    description=row.get("description", ""),
                    aliases=aliases,
                    level_descriptors=descriptors,
                )
            )
        # An alias may not name a different skill: otherwise "Spark" could mean two things.
        owners: dict[str, str] = {}
        for skill in skills:
            owners[normalise_key(skill.skill_id)] = skill.skill_id
            owners[normalise_key(skill.name)] = skill.skill_id
        for skill in skills:
            for alias in skill.aliases:
                owner = owners.setdefault(normalise_key(alias), skill.skill_id)
                if owner != skill.skill_id:
                    self.problems.add(
                        path.name,
                        seen[skill.skill_id],
                        "aliases",
                        f"alias '{alias}' of {skill.skill_id} already names {owner}",
                    )
        self.bundle.skills = skills
        if self.replace:
            self._skills = skills
            return skills
        brought = {s.skill_id for s in skills}
        kept = [s for s in existing if s.skill_id not in brought]
        self._check_against_stored(path.name, skills, kept, seen)
        self._skills = skills + kept
        return self._skills

    def _check_against_stored(
        self, file: str, skills: list[Skill], stored: list[Skill], lines: dict[str, int]
    ) -> None:
        """A new skill may not take the name or an alias of a skill the store keeps under
        another id: "Python" twice would answer questions about either with both."""
        owners: dict[tuple[str, ...], Skill] = {}
        for skill in stored:
            for form in (skill.skill_id, skill.name, *skill.aliases):
                owners.setdefault(fold(form), skill)
        for skill in skills:
            for column, form in [("name", skill.name)] + [("aliases", a) for a in skill.aliases]:
                other = owners.get(fold(form))
                if other is not None:
                    self.problems.add(
                        file,
                        lines[skill.skill_id],
                        column,
                        f"'{form}' already names skill '{other.skill_id}' ({other.name}) in the "
                        "store; use that id to change it, or choose another name",
                    )

    def _resolve_skill(
        self, lookup: SkillLookup, text: str, file: str, line: int, column: str
    ) -> str | None:
        try:
            return lookup.resolve(text)
        except UserError as exc:
            self.problems.add(file, line, column, str(exc))
            return None

    def _read_roles(self, lookup: SkillLookup) -> None:
        path = self.folder / "roles.yaml"
        if not path.exists():
            return
        name = path.name
        try:
            document = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=LineLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            self.problems.add(name, line, "", f"is not valid YAML: {exc}")
            return
        except RecursionError:
            self.problems.add(name, None, "", "is nested too deeply to be a roles file")
            return
        if isinstance(document, dict) and "roles" in document:
            document = document["roles"]
        if document is None:
            document = []
        if not isinstance(document, list):
            self.problems.add(name, 1, "", "must be a list of roles (or a mapping with 'roles:')")
            return
        roles: list[Role] = []
        seen: dict[str, int] = {}
        leads_to: dict[str, tuple[list[str], int | None]] = {}
        for item in document:
            if not isinstance(item, dict):
                self.problems.add(name, None, "", f"each role must be a mapping, got {item!r}")
                continue
            line = item.pop("__line__", None)
            lines = item.pop("__lines__", {})
            unknown = sorted(set(item) - ROLE_KEYS)
            if unknown:
                self.bundle.warnings.append(
                    f"{name}, line {line}: unknown key(s) ignored: {', '.join(unknown)}"
                )
            try:
                role_id = identifier(str(item.get("role_id") or ""))
            except BadValue as exc:
                self.problems.add(name, lines.get("role_id", line), "role_id", str(exc))
                continue
            if role_id in seen:
                self.problems.add(
                    name,
                    lines.get("role_id", line),
                    "role_id",
                    f"'{role_id}' repeats line {seen[role_id]}",
                )
                continue
            seen[role_id] = line or 0
            title = str(item.get("title") or "").strip()
            if not title:
                self.problems.add(name, lines.get("title", line), "title", "is empty")
                continue
            requirements = self._requirements(
                item.get("requirements") or [], lookup, lines.get("requirements", line)
            )
            if requirements is None:
                continue
            next_roles = self._next_roles(item.get("next_roles"), lines.get("next_roles", line))
            if next_roles is None:
                continue
            leads_to[role_id] = (next_roles, lines.get("next_roles", line))
            self._brought.append(
                Titled(name, lines.get("title", line), "title", "role", role_id, title)
            )
            roles.append(
                Role(
                    role_id=role_id,
                    title=title,
                    department=str(item.get("department") or "").strip(),
                    family=str(item.get("family") or "").strip(),
                    description=str(item.get("description") or "").strip(),
                    requirements=tuple(requirements),
                    next_roles=tuple(next_roles),
                )
            )
        for role_id, (targets, line) in leads_to.items():
            for target in targets:
                if target == role_id:
                    self.problems.add(name, line, "next_roles", f"'{target}' is the role itself")
                elif target not in seen:
                    self.problems.add(name, line, "next_roles", f"'{target}' is no role in {name}")
        self.bundle.roles = roles

    def _next_roles(self, value: Any, line: int | None) -> list[str] | None:
        """A role's `next_roles`: a list of role ids, each once."""
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.problems.add("roles.yaml", line, "next_roles", "must be a list of role ids")
            return None
        result: list[str] = []
        for item in value:
            try:
                role_id = identifier(str(item or ""))
            except BadValue as exc:
                self.problems.add("roles.yaml", line, "next_roles", str(exc))
                return None
            if role_id not in result:
                result.append(role_id)
        return result

    def _requirements(
        self, items: Any, lookup: SkillLookup, role_line: int | None
    ) -> list[Requirement] | None:
        name = "roles.yaml"
        if not isinstance(items, list):
            self.problems.add(name, role_line, "requirements", "must be a list")
            return None
        result: list[Requirement] = []
        by_skill: dict[str, int] = {}
        ok = True
        for item in items:
            if not isinstance(item, dict):
                self.problems.add(name, role_line, "requirements", f"{item!r} is not a mapping")
                ok = False
                continue
            line = item.pop("__line__", role_line)
            lines = item.pop("__lines__", {})
            missing = [k for k in ("skill", "level", "importance") if item.get(k) in (None, "")]
            for key in missing:
                self.problems.add(name, lines.get(key, line), key, "is missing")
            if missing:
                ok = False
                continue
            unknown = sorted(set(item) - REQUIREMENT_KEYS)
            if unknown:
                self.bundle.warnings.append(
                    f"{name}, line {line}: unknown key(s) ignored: {', '.join(unknown)}"
                )
            skill_id = self._resolve_skill(
                lookup, str(item["skill"]), name, lines.get("skill", line or 0), "skill"
            )
            try:
                level = int_in(str(item["level"]), 1, MAX_LEVEL)
            except BadValue as exc:
                self.problems.add(name, lines.get("level", line), "level", str(exc))
                ok = False
                continue
            try:
                importance = int_in(str(item["importance"]), MIN_IMPORTANCE, MAX_IMPORTANCE)
            except BadValue as exc:
                self.problems.add(name, lines.get("importance", line), "importance", str(exc))
                ok = False
                continue
            if skill_id is None:
                ok = False
                continue
            if skill_id in by_skill:
                self.problems.add(
                    name,
                    lines.get("skill", line),
                    "skill",
                    f"{skill_id} is required twice (line {by_skill[skill_id]})",
                )
                ok = False
                continue
            by_skill[skill_id] = line or 0
            result.append(Requirement(skill_id=skill_id, level=level, importance=importance))
        return result if ok else None

    def _read_job_descriptions(self) -> None:
        folder = self.folder / "job_descriptions"
        if not folder.is_dir():
            return
        declared = {r.role_id for r in self.bundle.roles or []}
        jds: list[JobDescription] = []
        seen: dict[str, str] = {}
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in {".md", ".markdown", ".txt"}:
                if path.is_file():
                    self.bundle.warnings.append(
                        f"job_descriptions/{path.name}: not Markdown or text, ignored "
                        "(use `talent ingest` for PDF and DOCX)"
                    )
                continue
            file = f"job_descriptions/{path.name}"
            try:
                raw = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                self.problems.add(file, None, "", f"cannot be read as UTF-8 text: {exc}")
                continue
            meta, body, error = split_front_matter(raw)
            if error:
                self.problems.add(file, 1, "front matter", error)
                continue
            try:
                role_id = identifier(str(meta.get("role_id") or ""))
            except BadValue as exc:
                self.problems.add(file, 1, "role_id", str(exc))
                continue
            if role_id in seen:
                self.problems.add(file, 1, "role_id", f"'{role_id}' also in {seen[role_id]}")
                continue
            seen[role_id] = file
            title = str(meta.get("title") or "").strip()
            known = role_id in declared or role_id in self.existing.role_ids
            if not title and not known:
                self.problems.add(
                    file, 1, "title", f"is needed: role '{role_id}' is not in roles.yaml"
                )
                continue
            if not body.strip():
                self.problems.add(file, None, "", "has no text after the front matter")
                continue
            if title:
                self._brought.append(Titled(file, 1, "title", "role", role_id, title))
            jds.append(
                JobDescription(
                    role_id=role_id,
                    title=title,
                    text=body.strip() + "\n",
                    department=str(meta.get("department") or "").strip(),
                    source_file=file,
                )
            )
        self.bundle.job_descriptions = jds

    def _read_resources(self, lookup: SkillLookup) -> None:
        path = self.folder / "learning_resources.csv"
        if not path.exists():
            return
        name = path.name
        resources: list[LearningResource] = []
        lines: dict[str, int] = {}
        for line, row in read_csv(
            path, RESOURCE_COLUMNS, RESOURCE_OPTIONAL, self.problems, self.bundle.warnings
        ):
            if self.problems.full:
                break
            try:
                resource_id = identifier(row["resource_id"])
                if resource_id in lines:
                    raise BadValue(f"'{resource_id}' repeats line {lines[resource_id]}")
            except BadValue as exc:
                self.problems.add(name, line, "resource_id", str(exc))
                continue
            lines[resource_id] = line
            values: dict[str, Any] = {}
            parsers = {
                "type": lambda v: choice(v, ResourceType),
                "internal": parse_bool,
                "hours": lambda v: float_at_least(v, 0, strictly=True, high=MAX_HOURS),
                "cost": lambda v: float_at_least(v or "0", 0, high=MAX_COST),
            }
            for column, parse in parsers.items():
                try:
                    values[column] = parse(row.get(column, ""))
                except BadValue as exc:
                    self.problems.add(name, line, column, str(exc))
            if not row["title"]:
                self.problems.add(name, line, "title", "is empty")
            covered = self._resource_skills(row["skills"], lookup, name, line)
            if len(values) < len(parsers) or covered is None or not row["title"]:
                continue
            resources.append(
                LearningResource(
                    resource_id=resource_id,
                    title=row["title"],
                    provider=row.get("provider", ""),
                    skills=tuple(covered),
                    url=row.get("url", ""),
                    prerequisites=tuple(split_list(row.get("prerequisites", ""))),
                    **values,
                )
            )
        known = self._known(list(lines), self.existing.resource_ids)
        for resource in resources:
            for prerequisite in resource.prerequisites:
                if prerequisite not in known:
                    self.problems.add(
                        name,
                        lines[resource.resource_id],
                        "prerequisites",
                        f"unknown resource '{prerequisite}'",
                    )
                elif prerequisite == resource.resource_id:
                    self.problems.add(
                        name, lines[resource.resource_id], "prerequisites", "lists itself"
                    )
        self.bundle.resources = resources

    def _resource_skills(
        self, text: str, lookup: SkillLookup, file: str, line: int
    ) -> list[ResourceSkill] | None:
        if not text:
            self.problems.add(file, line, "skills", "is empty (SKILL:LEVEL;…)")
            return None
        covered: dict[str, ResourceSkill] = {}
        for part in split_list(text):
            skill_text, colon, level_text = part.rpartition(":")
            if not colon or not skill_text.strip():
                self.problems.add(file, line, "skills", f"'{part}' is not SKILL:LEVEL")
                return None
            skill_id = self._resolve_skill(lookup, skill_text.strip(), file, line, "skills")
            try:
                level = int_in(level_text.strip(), 1, MAX_LEVEL)
            except BadValue as exc:
                self.problems.add(file, line, "skills", f"level of '{skill_text}': {exc}")
                return None
            if skill_id is None:
                return None
            covered[skill_id] = ResourceSkill(skill_id=skill_id, level=level)
        return list(covered.values())

    def _read_employees(self) -> None:
        path = self.folder / "employees.csv"
        known_roles = self._known(
            [r.role_id for r in self.bundle.roles] if self.bundle.roles is not None else None,
            self.existing.role_ids,
        ) | {jd.role_id for jd in self.bundle.job_descriptions or []}
        if not self._exists(path):
            return
        name = path.name
        employees: list[Employee] = []
        lines: dict[str, int] = {}
        groups: set[str] = set()
        for line, row in self._rows(path, EMPLOYEE_COLUMNS, EMPLOYEE_OPTIONAL):
            if self.problems.full:
                break
            try:
                employee_id = identifier(row["employee_id"])
                if employee_id in lines:
                    raise BadValue(f"'{employee_id}' repeats line {lines[employee_id]}")
            except BadValue as exc:
                self.problems.add(name, line, "employee_id", str(exc))
                continue
            lines[employee_id] = line
            bad = False
            for column in ("name", "department", "team"):
                if not row[column]:
                    self.problems.add(name, line, column, "is empty")
                    bad = True
            if "@" not in row["email"]:
                self.problems.add(name, line, "email", f"'{row['email']}' is not an email address")
                bad = True
            for column in ("role_id", "goal_role_id"):
                if row.get(column) and row[column] not in known_roles:
                    self.problems.add(name, line, column, f"unknown role '{row[column]}'")
                    bad = True
            hire_date = None
            if row.get("hire_date"):
                try:
                    hire_date = parse_date(row["hire_date"])
                except BadValue as exc:
                    self.problems.add(name, line, "hire_date", str(exc))
                    bad = True
            if bad:
                continue
            self._person_lines[employee_id] = line
            for column in ("team", "department"):
                if row[column] not in groups:
                    groups.add(row[column])
                    self._brought.append(
                        Titled(name, line, column, column, row[column], row[column])
                    )
            employees.append(
                Employee(
                    employee_id=employee_id,
                    name=row["name"],
                    email=row["email"],
                    department=row["department"],
                    team=row["team"],
                    role_id=row.get("role_id") or None,
                    manager_id=row.get("manager_id") or None,
                    hire_date=hire_date,
                    goal_role_id=row.get("goal_role_id") or None,
                )
            )
        managers = {} if self.replace else dict(self.existing.managers)
        managers.update({e.employee_id: e.manager_id for e in employees})
        for employee in employees:
            manager = employee.manager_id
            if manager is not None and manager not in managers:
                self.problems.add(
                    name, lines[employee.employee_id], "manager_id", f"unknown employee '{manager}'"
                )
        for employee in employees:
            if in_cycle(employee.employee_id, managers):
                self.problems.add(
                    name,
                    lines[employee.employee_id],
                    "manager_id",
                    f"{employee.employee_id} is their own (indirect) manager",
                )
        self.bundle.employees = employees

    def _read_assertions(self, lookup: SkillLookup) -> None:
        path = self.folder / "employee_skills.csv"
        if not self._exists(path):
            return
        name = path.name
        known_employees = self._known(
            [e.employee_id for e in self.bundle.employees]
            if self.bundle.employees is not None
            else None,
            set(self.existing.managers),
        )
        assertions: list[SkillAssertion] = []
        keys: dict[tuple[str, str, str, date], int] = {}
        for line, row in self._rows(path, ASSERTION_COLUMNS, ASSERTION_OPTIONAL):
            if self.problems.full:
                break
            employee_id = row["employee_id"]
            bad = False
            if employee_id not in known_employees:
                self.problems.add(name, line, "employee_id", f"unknown employee '{employee_id}'")
                bad = True
            skill_id = self._resolve_skill(lookup, row["skill"], name, line, "skill")
            try:
                scale = get_scale(row.get("scale", ""))
            except ValueError as exc:
                self.problems.add(name, line, "scale", str(exc))
                continue
            try:
                level = scale.to_default(float(row["level"]))
            except ValueError as exc:
                reason = str(exc) if row["level"] else "is empty"
                if "could not convert" in reason:
                    reason = f"'{row['level']}' is not a number"
                self.problems.add(name, line, "level", reason)
                bad = True
                level = 0
            try:
                source = choice(row["source"], Source)
            except BadValue as exc:
                self.problems.add(name, line, "source", str(exc))
                bad = True
            try:
                assessed_on = parse_date(row["assessed_on"])
            except BadValue as exc:
                self.problems.add(name, line, "assessed_on", str(exc))
                bad = True
            if bad or skill_id is None:
                continue
            key = (employee_id, skill_id, source.value, assessed_on)
            if key in keys:
                self.problems.add(
                    name,
                    line,
                    "skill",
                    f"same employee, skill, source and date as line {keys[key]}",
                )
                continue
            keys[key] = line
            assertions.append(
                SkillAssertion(
                    employee_id=employee_id,
                    skill_id=skill_id,
                    level=level,
                    source=source,
                    assessed_on=assessed_on,
                    evidence=row.get("evidence", ""),
                )
            )
        self.bundle.assertions = assertions

    def _read_talent_flow(self) -> None:
        """vacancies.csv and events.csv: against the roles and people as they will be."""
        paths = [self.folder / "vacancies.csv", self.folder / "events.csv"]
        if not any(self._exists(p) for p in paths):
            return
        roles = self._known(
            [r.role_id for r in self.bundle.roles] if self.bundle.roles is not None else None,
            self.existing.role_ids,
        ) | {jd.role_id for jd in self.bundle.job_descriptions or []}
        hire_dates = (
            {}
            if self.replace and self.bundle.employees is not None
            else dict(self.existing.hire_dates)
        )
        hire_dates.update({e.employee_id: e.hire_date for e in self.bundle.employees or []})
        known = Known(role_ids=roles, hire_dates=hire_dates)
        vacancies, events = paths
        if self._exists(vacancies):
            rows = self._rows(vacancies, VACANCY_COLUMNS, VACANCY_OPTIONAL)
            self.bundle.vacancies = read_vacancies(rows, vacancies.name, known, self.problems)
        if self._exists(events):
            rows = self._rows(events, EVENT_COLUMNS, EVENT_OPTIONAL)
            self.bundle.events = read_events(rows, events.name, known, self.problems)

    def _read_scorecard(self) -> None:
        path = self.folder / "scorecard.yaml"
        if not path.exists():
            return
        replaced = self.replace and self.bundle.employees is not None
        departments = {} if replaced else dict(self.existing.departments)
        departments.update({e.employee_id: e.department for e in self.bundle.employees or []})
        hr, it = self.sides
        found = read_scorecard(
            path, departments, hr, it, dict(self.existing.recorded_series), self.problems
        )
        if found is not None:
            self.bundle.scorecard = found


def read_native_folder(
    folder: Path,
    existing: ExistingState,
    replace: bool = False,
    sides: tuple[list[str], list[str]] = (["HR"], ["IT"]),
) -> Bundle:
    return NativeFolderReader(folder, existing, replace, sides).read()


def load_folder(store: Store, folder: Path, replace: bool = False) -> LoadReport:
    """Validate a native folder whole, then write it in one transaction."""
    bundle = read_native_folder(folder, store.existing_state(), replace=replace)
    return store.apply(bundle, replace=replace)
