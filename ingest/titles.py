"""The titles an import brings, checked before anything is stored: each is a name, never a
person's and never a message (the rules are in domain/titles.py). Every reader collects what
it brings as `Titled` records with their file, line and field, so a refusal says where."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.models import Skill
from domain.text import NAME_LIMIT, plain_name
from domain.titles import PeopleNames, Person, fold, framework_vocabulary, title_problem
from storage.bundle import Bundle, ExistingState


@dataclass(frozen=True)
class Titled:
    """One title an import brings, and where it stands."""

    file: str
    line: int | None
    field: str
    kind: str  # role, skill, alias, team, department
    record: str  # the record's id (a team's or department's name)
    title: str


@dataclass(frozen=True)
class TitleProblem:
    titled: Titled
    message: str


class TitleCheck:
    """Checks titles against the people an import leaves in the store (`people`) and the
    words the frameworks use (`titles`: every title and skill name there will be; `texts`:
    their descriptions and job descriptions)."""

    def __init__(self, people: Iterable[Person], titles: Iterable[str], texts: Iterable[str] = ()):
        titles, texts = list(titles), list(texts)
        self.names = PeopleNames(people, lambda: framework_vocabulary(titles, texts))

    def problems(self, brought: Iterable[Titled]) -> list[TitleProblem]:
        found = []
        for titled in brought:
            message = self.problem(titled)
            if message:
                found.append(TitleProblem(titled, message))
        return found

    def problem(self, titled: Titled) -> str | None:
        # An alias is a name too, but frameworks keep long, descriptive ones (ESCO's
        # alternative labels): no length or sentence rule; links and messages still count.
        alias = titled.kind == "alias"
        wrong = title_problem(titled.title, None if alias else NAME_LIMIT, sentences=not alias)
        if wrong:
            return f"'{plain_name(titled.title)}' {wrong}"
        person = self.names.captured_by(titled.title)
        if person:
            return (
                f"'{plain_name(titled.title)}' {person}; a {titled.kind} named like a person "
                "would take the questions asked about them: rename it"
            )
        return None


def existing_texts(existing: ExistingState) -> list[str]:
    """The descriptions the store holds: its skills', roles' and job descriptions."""
    return existing.texts + [s.description for s in existing.skills if s.description]


def bundle_texts(bundle: Bundle) -> list[str]:
    return (
        [s.description for s in bundle.skills or [] if s.description]
        + [r.description for r in bundle.roles or [] if r.description]
        + [jd.text for jd in bundle.job_descriptions or []]
    )


def existing_titles(existing: ExistingState, skills: bool = True) -> list[str]:
    """The titles the store holds: roles, teams, departments and (unless replaced) skills."""
    titles = list(existing.titles)
    if skills:
        titles += skill_titles(existing.skills)
    return titles


def skill_titles(skills: Iterable[Skill]) -> list[str]:
    return [form for s in skills for form in (s.name, *s.aliases)]


def bundle_titles(bundle: Bundle) -> list[Titled]:
    """A framework export's titles (ESCO, O*NET): where each came from is in `bundle.lines`."""

    def where(key: str) -> tuple[str, int | None]:
        return bundle.lines.get(key, (str(bundle.folder.name), None))

    brought: list[Titled] = []
    for role in bundle.roles or []:
        file, line = where(f"role:{role.role_id}")
        brought.append(Titled(file, line, "title", "role", role.role_id, role.title))
    for skill in bundle.skills or []:
        file, line = where(f"skill:{skill.skill_id}")
        brought.append(Titled(file, line, "name", "skill", skill.skill_id, skill.name))
        brought += [
            Titled(file, line, "aliases", "alias", skill.skill_id, a) for a in skill.aliases
        ]
    return brought


def check_bundle(bundle: Bundle, existing: ExistingState) -> list[TitleProblem]:
    """The problems of a framework export's titles, against the people the store holds."""
    titles = existing_titles(existing, skills=True) + [t.title for t in bundle_titles(bundle)]
    texts = existing_texts(existing) + bundle_texts(bundle)
    return TitleCheck(existing.people, titles, texts).problems(bundle_titles(bundle))


def without_clashes(bundle: Bundle, existing: ExistingState) -> list[str]:
    """A framework export's skills take no name or alias another stored skill has: a
    clashing name is told apart by its id ("Python (onet-tech:43232402)"), a clashing alias
    is dropped, as ESCO's reader does within one export. Returns what was changed."""
    if not bundle.skills:
        return []
    brought = {s.skill_id for s in bundle.skills}
    taken: dict[tuple[str, ...], str] = {}
    for skill in existing.skills:
        if skill.skill_id not in brought:
            for form in (skill.name, *skill.aliases):
                taken.setdefault(fold(form), skill.skill_id)
    if not taken:
        return []
    changed: list[str] = []
    renamed = []
    for skill in bundle.skills:
        name, aliases = skill.name, tuple(a for a in skill.aliases if fold(a) not in taken)
        if fold(name) in taken:
            name = f"{skill.name} ({skill.skill_id})"
            changed.append(
                f"skill {skill.skill_id} '{skill.name}' is named like stored skill "
                f"{taken[fold(skill.name)]}: kept as '{name}'"
            )
        if len(aliases) < len(skill.aliases):
            changed.append(
                f"skill {skill.skill_id}: {len(skill.aliases) - len(aliases)} alias(es) that "
                "name stored skills were left out"
            )
        renamed.append(
            Skill(
                skill.skill_id,
                name,
                skill.category,
                skill.description,
                aliases,
                skill.level_descriptors,
            )
        )
    bundle.skills = renamed
    return changed
