"""Skill extraction's optional LLM re-rank (agent/rerank.py): the model may only choose
among the candidates it was shown; a failure leaves the extractor's own result. With a
scripted model twin and a deterministic chooser (over HTTP: tests/api/test_skills_extract.py)."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage

from agent.llm import ModelGuard
from agent.rerank import Candidate, LLMChooser, Rerank, parse_choice
from core.errors import DependencyError
from core.settings import Settings
from ingest.native_folder import read_native_folder
from retrieval.embeddings import HashEmbedder
from retrieval.extract import extract_skills, rank_skills
from retrieval.normalise import SkillNormaliser
from storage.bundle import ExistingState
from tests.support.chat_models import Broken, Scripted
from tests.support.organisations import SAMPLE

pytestmark = pytest.mark.unit

SHOWN = ["python", "sql", "apache-spark"]


def _scripted(*replies: str) -> Scripted:
    return Scripted(messages=iter([AIMessage(content=r) for r in replies]))


def _guard() -> ModelGuard:
    return ModelGuard(max_concurrent=2, failures_to_open=3, cooldown_s=30)


@pytest.fixture(scope="module")
def normaliser() -> SkillNormaliser:
    skills = read_native_folder(SAMPLE, ExistingState()).skills or []
    return SkillNormaliser(skills, HashEmbedder())


def test_handles_and_shown_ids_are_read_and_anything_else_dropped() -> None:
    reply = 'Sure! {"skills": ["S3", "s1", "S3", "S9", "sql", "esco:123", 7, "kubernetes"]}'
    assert parse_choice(reply, SHOWN) == ["apache-spark", "python", "sql"]
    assert parse_choice('{"skills": []}', SHOWN) == []


@pytest.mark.parametrize(
    "reply", ["Python and SQL", '{"skill": ["S1"]}', '{"skills": "S1"}', "{not json"]
)
def test_a_reply_that_is_not_the_json_asked_for_is_a_failure(reply: str) -> None:
    with pytest.raises(ValueError):
        parse_choice(reply, SHOWN)


def test_the_model_is_shown_at_most_the_configured_number_of_candidates() -> None:
    settings = Settings(llm_rerank_candidates=3)
    chooser = LLMChooser(settings, _guard(), _scripted('{"skills": ["S3", "S4"]}'))
    candidates = [Candidate(f"skill-{i}", f"Skill {i}", f"About skill {i}.") for i in range(6)]
    prompt = chooser.prompt("We use Skill 3 daily.", candidates)
    assert "S3: Skill 2 — About skill 2." in prompt and "S4" not in prompt
    assert "Skill 3" not in prompt.split("Candidate skills:")[1]
    # S4 was never shown: dropped
    assert chooser.choose("We use Skill 3 daily.", candidates) == ["skill-2"]


def test_a_model_that_fails_or_babbles_raises_a_dependency_error() -> None:
    candidates = [Candidate("python", "Python", "")]
    broken = LLMChooser(Settings(), _guard(), Broken(messages=iter([])))
    with pytest.raises(DependencyError):
        broken.choose("Python please", candidates)
    babbling = LLMChooser(Settings(), _guard(), _scripted("Python is great."))
    with pytest.raises(DependencyError, match="could not be read"):
        babbling.choose("Python please", candidates)
    with pytest.raises(DependencyError, match="no LLM configured"):
        LLMChooser(Settings(llm_base_url=""), _guard())


class Picking:
    """A deterministic chooser: records what it was shown, picks the candidate at `at`."""

    def __init__(self, at: int):
        self.at = at
        self.shown: list[list[str]] = []

    def choose(self, sentence: str, candidates: list[Candidate]) -> list[str]:
        self.shown.append([c.skill_id for c in candidates])
        return [candidates[self.at].skill_id]


def test_chosen_readings_replace_the_extractors_own(normaliser: SkillNormaliser) -> None:
    sentence = "You will turn messy spreadsheets into dashboards leaders read."
    alone = {m.skill_id: m.how for m in extract_skills(sentence, normaliser)}
    picking = Picking(at=5)  # far down the extractor's list, below its threshold
    rerank = Rerank(picking, normaliser)
    found = {m.skill_id: m.how for m in extract_skills(sentence, normaliser, choose=rerank)}
    pick = picking.shown[0][5]
    assert pick not in alone and len(picking.shown[0]) == 8
    # names stay; the extractor's own readings give way to the choice
    assert found == {k: v for k, v in alone.items() if v == "named"} | {pick: "chosen"}
    assert rerank.report() == {"applied": True, "sentences": 1, "left_to_extractor": 0}


def test_the_ranking_puts_the_choice_first(normaliser: SkillNormaliser) -> None:
    sentence = "You will turn messy spreadsheets into dashboards leaders read."
    alone = [sid for sid, _ in rank_skills(sentence, normaliser, 10)]
    picking = Picking(at=6)
    ranked = [
        sid for sid, _ in rank_skills(sentence, normaliser, 10, choose=Rerank(picking, normaliser))
    ]
    assert ranked == [alone[6], *alone[:6], *alone[7:]]


def test_names_in_the_text_stay_whatever_the_model_chooses(normaliser: SkillNormaliser) -> None:
    model = _scripted('{"skills": []}', '{"skills": []}')
    rerank = Rerank(LLMChooser(Settings(), _guard(), model), normaliser)
    found = extract_skills("Python and SQL daily. Nothing else here.", normaliser, choose=rerank)
    assert {(m.skill_id, m.how) for m in found} == {("python", "named"), ("sql", "named")}


def test_after_a_failure_the_rest_of_the_text_is_not_sent(normaliser: SkillNormaliser) -> None:
    model = Broken(messages=iter([]))
    rerank = Rerank(LLMChooser(Settings(), _guard(), model), normaliser)
    text = "We build dashboards. We mentor juniors. We write tests. We ship weekly."
    assert extract_skills(text, normaliser, choose=rerank) == extract_skills(text, normaliser)
    report = rerank.report()
    assert rerank.sentences == 1  # sent once, then left alone
    assert report["applied"] is False and report["left_to_extractor"] == 4
    assert report["failure"] == "the model failed"  # never the endpoint's error text


def test_one_request_sends_at_most_max_sentences(normaliser: SkillNormaliser) -> None:
    sentences = [f"We need reporting number {i}." for i in range(Rerank.MAX_SENTENCES + 5)]
    model = _scripted(*['{"skills": []}'] * len(sentences))
    rerank = Rerank(LLMChooser(Settings(), _guard(), model), normaliser)
    extract_skills(" ".join(sentences), normaliser, choose=rerank)
    assert model.calls == Rerank.MAX_SENTENCES
    assert rerank.report()["left_to_extractor"] == 5


def test_a_failure_part_way_keeps_the_choices_already_made(normaliser: SkillNormaliser) -> None:
    model = _scripted('{"skills": ["S1"]}')  # one reply, then the script runs out: a failure
    rerank = Rerank(LLMChooser(Settings(), _guard(), model), normaliser)
    found = extract_skills("We build dashboards. We mentor juniors.", normaliser, choose=rerank)
    report = rerank.report()
    assert report["applied"] is True and report["sentences"] == 1
    assert report["left_to_extractor"] == 1 and report["failure"] == "the model failed"
    assert any(m.how == "chosen" for m in found)
