"""Cross-training programmes between two departments: tracks, pairs and progress. Open this
file to see how a track is chosen, who is paired with whom, and how progress is counted.

A **track** is what one department's people learn from the other's: the skills the
learners' own roles require whose category the other department owns (a category belongs to
the department whose roles carry most of its requirement weight, Σ importance·level; only
declared or reviewed requirements count: one inferred from a job description awaits review), the
TRACK_SKILLS heaviest in the learners' roles, each to the highest level their roles ask for
but at most FOUNDATION_LEVEL: enough to work with, and to hire for, not to do the job.
Each skill gets the catalogue's best resource towards that level (internal, cheaper,
shorter first, as a plan picks) and a pair session with the partner; every track ends with
the same practice: shadowing the partner and joint retrospectives of the two cohorts.

**Pairs** join one participant of each department, only among people who opted in.
What x can teach y is Σ over y's track skills of (target − y's level) where y is short and x
is at mentor level for it (domain/mobility.py's rule: max(4, target, y's level + 1)).
A pair's value is what each can teach the other. Pairs are made greedily by value (then
ids): first everyone once, then people still without a partner may join someone who has
one, while nobody is in more than `limit` pairs (the mentoring limit). Nobody is paired
within their own department, nor where neither can teach the other anything. Each person's
CANDIDATES best partners are weighed (all of them when one side has no more).

**Progress** of a person: the actions of their track done, of all; and their readiness for
the track's skills (as in domain/gaps.py, from their levels on the day). A **cohort** is a
department's participants: actions done of all, mean readiness, and the milestones reached
(a quarter, half, three quarters and all of the cohort's actions). Nobody is ranked: see
docs/analytics.md ("no individual leaderboard").
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from domain.mobility import mentor_threshold
from domain.models import LearningResource
from domain.org import Org
from domain.plans import covers, preference

TRACK_SKILLS = 6
CANDIDATES = 50  # partners weighed per person when pairing
FOUNDATION_LEVEL = 3
MILESTONES = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class TrackSkill:
    skill_id: str
    level: int


@dataclass(frozen=True)
class Track:
    learners: str  # the department that learns
    partners: str  # the department it learns from
    skills: tuple[TrackSkill, ...]

    @property
    def track_id(self) -> str:
        return f"{self.learners}-from-{self.partners}".lower().replace(" ", "-")


def category_owners(org: Org) -> dict[str, str]:
    """Each skill category's department: the one whose roles carry most of its weight."""
    weight: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for role in org.roles.values():
        for q in role.requirements:
            if q.inferred:
                continue  # read from a job description and not reviewed yet
            category = org.skills[q.skill_id].category
            weight[category][role.department] += q.importance * q.level
    return {
        category: min(by_department, key=lambda d: (-by_department[d], d))
        for category, by_department in weight.items()
    }


def default_track(org: Org, learners: str, partners: str) -> Track:
    """What `learners` learn from `partners` (see the module docstring)."""
    owners = category_owners(org)
    weight: dict[str, int] = defaultdict(int)
    level: dict[str, int] = defaultdict(int)
    for role in org.roles.values():
        if role.department != learners:
            continue
        for q in role.requirements:
            if not q.inferred and owners.get(org.skills[q.skill_id].category) == partners:
                weight[q.skill_id] += q.importance * q.level
                level[q.skill_id] = max(level[q.skill_id], q.level)
    chosen = sorted(weight, key=lambda s: (-weight[s], s))[:TRACK_SKILLS]
    return Track(
        learners,
        partners,
        tuple(TrackSkill(s, min(level[s], FOUNDATION_LEVEL)) for s in chosen),
    )


def _best_resource(org: Org, skill_id: str, level: int) -> LearningResource | None:
    """The catalogue's resource towards `level` in a skill, preferred as a plan prefers
    (domain/plans.py): one that reaches it, else one that gets furthest."""
    options = [r for r in org.resources.values() if covers(r, skill_id) > 0]
    if not options:
        return None
    reaching = [r for r in options if covers(r, skill_id) >= level]
    if reaching:
        return min(reaching, key=preference)
    return min(options, key=lambda r: (-covers(r, skill_id), *preference(r)))


def track_actions(org: Org, track: Track) -> list[dict[str, Any]]:
    """A track's actions, in order: per skill its resource (when the catalogue has one) and a
    pair session; then shadowing and the joint retrospectives."""
    actions: list[dict[str, Any]] = []
    for item in track.skills:
        name = org.skills[item.skill_id].name if item.skill_id in org.skills else item.skill_id
        resource = _best_resource(org, item.skill_id, item.level)
        if resource is not None:
            actions.append(
                {
                    "kind": "course",
                    "skill_id": item.skill_id,
                    "title": resource.title,
                    "resource_id": resource.resource_id,
                    "hours": resource.hours,
                }
            )
        actions.append(
            {
                "kind": "pair_session",
                "skill_id": item.skill_id,
                "title": f"Pair session on {name} with your {track.partners} partner",
                "hours": 2.0,
            }
        )
    actions += [
        {
            "kind": "shadowing",
            "skill_id": None,
            "title": f"Shadow your {track.partners} partner for a day",
            "hours": 7.5,
        },
        {
            "kind": "retrospective",
            "skill_id": None,
            "title": f"Joint retrospective of the {track.learners} and {track.partners} cohorts",
            "hours": 1.5,
        },
    ]
    return actions


def pair_up(
    org: Org,
    tracks: Mapping[str, Track],  # by department: the track its participants follow
    participants: Iterable[str],
    limit: int,
) -> list[dict[str, Any]]:
    """Pairs across the two departments among those who opted in (see the docstring)."""
    people = sorted(p for p in participants if p in org.employees)
    by_department: dict[str, list[str]] = defaultdict(list)
    for person in people:
        by_department[org.employees[person].department].append(person)
    departments = sorted(tracks)
    if len(departments) != 2:
        return []
    first, second = departments
    firsts, seconds = by_department.get(first, []), by_department.get(second, [])
    if not firsts or not seconds:
        return []
    # what each first can teach each second, and back: (people × skills) products
    a_teaches = _can_teach(org, firsts, tracks[second]) @ _short(org, seconds, tracks[second]).T
    b_teaches = _can_teach(org, seconds, tracks[first]) @ _short(org, firsts, tracks[first]).T
    value = a_teaches + b_teaches.T
    # Each person's CANDIDATES best partners are enough to choose from: at 100,000 people
    # this keeps the greedy pass to a few per person instead of every cross pair.
    keep = np.ones(value.shape, dtype=bool)
    if min(value.shape) > CANDIDATES:
        keep[:] = False
        for axis in (0, 1):  # the best seconds for each first, the best firsts for each second
            best = np.argpartition(-value, CANDIDATES - 1, axis=1 - axis)
            best = np.take(best, np.arange(CANDIDATES), axis=1 - axis)
            np.put_along_axis(keep, best, True, axis=1 - axis)
    rows, cols = np.nonzero(keep & (value > 0))
    scored = [
        (int(value[i, j]), firsts[i], seconds[j], int(a_teaches[i, j]), int(b_teaches[j, i]))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    load: dict[str, int] = defaultdict(int)
    pairs: list[dict[str, Any]] = []
    taken: set[tuple[str, str]] = set()
    # First everyone once; then those still alone may join someone already paired.
    for round_ in (1, 2):
        for value, a, b, a_teaches, b_teaches in scored:
            if (a, b) in taken or load[a] >= limit or load[b] >= limit:
                continue
            if round_ == 1 and (load[a] or load[b]):
                continue
            if round_ == 2 and load[a] and load[b]:
                continue
            taken.add((a, b))
            load[a] += 1
            load[b] += 1
            pairs.append(
                {
                    first: a,
                    second: b,
                    "value": value,
                    "teaches": {a: a_teaches, b: b_teaches},
                }
            )
    return pairs


def _can_teach(org: Org, people: list[str], track: Track) -> np.ndarray:
    """1 where a person is at mentor level for a track skill: a learner short of it is
    below the target, so the mentor rule's max(4, target, current + 1) is max(4, target)."""
    return np.array(
        [
            [org.level(p, i.skill_id) >= mentor_threshold(i.level) for i in track.skills]
            for p in people
        ],
        dtype=np.int64,
    ).reshape(len(people), len(track.skills))


def _short(org: Org, people: list[str], track: Track) -> np.ndarray:
    """How many levels each person lacks of each track skill."""
    return np.array(
        [[max(0, i.level - org.level(p, i.skill_id)) for i in track.skills] for p in people],
        dtype=np.int64,
    ).reshape(len(people), len(track.skills))


def readiness_for(org: Org, employee_id: str, track: Track) -> float:
    needed = sum(item.level for item in track.skills)
    if not needed:
        return 1.0
    met = sum(min(org.level(employee_id, i.skill_id), i.level) for i in track.skills)
    return round(met / needed, 4)


@dataclass(frozen=True)
class Participation:
    employee_id: str
    joined_on: date
    left_on: date | None
    done: frozenset[int]  # indices of the track's actions done

    def active_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


def person_progress(
    org: Org, participation: Participation, track: Track, actions: list[dict[str, Any]]
) -> dict[str, Any]:
    done = [i for i in sorted(participation.done) if i < len(actions)]
    return {
        "employee_id": participation.employee_id,
        "track_id": track.track_id,
        "actions_done": len(done),
        "actions": len(actions),
        "done": done,
        "readiness": readiness_for(org, participation.employee_id, track),
    }


def cohort_progress(
    department: str, people: list[dict[str, Any]], min_group_size: int
) -> dict[str, Any]:
    """A department's participants together; figures withheld below the minimum group."""
    size = len(people)
    base: dict[str, Any] = {"department": department, "participants": size}
    if size < min_group_size:
        return {
            **base,
            "suppressed": True,
            "actions_done": None,
            "actions": None,
            "share_done": None,
            "mean_readiness": None,
            "milestones": [],
        }
    done = sum(p["actions_done"] for p in people)
    total = sum(p["actions"] for p in people)
    share = done / total if total else 0.0
    return {
        **base,
        "suppressed": False,
        "actions_done": done,
        "actions": total,
        "share_done": round(share, 4),
        "mean_readiness": round(sum(p["readiness"] for p in people) / size, 4),
        "milestones": [m for m in MILESTONES if share >= m],
    }


def track_title(org: Org, track: Track) -> str:
    """The track's categories in words, heaviest first: "AI and Data for HR"."""
    categories: list[str] = []
    for item in track.skills:
        skill = org.skills.get(item.skill_id)
        if skill is not None and skill.category not in categories:
            categories.append(skill.category)
    shown = " and ".join(categories[:2]) if categories else f"{track.partners} skills"
    return f"{shown} for {track.learners}"


def draft_tracks(org: Org, first: str, second: str) -> list[dict[str, Any]]:
    """The two tracks of a new programme, with their actions, as a draft stores them (the
    catalogue may change later; a programme keeps what it was approved with)."""
    tracks = []
    for learners, partners in ((first, second), (second, first)):
        track = default_track(org, learners, partners)
        tracks.append(
            {
                "track_id": track.track_id,
                "title": track_title(org, track),
                "learners": learners,
                "partners": partners,
                "skills": [{"skill_id": i.skill_id, "level": i.level} for i in track.skills],
                "actions": track_actions(org, track),
            }
        )
    return tracks


def quarter_of(day: date) -> tuple[date, date, str]:
    """The calendar quarter holding `day`: first day, last day, "2027Q1"."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    last_month = first_month + 2
    end = date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return date(day.year, first_month, 1), end, f"{day.year}Q{(first_month - 1) // 3 + 1}"


def next_quarter(day: date) -> tuple[date, date, str]:
    _, end, _ = quarter_of(day)
    return quarter_of(date.fromordinal(end.toordinal() + 1))


def _track(stored: dict[str, Any]) -> Track:
    return Track(
        stored["learners"],
        stored["partners"],
        tuple(TrackSkill(s["skill_id"], int(s["level"])) for s in stored["skills"]),
    )


def programme_view(org: Org, stored: dict[str, Any], limit: int) -> dict[str, Any]:
    """A stored programme with its tracks, everyone's progress, the cohorts and the pairs,
    on the organisation's day. Unfiltered: agent/access.py decides who sees what."""
    tracks = {t["learners"]: t for t in stored["tracks"]}
    domain_tracks = {d: _track(t) for d, t in tracks.items()}
    day = org.as_of
    active = [
        p
        for p in stored["participants"]
        if p["employee_id"] in org.employees
        and Participation(
            p["employee_id"],
            date.fromisoformat(p["joined_on"]),
            date.fromisoformat(p["left_on"]) if p["left_on"] else None,
            frozenset(),
        ).active_on(day)
        and org.employees[p["employee_id"]].department in tracks
    ]
    ids = sorted(p["employee_id"] for p in active)
    # the same people on the same organisation pair the same way: worked out once
    key = (
        "programme-pairs:"
        + hashlib.sha256(
            json.dumps([stored["tracks"], ids, limit], sort_keys=True).encode()
        ).hexdigest()
    )
    pairs = org.memo.get(key)
    if pairs is None:
        pairs = org.memo[key] = pair_up(org, domain_tracks, ids, limit)
    partners: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        a, b = (pair[d] for d in sorted(tracks))
        partners[a].append(b)
        partners[b].append(a)
    people = []
    for p in active:
        employee = org.employees[p["employee_id"]]
        track = tracks[employee.department]
        progress = person_progress(
            org,
            Participation(
                employee.employee_id,
                date.fromisoformat(p["joined_on"]),
                None,
                frozenset(int(k) for k in p["done"]),
            ),
            domain_tracks[employee.department],
            track["actions"],
        )
        people.append(
            {
                **progress,
                "name": employee.name,
                "department": employee.department,
                "team": employee.team,
                "joined_on": p["joined_on"],
                "recorded_by": p["recorded_by"],
                "partner_ids": sorted(partners.get(employee.employee_id, [])),
                "partners": [
                    {
                        "employee_id": other,
                        "name": org.employees[other].name,
                        "department": org.employees[other].department,
                    }
                    for other in sorted(partners.get(employee.employee_id, []))
                ],
            }
        )
    people.sort(key=lambda p: (p["name"].casefold(), p["employee_id"]))  # never by progress
    names = {e: org.employees[e].name for e in org.employees}
    return {
        **{k: v for k, v in stored.items() if k != "participants"},
        "as_of": day.isoformat(),
        "tracks": [
            {
                **t,
                "skills": [
                    {
                        **s,
                        "name": org.skills[s["skill_id"]].name
                        if s["skill_id"] in org.skills
                        else s["skill_id"],
                    }
                    for s in t["skills"]
                ],
                "actions": [{"index": i, **a} for i, a in enumerate(t["actions"])],
                "action_count": len(t["actions"]),
            }
            for t in stored["tracks"]
        ],
        "invited": {d: len(org.members(department=d)) for d in stored["departments"]},
        "people": people,
        "pairs": [
            {
                "members": [
                    {
                        "employee_id": pair[d],
                        "name": names[pair[d]],
                        "department": d,
                        "teaches": pair["teaches"][pair[d]],
                    }
                    for d in stored["departments"]
                    if d in pair
                ],
                "value": pair["value"],
            }
            for pair in pairs
        ],
        "unpaired": sorted(p["employee_id"] for p in people if not p["partner_ids"]),
    }


def cohorts(view: dict[str, Any], min_group_size: int) -> list[dict[str, Any]]:
    """Each department's participants together (see cohort_progress)."""
    return [
        cohort_progress(d, [p for p in view["people"] if p["department"] == d], min_group_size)
        for d in view["departments"]
    ]


def participants_on(programmes: Iterable[dict[str, Any]], day: date) -> int | None:
    """People taking part on `day` in approved programmes running then (a person in two
    counts once); None when no approved programme ran that day (nothing to measure)."""
    running = [
        p
        for p in programmes
        if p["status"] in ("approved", "closed")
        and date.fromisoformat(p["starts"]) <= day <= date.fromisoformat(p["ends"])
    ]
    if not running:
        return None
    return len(
        {
            x["employee_id"]
            for p in running
            for x in p["participants"]
            if Participation(
                x["employee_id"],
                date.fromisoformat(x["joined_on"]),
                date.fromisoformat(x["left_on"]) if x["left_on"] else None,
                frozenset(),
            ).active_on(day)
        }
    )
