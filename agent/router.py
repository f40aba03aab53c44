"""The semantic router: which capability a question asks for.

The question, with the names it mentions replaced by typed placeholders (`<person>`,
`<role>`…, see agent/slots.py), is embedded with the same model as the index and compared
with every capability's example questions, embedded the same way. A capability's score is
the mean of its two nearest examples. Then the slots weigh in: a capability missing what it
needs (a person, a role, a skill…) loses, one whose slots the question supplies gains, and a
few words that name a capability outright ("heatmap", "mentor", "KPI", "course") count too.

The example vectors are computed once per embedder and set of examples and kept in a file
under TALENT_HOME, so a new process does not embed them again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agent.capabilities import Capability
from agent.slots import Slots, templated_example
from retrieval.embeddings import Embedder

log = logging.getLogger(__name__)

# What cross-training is called: the programme, and the practices it is made of.
CROSS = (
    r"(?:cross ?train\w*|crosstrain\w*|x ?training|cross departmental|cross department|"
    r"exchange|exchnage|shadowing|pairing|skills? swap|buddy (?:programme|program|scheme)|"
    r"learn\w* from each other)\b"
)
# An AI initiative, however it is called
INITIATIVE = (
    r"(?:initiatives?|use cases?|co ?pilot|copliot|chatbot|genai \w+|ai (?:project|rollout|"
    r"programme|init\w*)|rollout|(?:ai|genai|automation) \w+ proj\w*|assistant proj\w*)\b"
)
# Setting one up
SET_UP = (
    r"\b(?:set ?up|draft|create|start|launch|organi[sz]e|plan|build|design|put together|"
    r"kick off|new|begin|run|establish|want|sketch|prepare|get \S+ off the ground)\b"
)
# Words that name a capability outright, whatever the rest of the question says.
CUES: dict[str, re.Pattern[str]] = {
    "team_heatmap": re.compile(
        r"\b(heat ?maps?|heatmpa|skills? (?:matrix|grid)|people by skills?)\b"
    ),
    "find_mentors": re.compile(r"\b(mentors?|mentoring|mentr|coach|coaching|teach|pair with)\b"),
    "learning_catalogue": re.compile(
        r"\b(courses?|trainings?|traning|certifications?|certificates?|workshops?|bootcamps?|"
        r"classes|learning resources?|e learning|tutorials?|books?|learn <skill>)\b"
    ),
    "kpis": re.compile(r"\b(kpis?|key (?:performance )?indicators?|dashboards?|metrics|mertics)\b"),
    "single_points_of_failure": re.compile(
        r"\b(single points? of failure|spofs?|bus factor|key person|no backup|"
        r"(?:rest|rests|depend|depends|relies|rely|hinge|hinges) on (?:just |only )?"
        r"(?:one|a single|1|a sole)|only one (?:person|people|individual|analyst|engineer|"
        r"employee|colleague|holder|expert)|held by (?:just |only )?one|"
        r"(?:one|a single|1) (?:person|people|individual|employee) (?:leaves|left|resign\w*|"
        r"quit\w*|goes|went))\b"
    ),
    "skill_experts": re.compile(
        r"\b(experts?|gurus?|who knows|good at|strongest|best at|most experienced|go to)\b"
    ),
    "build_buy_borrow": re.compile(
        r"\b(build(?:,)? (?:or )?buy|buy or borrow|train or hire|hire or train|upskill or hire|"
        r"(?:reskill|train|grow|develop|upskill) (?:\S+ ){0,4}or (?:hire|recruit|buy)|"
        r"hire (?:\S+ ){0,3}or (?:train|grow|develop)|borrow|contractors?|outsourc\w*)\b"
    ),
    "workforce_scenario": re.compile(r"\b(scenario|headcount|grow or hire|hire or grow)\b"),
    "internal_candidates": re.compile(
        r"\b(candidates?|succession|succeed|successors?|internal mobility|fill (?:the|an?|our)|"
        r"pipeline|in line for|redeploy\w*|step into|move into the)\b"
    ),
    # a person's next step: "next role", "career options", "where could I go"
    "next_roles": re.compile(
        r"\b(next (?:role|step|job|position|move|career move)s?|car+e+r (?:paths?|options?|"
        r"moves?|steps?|prospects?|direction|growth)|where (?:can|could|should|might) "
        r"(?:i|\S+) (?:\S+ )?(?:go|move)|(?:move|go|head|step) next|(?:roles?|jobs?|positions?) "
        r"(?:\S+ ){0,5}(?:move|go|step|grow|progress)(?: on)? (?:in)?to|"
        r"what(?:'s| is| s|s) next for|(?:comes?|coming) next|after (?:this|my|their|his|her) "
        r"(?:current )?(?:role|job|position)|(?:closest|nearest) to (?:moving|being able)|"
        r"within reach)\b"
    ),
    # a role's paths and movements: "leads to", "career ladder", "where did they come from"
    "role_paths": re.compile(
        r"\b(leads? (?:on |up )?(?:to|into)|paths? (?:into|from|out of|to)|car+e+r (?:paths?|"
        r"ladder|progression)|(?:came|come|comes|coming) (?:in)?(?:to|from)|where "
        r"(?:do|did|have|does) (?:\S+ ){0,3}(?:go|gone|went|move\w*|end up|ended up|lead)|"
        r"progress\w* (?:in)?to|progression|ladder|move on to|moved on|after being an?|"
        r"feeds? into|get into the|hired (?:in|from outside)|end up as|rung|(?:comes?|came) "
        r"after|(?:move|moved|go|went) after)\b"
    ),
    # a cross-training programme, to set up or to follow
    "draft_programme": re.compile(
        rf"{SET_UP}(?: \S+){{0,8}} {CROSS}|{CROSS}(?: \S+){{0,8}} {SET_UP}"
    ),
    "programme_status": re.compile(
        rf"{CROSS}(?: \S+){{0,5}} (?:progress\w*|going|status|pairs?|partners?|paired|"
        rf"cohorts?|milestones?|tracks?|participa\w*)\b|\b(?:progress|status|pairs?|partners?|"
        rf"paired|cohorts?|milestones?|tracks?|how (?:is|are|am|far|goes)|who is|joined|taking "
        rf"part|buddy)\b(?: \S+){{0,6}} {CROSS}|\bcohorts?\b|\bpaired with\b|\bmy track\b|"
        rf"\bwho(?: i|)s my (?:\S+ )?(?:partner|buddy)\b"
    ),
    # an AI initiative or use case: what it needs, and whether we are ready in time
    "initiative_needs": re.compile(
        rf"{INITIATIVE}(?: \S+){{0,8}} (?:needs?|requires?|req d|take|compi?e?tenc\w*|skills?|"
        rf"gaps?|roadmap|build|buy|borrow|hire|train|short|lacking|missing)\b|\b(?:needs?|"
        rf"needed|requires?|req d|take|compi?e?tenc\w*|skills?|gaps?|roadmap|build|buy|"
        rf"borrow|short)\b(?: \S+){{0,8}} {INITIATIVE}"
    ),
    "initiative_readiness": re.compile(
        rf"\b(?:ready|redy|readiness|on track|on schedule|in time|on time|launch|deliver|in "
        rf"place)\b(?: \S+){{0,8}} {INITIATIVE}|{INITIATIVE}(?: \S+){{0,8}} (?:ready|redy|"
        rf"readiness|on track|on schedule|in time|on time|in place|deadline|by <date>)|"
        rf"\bready for (?:it|this|that) by\b"
    ),
    "time_to_fill": re.compile(
        r"\b((?:time|tiem|tim)s? (?:to|too) (?:fill?|hire|recruit)|days to (?:fill|hire|recruit)|"
        r"how (?:long|quickly|fast) (?:\S+ ){0,5}(?:to )?(?:fill|hire|recruit)\w*|hiring speed|"
        r"speed of hiring|recruiting speed|ttf)\b"
    ),
    "open_vacancies": re.compile(
        r"\b((?:open|opne|oepn) (?:\S+ ){0,3}(?:vacanc\w*|positions?|reqs?|requisitions?|"
        r"openings?|seats?)|open (?:roles?|jobs?)|(?:vacanc\w*|positions?|jobs?|reqs?|"
        r"openings?|seats?) (?:\S+ ){0,4}(?:open|opne|empty|unfilled)|unfilled|"
        r"recruiting for|hiring for|requisitions?|reqs)\b"
    ),
    "internal_fill": re.compile(
        r"\b((?:internal|interal|intenral|internl) fill\w*|filled (?:\S+ ){0,3}internally|"
        r"internal (?:hires?|moves?|mobility rate|people)|promot\w* from within|"
        r"from (?:inside|within) the (?:company|organi[sz]ation)|(?:people|staff|employees|"
        r"colleagues) already (?:working|employed) here|internal (?:vs|versus|or|and) external|"
        r"internally or externally|external hires?)\b"
    ),
    "retention": re.compile(
        r"\b(retention|retension|retnetion|reten\w*|retain\w*|attrition|turnover|leavers?|churn|"
        r"resignations?|(?:how many|who) (?:\S+ ){0,4}(?:resign\w*|quit)|quit|regretted|"
        r"(?:people|staff|engineers|technologists|employees|who|many) (?:have |has |had )?"
        r"(?:left|quit|resigned|gone)|left (?:us|the company|the organi[sz]ation|last)|"
        r"keeping our|stay\w* with us|walked out)\b"
    ),
    "roles_needing_skill": re.compile(
        r"\b(?:which|what|any|every|all|our) (?:\S+ ){0,2}(?:roles|jobs|positions) "
        r"(?:\S+ ){0,3}(?:need|require\w*|requrie\w*|ask\w* for|list|use|depend)\b|"
        r"\broles (?:that )?(?:need|require|requrie)\w*\b|\b(?:roles|jobs|positions) "
        r"(?:needing|requiring)\b"
    ),
    "scorecard": re.compile(
        r"\b(scorecard|score card|scorcard|scorecrd|tragets?|targts?|on track|off track|"
        r"target status|(?:accountable|responsible) for the (?:\S+ ){0,3}(?:target|goal)|"
        r"(?:target|goal) (?:\S+ ){0,4}(?:be met|be reached|be hit|met|reached)|"
        r"(?:our|the|hr it|hr and it|"
        r"committee|kpi|joint|shared) (?:\S+ )?(?:targets?|goals?)(?! roles?\b)|"
        r"(?:targets?|goals?) (?:\S+ ){0,2}(?:at risk|off track|on track|met)|"
        r"(?:hit|miss|reach|meet) (?:our|the) (?:\S+ ){0,3}(?:target|goal)|owns? the (?:\S+ ){0,4}"
        r"(?:target|goal))\b"
    ),
    "quarter_changes": re.compile(
        r"\b(what (?:has |s |is )?(?:changed|moved|different)|changes? (?:since|from|compared)|"
        r"quarter over quarter|qoq|compared (?:to|with) (?:the )?(?:last|previous|prior) quarter|"
        r"since (?:the )?(?:last|previous|prior) quarter|summari[sz]e the quarter|"
        r"(?:got|getting|went) (?:better|worse)|the quarter went|(?:higher|lower|more|fewer|"
        r"up|down) than (?:the |last |previous )?quarter|than the quarter before)\b"
    ),
    "decisions_log": re.compile(
        r"\b(decisions? log|(?:committee|our|the) decisions?|decided|retrospectiv\w*|retros?|"
        r"decisons?|decsions?|committee agree\w*|(?:did|do) (?:we|the (?:\S+ ){0,3}committee) "
        r"agree|"
        r"action items?|committee actions?|agreed actions?|actions? (?:we|did we) agree\w*|"
        r"what did (?:we|the committee) (?:agree|decide))\b"
    ),
    "compare_people": re.compile(r"\b(compare|compair|comparison|versus|vs|better fit)\b"),
    "show_plans": re.compile(
        r"\b(show|see|view|list|status of|existing|approved|pending|current|my|look like|"
        r"have any|has any|does \S+ have)\b(?: \S+){0,4} (?:learning |development |training )?"
        r"plans?\b|\bplans? (?:does|do|has|have|is|are) |\bwhich (?:\S+ )?plans?\b|"
        r"\bplans? (?:status|progress)\b|\b(?:approved|pending|rejected|completed) plans?\b"
    ),
    "draft_learning_plan": re.compile(
        r"\b(draft|drfat|make|create|build|prepare|put together|write|generate|design)\b"
        r"(?! plans?\b)(?: \S+){0,6} (?:plans?|roadmap|path)\b|\blearning path\b|\broadmap\b"
    ),
    "team_gaps": re.compile(
        r"\b(organi[sz]ation|company wide|org wide|across the (?:org|company)|ai ready|"
        r"ai readiness)\b"
    ),
    "get_employee_profile": re.compile(r"\b(profile|skills on record|on record)\b"),
    "search_documents": re.compile(
        r"\b(search|serach|look up|look for|find (?:me )?(?:the |any |every |all )?"
        r"(?:documents?|docs|job descriptions?|jds|profiles?|texts?)|"
        r"(?:documents?|job descriptions?|jds|profiles?) (?:that )?(?:mention|contain)\w*|"
        r"free text|<text>)\b"
    ),
}
NOT_DRAFTING = re.compile(
    r"\b(?:any|the|my|her|his|their|existing|pending|approved|current|a) draft plans?\b"
)
SEEN = 4096  # question shapes whose scores are kept
CUE_WEIGHT = 0.08
# Asking to search is unmistakable, whatever the search is for; so are the words of hiring
# and leaving ("time to fill", "retention", "open vacancies"), which skills questions never use.
CUE_WEIGHTS = {
    "search_documents": 0.15,
    "time_to_fill": 0.12,
    "open_vacancies": 0.12,
    "internal_fill": 0.12,
    "retention": 0.12,
    # a target, a change since the quarter before or a committee decision, named outright,
    # is what the question is about, whichever figure it names
    "scorecard": 0.2,
    "quarter_changes": 0.16,
    "decisions_log": 0.16,
    "draft_programme": 0.15,
    "programme_status": 0.15,
    "initiative_needs": 0.15,
    "initiative_readiness": 0.2,
}
NEED_PENALTY = 0.12
# Career paths, programmes and initiatives share their words with a role's requirements, a
# person's gaps, plans and team gaps: without their own words, the question is about those.
UNCUED_PENALTY = {
    "role_paths": 0.1,
    "next_roles": 0.1,
    "draft_programme": 0.15,
    "programme_status": 0.15,
    "initiative_needs": 0.1,
    "initiative_readiness": 0.1,
}
SLOT_BONUS = 0.02


@dataclass(frozen=True)
class Route:
    """The router's reading: capabilities by combined score, best first."""

    ranked: list[tuple[str, float]]
    semantic: dict[str, float]
    cued: frozenset[str]  # capabilities the question names outright

    @property
    def best(self) -> tuple[str, float]:
        return self.ranked[0]

    @property
    def runner_up(self) -> tuple[str, float]:
        return self.ranked[1] if len(self.ranked) > 1 else ("", float("-inf"))


class Router:
    def __init__(
        self, catalogue: Mapping[str, Capability], embedder: Embedder, cache_dir: Path | None
    ):
        self.catalogue = catalogue
        self.embedder = embedder
        self.labels: list[str] = []
        texts: list[str] = []
        for name, capability in catalogue.items():
            for example in capability.examples:
                self.labels.append(name)
                texts.append(templated_example(example))
        self.texts = texts
        self.vectors = self._example_vectors(texts, cache_dir)
        self._rows = {
            name: np.array([i for i, label in enumerate(self.labels) if label == name])
            for name in catalogue
        }
        # Questions differ in their names far more than in their shape: with the names
        # templated away, "what does <person> lack for <role>" recurs, so its scores are kept.
        self._seen: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._seen_lock = threading.Lock()

    def _example_vectors(self, texts: list[str], cache_dir: Path | None) -> np.ndarray:
        key = hashlib.sha256(
            "\n".join([self.embedder.name, str(self.embedder.dim), *texts]).encode()
        ).hexdigest()[:16]
        path = cache_dir / f"router-{self.embedder.name}-{key}.npy" if cache_dir else None
        if path is not None and path.exists():
            try:
                vectors = np.load(path)
                if vectors.shape == (len(texts), self.embedder.dim):
                    return vectors
            except (OSError, ValueError):
                log.warning("router cache unreadable, recomputing", extra={"path": str(path)})
        vectors = self.embedder.embed(texts)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # Written whole, then renamed: a concurrent reader never sees half a file.
                with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                    np.save(handle, vectors)
                os.replace(handle.name, path)
            except OSError:
                log.warning("router cache not written", extra={"path": str(path)})
        return vectors

    def semantic(self, templated: str) -> dict[str, float]:
        """Each capability's similarity to the question: the mean of its two nearest
        examples (remembered for the last SEEN question shapes)."""
        with self._seen_lock:
            if templated in self._seen:
                self._seen.move_to_end(templated)
                return self._seen[templated]
        scores = self._semantic(templated)
        with self._seen_lock:
            self._seen[templated] = scores
            if len(self._seen) > SEEN:
                self._seen.popitem(last=False)
        return scores

    def _semantic(self, templated: str) -> dict[str, float]:
        vector = self.embedder.embed([templated])[0]
        similarities = self.vectors @ vector
        scores = {}
        for name, rows in self._rows.items():
            best = np.sort(similarities[rows])[-2:]
            scores[name] = float(best.mean())
        return scores

    def route(self, slots: Slots, fillable: Mapping[str, bool] | None = None) -> Route:
        """Scores for every capability. `fillable` says, per slot a capability needs, whether
        the caller or the conversation can supply it when the question does not."""
        semantic = self.semantic(slots.templated)
        text = slots.templated
        combined = {}
        cued = set()
        for name, capability in self.catalogue.items():
            score = semantic[name]
            for slot in capability.needs:
                if not (slots.has(slot) or (fillable or {}).get(slot, False)):
                    score -= NEED_PENALTY
                elif slots.has(slot):
                    score += SLOT_BONUS
            score += SLOT_BONUS * sum(slots.has(slot) for slot in capability.uses) / 2
            cue = CUES.get(name)
            if name == "draft_learning_plan" and NOT_DRAFTING.search(slots.text):
                cue = None  # "her draft plan", "any draft plans": a plan that exists
            if cue is not None and (cue.search(text) or cue.search(slots.text)):
                score += CUE_WEIGHTS.get(name, CUE_WEIGHT)
                cued.add(name)
            else:
                score -= UNCUED_PENALTY.get(name, 0.0)
            combined[name] = score
        ranked = sorted(combined.items(), key=lambda item: -item[1])
        return Route(ranked, semantic, frozenset(cued))


_routers: dict[tuple[int, int], Router] = {}
_lock = threading.Lock()


def router_for(
    catalogue: Mapping[str, Capability], embedder: Embedder, cache_dir: Path | None
) -> Router:
    """One router per catalogue and embedder in a process (the example vectors are shared)."""
    key = (id(catalogue), id(embedder))
    with _lock:
        if key not in _routers:
            _routers[key] = Router(catalogue, embedder, cache_dir)
        return _routers[key]
