"""Turning records and documents into chunks for the index.

Documents are cut on their own structure — headings, bullets, paragraphs — never blind
character windows; every chunk's text starts with its entity's title and section heading,
so a lone bullet still says whose it is. Records (skills, roles, people, resources) are
rendered as short texts that say what a searcher would look for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from domain.models import Employee, LearningResource, Role, Skill
from domain.org import Org
from domain.scales import DEFAULT

MAX_CHARS = 700
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.*)$")


@dataclass(frozen=True)
class Chunk:
    """One indexable piece. `chunk_id` = doc_type:entity_id:number, stable across runs."""

    doc_type: str  # skill | role | profile | resource
    entity_id: str
    number: int
    title: str
    section: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_type}:{self.entity_id}:{self.number}"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]

    def full_metadata(self) -> dict[str, Any]:
        # Chroma metadata cannot hold None: empty strings mean "not set".
        return {
            "doc_type": self.doc_type,
            "entity_id": self.entity_id,
            "chunk_no": self.number,
            "title": self.title,
            "section": self.section,
            "department": "",
            "team": "",
            "owner_employee_id": "",
            "source_file": "",
            **self.metadata,
            "content_hash": self.content_hash,
        }


def markdown_sections(text: str) -> list[tuple[str, list[str]]]:
    """[(heading, blocks)] where a block is a paragraph or a single bullet."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            sections[-1][1].append(" ".join(paragraph))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        bullet = _BULLET.match(raw)
        if heading:
            flush()
            sections.append((heading.group(2).strip(), []))
        elif bullet:
            flush()
            sections[-1][1].append("- " + bullet.group(1).strip())
        elif not line:
            flush()
        else:
            paragraph.append(line)
    flush()
    return [(h, blocks) for h, blocks in sections if blocks]


def chunk_document(title: str, text: str, max_chars: int = MAX_CHARS) -> list[tuple[str, str]]:
    """[(section, chunk text)]: blocks of one section grouped up to `max_chars`."""
    chunks: list[tuple[str, str]] = []
    for heading, blocks in markdown_sections(text):
        if heading.strip().casefold() == title.strip().casefold():
            heading = "Overview"  # the document's own H1 title
        prefix = f"{title} — {heading or 'Overview'}\n"
        current: list[str] = []
        size = 0
        for block in blocks:
            if current and size + len(block) > max_chars:
                chunks.append((heading, prefix + "\n".join(current)))
                current, size = [], 0
            current.append(block)
            size += len(block) + 1
        if current:
            chunks.append((heading, prefix + "\n".join(current)))
    return chunks


# ---------------------------------------------------------------- record renderings


def skill_chunks(skill: Skill) -> list[Chunk]:
    lines = [f"{skill.name} ({skill.category})"]
    if skill.aliases:
        lines.append("Also called: " + ", ".join(skill.aliases))
    if skill.description:
        lines.append(skill.description)
    for level, text in sorted(skill.level_descriptors.items()):
        lines.append(f"Level {level} ({DEFAULT.label(level)}): {text}")
    return [
        Chunk(
            "skill",
            skill.skill_id,
            0,
            skill.name,
            "Definition",
            "\n".join(lines),
            {"category": skill.category},
        )
    ]


def role_chunks(
    role: Role, job_description: str, skills: dict[str, Skill], source_file: str = ""
) -> list[Chunk]:
    meta = {"department": role.department, "source_file": source_file}
    summary = [
        f"{role.title} — role in {role.department or 'the organisation'}"
        + (f", {role.family} family" if role.family else "")
    ]
    if role.description:
        summary.append(role.description)
    if role.requirements:
        summary.append(
            "Requires: "
            + "; ".join(
                f"{skills[q.skill_id].name if q.skill_id in skills else q.skill_id} "
                f"level {q.level} ({DEFAULT.label(q.level)}), importance {q.importance}"
                for q in role.requirements
            )
        )
    chunks = [Chunk("role", role.role_id, 0, role.title, "Summary", "\n".join(summary), meta)]
    for number, (section, text) in enumerate(chunk_document(role.title, job_description), 1):
        chunks.append(Chunk("role", role.role_id, number, role.title, section, text, meta))
    return chunks


def profile_chunks(
    org: Org, employee: Employee, free_text: str = "", source_file: str = ""
) -> list[Chunk]:
    meta = {
        "department": employee.department,
        "team": employee.team,
        "owner_employee_id": employee.employee_id,
        "source_file": source_file,
    }
    role = org.roles.get(employee.role_id or "")
    goal = org.roles.get(employee.goal_role_id or "")
    lines = [
        f"{employee.name} — {role.title if role else 'no role on record'}, "
        f"team {employee.team}, {employee.department} department"
    ]
    if goal:
        lines.append(f"Career goal: {goal.title}")
    levels = sorted(org.levels(employee.employee_id).values(), key=lambda c: (-c.level, c.skill_id))
    if levels:
        lines.append(
            "Skills: "
            + "; ".join(
                f"{org.skills[c.skill_id].name} {c.level} ({DEFAULT.label(c.level)})"
                for c in levels
                if c.skill_id in org.skills
            )
        )
    chunks = [
        Chunk("profile", employee.employee_id, 0, employee.name, "Profile", "\n".join(lines), meta)
    ]
    for number, (section, text) in enumerate(chunk_document(employee.name, free_text), 1):
        chunks.append(
            Chunk("profile", employee.employee_id, number, employee.name, section, text, meta)
        )
    return chunks


def resource_chunks(resource: LearningResource, skills: dict[str, Skill]) -> list[Chunk]:
    covered = "; ".join(
        f"{skills[s.skill_id].name if s.skill_id in skills else s.skill_id} to level {s.level}"
        for s in resource.skills
    )
    where = "internal" if resource.internal else "external"
    text = (
        f"{resource.title} — {resource.type.value.replace('_', ' ')} by "
        f"{resource.provider or 'unknown provider'} ({where}), {resource.hours:g} hours, "
        f"cost {resource.cost:g}\nBuilds: {covered}"
    )
    return [
        Chunk(
            "resource",
            resource.resource_id,
            0,
            resource.title,
            "Resource",
            text,
            {"resource_type": resource.type.value},
        )
    ]


def org_chunks(
    org: Org, job_descriptions: dict[str, tuple[str, str]], profiles: dict[str, tuple[str, str]]
) -> Iterable[Chunk]:
    """Every chunk of the organisation. job_descriptions/profiles: id -> (text, source)."""
    for skill in org.skills.values():
        yield from skill_chunks(skill)
    for role in org.roles.values():
        text, source = job_descriptions.get(role.role_id, ("", ""))
        yield from role_chunks(role, text, org.skills, source)
    for employee in org.employees.values():
        text, source = profiles.get(employee.employee_id, ("", ""))
        yield from profile_chunks(org, employee, text, source)
    for resource in org.resources.values():
        yield from resource_chunks(resource, org.skills)
