"""Career paths: where a role leads, where a person could go next, and where a role's holders
came from and went. Open this file to see how every path and its ranking are made.

A path from role A to role B comes from up to three places, each kept as its provenance:
  declared  B is in A's `next_roles` (roles.yaml): the organisation says A leads to B;
  observed  people have moved from A to B (move events up to the as-of day); `moves` counts them;
  overlap   A's requirements already meet at least OVERLAP_MIN of B's, weighted as readiness is
            (Σ importance·min(level_A, level_B) / Σ importance·level_B), but not all of them,
            and B meets at least as much of A as A meets of B. A target that A covers better
            than the target covers A is a step back (Senior Data Engineer → Data Engineer).
A person's next roles are the paths from their current role, their goal role if they have
one, and any role their own levels already meet at least OVERLAP_MIN of ("skills") unless it
is a step back from their current role; minus their current role and the roles they held
before. They are ranked the most reachable first: readiness (domain/gaps.py, from the
person's own levels) descending, then the smaller total priority of the gaps, then declared
before proposed, then title. Nothing about the person other than their skills and their
role history plays a part.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.gaps import person_gap
from domain.models import EmploymentEvent, EventType, Role
from domain.org import Org

# The least share of a role's weighted requirements another role must meet to propose a path.
OVERLAP_MIN = 0.5
# How many next roles a person is shown, and how many gaps per role.
NEXT_ROLES = 3
GAPS_SHOWN = 5


def overlap(source: Role, target: Role) -> float:
    """The readiness for `target` of someone who exactly meets `source`'s requirements."""
    return readiness({q.skill_id: q.level for q in source.requirements}, target)


def readiness(levels: dict[str, int], role: Role) -> float:
    """domain/gaps.py's readiness from levels alone, without the gap rows."""
    needed = sum(q.importance * q.level for q in role.requirements)
    met = sum(q.importance * min(levels.get(q.skill_id, 0), q.level) for q in role.requirements)
    return met / needed if needed else 0.0


def steps_back(source: Role, target: Role) -> bool:
    """The source covers more of the target than the target covers of it: a step back."""
    return overlap(source, target) > overlap(target, source)


@dataclass(frozen=True)
class RoleChange:
    """One step in someone's employment: into a role from outside (`before` None, a hire),
    from one role to another (a move), or out (`after` None, a leave)."""

    employee_id: str | None
    on: date
    before: str | None
    after: str | None


def role_changes(events: list[EmploymentEvent], day: date) -> list[RoleChange]:
    """Hires, moves and leaves up to `day`, each with the role before and after. The role
    before a move is the one the person's previous hire or move set; unknown (None) when the
    move is the first event on record. An erased person's events stand alone."""
    changes: list[RoleChange] = []
    current: dict[str, str | None] = {}
    for event in sorted(events, key=lambda e: (e.on, e.event_id)):
        if event.on > day:
            continue
        who = event.employee_id
        previous = current.get(who) if who is not None else None
        if event.type is EventType.HIRE:
            changes.append(RoleChange(who, event.on, None, event.role_id))
            if who is not None:
                current[who] = event.role_id
        elif event.type is EventType.MOVE:
            if event.role_id and event.role_id != previous:
                changes.append(RoleChange(who, event.on, previous, event.role_id))
            if who is not None and event.role_id:
                current[who] = event.role_id
        else:
            changes.append(RoleChange(who, event.on, event.role_id or previous, None))
            if who is not None:
                current[who] = None
    return changes


@dataclass(frozen=True)
class Path:
    from_role: str
    to_role: str
    declared: bool
    moves: int  # people seen moving this way up to the as-of day
    overlap: float  # share of the target's requirements the source role meets
    proposed: bool  # the overlap alone proposes it

    @property
    def sources(self) -> list[str]:
        return [
            kind
            for kind, present in (
                ("declared", self.declared),
                ("observed", self.moves > 0),
                ("overlap", self.proposed),
            )
            if present
        ]


@dataclass
class CareerPaths:
    """Every role's paths in one organisation, as of its day. Built once per organisation."""

    org: Org
    _moves: Counter[tuple[str, str]] = field(init=False)
    _by_person: dict[str, list[RoleChange]] = field(init=False)
    _by_role: dict[str, list[RoleChange]] = field(init=False)  # into or out of the role

    def __post_init__(self) -> None:
        changes = role_changes(self.org.flow.events, self.org.as_of)
        self._moves = Counter((c.before, c.after) for c in changes if c.before and c.after)
        self._by_person, self._by_role = defaultdict(list), defaultdict(list)
        for change in changes:
            if change.employee_id is not None:
                self._by_person[change.employee_id].append(change)
            for role_id in {change.before, change.after} - {None}:
                self._by_role[str(role_id)].append(change)

    def path(self, source: Role, target: Role, floor: int = 1) -> Path | None:
        """The path from `source` to `target`, or None when nothing proposes one. Moves seen
        fewer than `floor` times are not counted (the minimum group, for callers who may not
        see individuals: one move between two roles can say who moved)."""
        if source.role_id == target.role_id:
            return None
        declared = target.role_id in source.next_roles
        moves = self._moves.get((source.role_id, target.role_id), 0)
        moves = moves if moves >= floor else 0
        share = overlap(source, target)
        proposed = OVERLAP_MIN <= share < 1.0 and not steps_back(source, target)
        if not (declared or moves or proposed):
            return None
        return Path(source.role_id, target.role_id, declared, moves, round(share, 4), proposed)

    def paths_from(self, role_id: str, floor: int = 1) -> list[Path]:
        source = self.org.roles[role_id]
        found = [self.path(source, target, floor) for target in self.org.roles.values()]
        return sorted(
            (p for p in found if p is not None),
            key=lambda p: (not p.declared, -p.moves, -p.overlap, p.to_role),
        )

    def paths_to(self, role_id: str, floor: int = 1) -> list[Path]:
        target = self.org.roles[role_id]
        found = [self.path(source, target, floor) for source in self.org.roles.values()]
        return sorted(
            (p for p in found if p is not None),
            key=lambda p: (not p.declared, -p.moves, -p.overlap, p.from_role),
        )

    def held_before(self, employee_id: str) -> set[str]:
        """The roles someone held before their current one, from their hires and moves."""
        return {
            c.before
            for c in self._by_person.get(employee_id, ())
            if c.before is not None and c.after is not None
        }

    def next_roles(
        self, employee_id: str, limit: int = NEXT_ROLES, floor: int = 1
    ) -> dict[str, Any]:
        """The `limit` most reachable next roles for a person, with readiness and gaps;
        moves seen fewer than `floor` times are not counted."""
        person = self.org.employees[employee_id]
        levels = self.org.levels(employee_id)
        held = self.held_before(employee_id)
        options: dict[str, dict[str, Any]] = {}
        if person.role_id in self.org.roles:
            for p in self.paths_from(person.role_id, floor):
                options[p.to_role] = {"path": p}
        else:  # no role to start from: every role is a possible next one
            options = {role_id: {} for role_id in self.org.roles}
        if person.goal_role_id in self.org.roles:
            options.setdefault(person.goal_role_id, {})["goal"] = True
        current = self.org.roles.get(person.role_id or "")
        have = {skill_id: level.level for skill_id, level in levels.items()}
        measurable = {
            role_id: role
            for role_id, role in self.org.roles.items()
            if role_id != person.role_id and role.requirements  # else no readiness to measure
        }
        for role_id, role in measurable.items():
            # the readiness sum alone first: the gap rows are built for the few that qualify
            near = readiness(have, role) >= OVERLAP_MIN
            if near and not (current is not None and steps_back(current, role)):
                options.setdefault(role_id, {})["skills"] = True
        gaps = {
            role_id: person_gap(
                employee_id, person.name, measurable[role_id], self.org.skills, levels
            )
            for role_id in options
            if role_id in measurable
        }
        ranked = []
        for role_id, found in options.items():
            if role_id not in gaps or (role_id in held and not found.get("goal")):
                continue
            role, gap = self.org.roles[role_id], gaps[role_id]
            path: Path | None = found.get("path")
            sources = [
                *(path.sources if path else []),
                *(k for k in ("skills", "goal") if k in found),
            ]
            ranked.append(
                (
                    -gap.readiness,
                    sum(r.priority for r in gap.gaps),
                    "declared" not in sources,
                    role.title.casefold(),
                    {
                        "role_id": role.role_id,
                        "title": role.title,
                        "department": role.department,
                        "readiness": round(gap.readiness, 4),
                        "ready_now": not gap.gaps,
                        "gap_count": len(gap.gaps),
                        "total_priority": sum(r.priority for r in gap.gaps),
                        "sources": sources,
                        "moves": path.moves if path else 0,
                        "overlap": path.overlap if path else None,
                        "gaps": [
                            {
                                k: r.to_dict()[k]
                                for k in ("skill_id", "name", "required", "current", "gap")
                            }
                            for r in gap.gaps[:GAPS_SHOWN]
                        ],
                    },
                )
            )
        ranked.sort(key=lambda item: item[:4])
        return {
            "employee_id": employee_id,
            "name": person.name,
            "current_role_id": current.role_id if current else None,
            "current_role_title": current.title if current else None,
            "goal_role_id": person.goal_role_id,
            "as_of": self.org.as_of.isoformat(),
            "considered": len(ranked),
            "held_before": sorted(held),
            "next_roles": [item[4] for item in ranked[:limit]],
        }

    def role_flow(self, role_id: str, floor: int = 1) -> dict[str, Any]:
        """Where a role's holders came from and where they went, up to the as-of day. A
        count of people below `floor` (above none) is withheld: None, and `suppressed`."""
        role = self.org.roles[role_id]
        came = [c for c in self._by_role.get(role_id, ()) if c.after == role_id]
        went = [c for c in self._by_role.get(role_id, ()) if c.before == role_id]
        titles = {r.role_id: r.title for r in self.org.roles.values()}

        def count(n: int) -> int | None:
            return n if n >= floor or n == 0 else None

        def roles(counter: Counter[str]) -> list[dict[str, Any]]:
            return [
                {"role_id": r, "title": titles.get(r, r), "people": count(n)}
                for r, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            ]

        hired = sum(1 for c in came if c.before is None)
        left = sum(1 for c in went if c.after is None)
        moved_in = roles(Counter(c.before for c in came if c.before is not None))
        moved_out = roles(Counter(c.after for c in went if c.after is not None))

        return {
            "role_id": role.role_id,
            "title": role.title,
            "as_of": self.org.as_of.isoformat(),
            "holders": len(self.org.holders(role_id)),
            "hired": count(hired),
            "moved_in": moved_in,
            "left": count(left),
            "moved_out": moved_out,
            "suppressed": any(n is None for n in (count(hired), count(left)))
            or any(r["people"] is None for r in [*moved_in, *moved_out]),
            "leads_to": [path_dict(p, titles, p.to_role) for p in self.paths_from(role_id, floor)],
            "comes_from": [
                path_dict(p, titles, p.from_role) for p in self.paths_to(role_id, floor)
            ],
        }


def path_dict(path: Path, titles: dict[str, str], role_id: str) -> dict[str, Any]:
    return {
        "role_id": role_id,
        "title": titles.get(role_id, role_id),
        "sources": path.sources,
        "moves": path.moves,
        "overlap": path.overlap,
    }
