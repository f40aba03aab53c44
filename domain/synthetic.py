"""A seeded generator of fictional organisations, for scale tests and benchmarks.

It starts from a real framework (skills, roles, resources — usually the sample org's)
and invents people around it: departments of teams of 6–12, a management tree, and
skill assertions spread around each person's role requirements. Same seed, same org.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.models import (
    Employee,
    EmploymentEvent,
    EventType,
    FillSource,
    LearningResource,
    Requirement,
    Role,
    Skill,
    SkillAssertion,
    Source,
    Vacancy,
    VacancyStatus,
)

FIRST_NAMES = [
    "Ada",
    "Aiko",
    "Alejandro",
    "Amara",
    "Anders",
    "Ayesha",
    "Bilal",
    "Camila",
    "Chen",
    "Chiara",
    "Dana",
    "Dmitri",
    "Elif",
    "Emeka",
    "Farah",
    "Femi",
    "Gabriel",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jamal",
    "Jana",
    "Jonas",
    "Kai",
    "Kenji",
    "Lara",
    "Leila",
    "Liam",
    "Lucia",
    "Malik",
    "Marta",
    "Mateo",
    "Mei",
    "Nadia",
    "Nia",
    "Noah",
    "Olga",
    "Omar",
    "Pablo",
    "Priya",
    "Rafael",
    "Rania",
    "Rosa",
    "Sami",
    "Sara",
    "Sofia",
    "Tariq",
    "Tomas",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abara",
    "Andersen",
    "Bauer",
    "Bianchi",
    "Castillo",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Laine",
    "Lopez",
    "Mensah",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Pereira",
    "Quinn",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Tanaka",
    "Torres",
    "Urban",
    "Varga",
    "Wagner",
    "Wojcik",
    "Yilmaz",
    "Zhang",
]
SOURCES = (Source.SELF, Source.MANAGER, Source.PEER, Source.CERTIFICATION, Source.ASSESSMENT)
SOURCE_WEIGHTS = (30, 30, 15, 10, 15)
CATEGORIES = ("Data", "Software Engineering", "Cloud & Platform", "Security", "AI", "Business")


@dataclass
class GeneratedOrg:
    skills: list[Skill]
    roles: list[Role]
    resources: list[LearningResource]
    employees: list[Employee] = field(default_factory=list)
    assertions: list[SkillAssertion] = field(default_factory=list)
    vacancies: list[Vacancy] = field(default_factory=list)
    events: list[EmploymentEvent] = field(default_factory=list)


def extend_framework(
    skills: list[Skill], roles: list[Role], n_skills: int, rng: random.Random
) -> tuple[list[Skill], list[Role]]:
    """Add synthetic skills (and roles that need them) until there are `n_skills`."""
    skills = list(skills)
    roles = list(roles)
    extra = [
        Skill(
            skill_id=f"gen-skill-{i:04d}",
            name=f"Generated Skill {i:04d}",
            category=CATEGORIES[i % len(CATEGORIES)],
            description=f"A synthetic skill number {i} for scale tests.",
        )
        for i in range(1, max(0, n_skills - len(skills)) + 1)
    ]
    skills.extend(extra)
    pool = [s.skill_id for s in skills]
    # Enough synthetic roles that every added skill is required somewhere.
    for i in range(1, (len(extra) + 5) // 6 + 1 if extra else 0):
        chosen = extra[(i - 1) * 6 : i * 6] or []
        picked = [s.skill_id for s in chosen] + rng.sample(pool, 3)
        requirements = tuple(
            Requirement(skill_id=sid, level=rng.randint(2, 5), importance=rng.randint(1, 5))
            for sid in dict.fromkeys(picked)
        )
        roles.append(
            Role(
                role_id=f"gen-role-{i:03d}",
                title=f"Generated Role {i:03d}",
                department="Engineering",
                family="Generated",
                requirements=requirements,
            )
        )
    return skills, roles


def generate_org(
    skills: list[Skill],
    roles: list[Role],
    resources: list[LearningResource],
    n_employees: int,
    seed: int = 7,
    n_skills: int | None = None,
    as_of: date = date(2026, 11, 1),
) -> GeneratedOrg:
    rng = random.Random(seed)
    if n_skills:
        skills, roles = extend_framework(skills, roles, n_skills, rng)
    org = GeneratedOrg(skills=skills, roles=roles, resources=resources)
    staffed = [r for r in roles if r.requirements]
    if not staffed or n_employees <= 0:
        return org
    all_skill_ids = [s.skill_id for s in skills]
    departments = sorted({r.department or "General" for r in staffed})
    heads: dict[str, str] = {}
    next_id = 1

    def new_id() -> str:
        nonlocal next_id
        employee_id = f"G{next_id:06d}"
        next_id += 1
        return employee_id

    def person(
        employee_id: str, department: str, team: str, role: Role, manager: str | None
    ) -> None:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        goal = rng.choice(staffed).role_id if rng.random() < 0.3 else None
        org.employees.append(
            Employee(
                employee_id=employee_id,
                name=f"{first} {last}",
                email=f"{first}.{last}.{employee_id}@example.org".lower(),
                department=department,
                team=team,
                role_id=role.role_id,
                manager_id=manager,
                hire_date=as_of - timedelta(days=rng.randint(30, 15 * 365)),
                goal_role_id=goal if goal != role.role_id else None,
            )
        )
        for requirement in role.requirements:
            if rng.random() < 0.15:
                continue  # nobody has everything on record
            level = max(0, min(5, requirement.level + rng.choice((-2, -1, -1, 0, 0, 0, 1))))
            org.assertions.append(_assertion(rng, employee_id, requirement.skill_id, level, as_of))
        required = {q.skill_id for q in role.requirements}
        for skill_id in rng.sample(all_skill_ids, min(2, len(all_skill_ids))):
            if skill_id not in required:
                org.assertions.append(
                    _assertion(rng, employee_id, skill_id, rng.randint(1, 4), as_of)
                )

    by_department = {
        d: [r for r in staffed if (r.department or "General") == d] for d in departments
    }
    while len(org.employees) < n_employees:
        for department in departments:
            if len(org.employees) >= n_employees:
                break
            dept_roles = by_department[department]
            if department not in heads:
                heads[department] = new_id()
                person(
                    heads[department], department, f"{department} Leadership", dept_roles[-1], None
                )
                continue
            team = f"{department} Team {len(org.employees):06d}"
            lead = new_id()
            person(lead, department, team, rng.choice(dept_roles), heads[department])
            for _ in range(rng.randint(5, 11)):
                if len(org.employees) >= n_employees:
                    break
                person(new_id(), department, team, rng.choice(dept_roles), lead)
    return org


def _assertion(
    rng: random.Random, employee_id: str, skill_id: str, level: int, as_of: date
) -> SkillAssertion:
    source = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
    return SkillAssertion(
        employee_id=employee_id,
        skill_id=skill_id,
        level=level,
        source=source,
        assessed_on=as_of - timedelta(days=rng.randint(0, 4 * 365)),
        evidence="generated",
    )


def generate_history(
    org: GeneratedOrg,
    years: int = 5,
    leave_share: float = 0.08,
    moves: int = 9_000,
    vacancies: int = 20_000,
    seed: int = 7,
    as_of: date = date(2026, 11, 1),
) -> GeneratedOrg:
    """Hires (of everyone hired in the last `years`), leaves (of `leave_share` of people,
    after their hire), moves into other roles, and vacancies over those years: the
    talent-flow records at scale. Same seed, same history."""
    rng = random.Random(seed)
    start = as_of - timedelta(days=365 * years)
    staffed = [r for r in org.roles if r.requirements]
    number = 0

    def event_id() -> str:
        nonlocal number
        number += 1
        return f"GE{number:07d}"

    for person in org.employees:
        hired = person.hire_date or start
        if hired >= start:
            org.events.append(
                EmploymentEvent(event_id(), person.employee_id, EventType.HIRE, hired,
                                person.role_id, person.team)
            )  # fmt: skip
        if rng.random() < leave_share and (as_of - max(hired, start)).days > 30:
            day = max(hired, start) + timedelta(
                days=rng.randint(30, (as_of - max(hired, start)).days)
            )
            org.events.append(
                EmploymentEvent(event_id(), person.employee_id, EventType.LEAVE, day,
                                person.role_id, person.team, rng.random() < 0.7)
            )  # fmt: skip
    left = {e.employee_id for e in org.events if e.type is EventType.LEAVE}
    stayers = [p for p in org.employees if p.employee_id not in left]
    for person in rng.sample(stayers, min(moves, len(stayers))):
        hired = max(person.hire_date or start, start)
        if (as_of - hired).days <= 60:
            continue
        day = hired + timedelta(days=rng.randint(30, (as_of - hired).days - 1))
        org.events.append(
            EmploymentEvent(event_id(), person.employee_id, EventType.MOVE, day,
                            person.role_id, person.team)
        )  # fmt: skip
    teams = sorted({p.team for p in org.employees})
    for i in range(1, vacancies + 1):
        role = rng.choice(staffed)
        opened = start + timedelta(days=rng.randint(0, (as_of - start).days - 1))
        roll = rng.random()
        closed = opened + timedelta(days=rng.randint(14, 240))
        if roll < 0.1 or closed > as_of:
            status, closed_on, source = VacancyStatus.OPEN, None, None
        elif roll < 0.2:
            status, closed_on, source = VacancyStatus.CANCELLED, closed, None
        else:
            internal = rng.random() < 0.3
            status, closed_on = VacancyStatus.FILLED, closed
            source = FillSource.INTERNAL if internal else FillSource.EXTERNAL
        org.vacancies.append(
            Vacancy(f"GV{i:06d}", role.role_id, rng.choice(teams), opened, status, closed_on,
                    source, None, rng.random() < 0.3)
        )  # fmt: skip
    return org
