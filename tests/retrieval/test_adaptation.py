"""The framework adaptation (retrieval/adaptation.py): its pseudo-sentences, what training
learns, the saved file, and when Knowledge trains, keeps and uses one. Small synthetic
frameworks and the deterministic embedder; its measured effect on ESCO is `make eval-esco`'s
(docs/retrieval.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from domain.models import Skill
from retrieval import adaptation as adaptation_module
from retrieval.adaptation import OPENINGS, Adaptation, pseudo_sentences, train
from retrieval.knowledge import Knowledge
from storage.bundle import Bundle
from storage.store import Store

pytestmark = pytest.mark.unit


def test_two_pseudo_sentences_per_described_skill() -> None:
    skills = [
        Skill(
            "a",
            "Audit accounts",
            "Finance",
            "Examine the yearly accounts. Report what is wrong there.",
        ),
        Skill("b", "Bake bread", "Food", "Too short."),  # a fragment: not a duty
        Skill("c", "Coach teams", "People"),  # no description
    ]
    texts, owners = pseudo_sentences(skills)
    assert owners == [0, 0]
    assert texts[0] == "Examine the yearly accounts."  # the first sentence as written
    second = texts[1]  # one of its sentences, as a job ad opens it
    bodies = ("examine the yearly accounts.", "report what is wrong there.")
    assert any(
        second in (f"{o}{b}", f"{o}{b[:1].upper()}{b[1:]}") for o in OPENINGS for b in bodies
    )
    assert pseudo_sentences(skills) == (texts, owners)  # deterministic


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def test_training_learns_how_sentences_differ_from_names() -> None:
    """Sentences are the names seen through a fixed distortion, plus what every sentence
    shares and some noise: the adapter must learn to undo it, for sentences it never saw."""
    rng = np.random.default_rng(0)
    skills, dim = 400, 24
    names = _unit(rng.normal(size=(skills, dim)))
    distortion = np.eye(dim) + 0.9 * rng.normal(size=(dim, dim)) / np.sqrt(dim)
    owners = np.repeat(np.arange(skills), 6)
    shared = 2.0 * _unit(rng.normal(size=dim))
    sentences = _unit(
        names[owners] @ distortion + shared + 0.3 * rng.normal(size=(len(owners), dim))
    )
    learnt = train(
        sentences,
        owners.tolist(),
        names,
        np.arange(skills),
        names,
        epochs=30,
    )
    assert learnt.held_out_after > learnt.held_out_before + 0.1, (
        learnt.held_out_before,
        learnt.held_out_after,
    )
    # Centring: the mean of what sentences share is taken off a query.
    assert np.allclose(learnt.query_mean, sentences.mean(axis=0), atol=1e-5)
    for_names, for_descriptions = learnt.queries(sentences[:5])
    assert np.allclose(np.linalg.norm(for_names, axis=1), 1, atol=1e-5)
    assert np.allclose(for_descriptions, _unit(sentences[:5] - learnt.query_mean), atol=1e-5)
    centred_only, _ = learnt.queries(sentences[:5], adapter=False)
    assert np.allclose(centred_only, for_descriptions, atol=1e-5)


def test_saved_and_loaded_whole(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    made = Adaptation(
        *(rng.normal(size=8).astype(np.float32) for _ in range(3)),
        rng.normal(size=(8, 8)).astype(np.float32),
        0.5,
        0.7,
    )
    path = tmp_path / "cache" / "adaptation.npz"
    made.save(path)
    loaded = Adaptation.load(path)
    assert loaded is not None
    assert np.array_equal(loaded.names, made.names) and loaded.held_out_after == 0.7
    assert Adaptation.load(tmp_path / "none.npz") is None
    path.write_bytes(b"not a saved adaptation")
    assert Adaptation.load(path) is None  # unreadable: run unadapted, never fail


def _framework(count: int) -> list[Skill]:
    trades = ["weld", "audit", "paint", "teach", "nurse", "drive", "cook", "design", "sell"]
    things = ["pipes", "accounts", "walls", "pupils", "patients", "trucks", "meals", "sites"]
    return [
        Skill(
            f"s{i}",
            f"{trades[i % 9]} {things[(i // 9) % 8]} {i}",
            "Test",
            f"Carefully {trades[i % 9]} the {things[(i // 9) % 8]} of kind {i}. "
            f"Check the {things[(i // 7) % 8]} afterwards for quality {i}.",
        )
        for i in range(count)
    ]


def _knowledge(tmp_path: Path, skills: list[Skill], **settings: object) -> Knowledge:
    config = Settings(home=tmp_path, embedder="hash", vector_store="memory", **settings)  # type: ignore[arg-type]
    store = Store.from_settings(config)
    store.apply(Bundle(folder=tmp_path, skills=skills))
    return Knowledge(config, store)


def test_a_small_framework_runs_unadapted(tmp_path: Path) -> None:
    knowledge = _knowledge(tmp_path, _framework(60))
    assert knowledge.adapt() is None
    assert knowledge.normaliser.adaptation is None
    assert not list((tmp_path / "cache").glob("adaptation-*"))


def test_trained_once_kept_and_used_by_later_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("retrieval.knowledge.MIN_SKILLS", 50)
    monkeypatch.setattr(adaptation_module, "EPOCHS", 1)
    skills = _framework(120)
    knowledge = _knowledge(tmp_path, skills)
    steps: list[tuple[int, int]] = []
    made = knowledge.adapt(lambda done, total: steps.append((done, total)))
    assert made is not None and knowledge.normaliser.adaptation is made
    assert steps and steps[-1][0] == steps[-1][1]  # the bar ends full
    assert len(list((tmp_path / "cache").glob("adaptation-*.npz"))) == 1
    # Another process loads it with the normaliser, and its sentence path uses it.
    later = _knowledge(tmp_path, skills)
    loaded = later.normaliser.adaptation
    assert loaded is not None and np.array_equal(loaded.names, made.names)
    sentence = ["You will weld the pipes of kind 3 carefully"]
    adapted, _ = later.normaliser.cosines(sentence)
    plain, _ = later.normaliser.cosines(sentence, adapted=False)
    assert not np.allclose(adapted, plain)
    # A phrase is matched as before: the adaptation is the sentence path's.
    assert later.match_skills(["weld pipes 3"])[0].read_as == "phrase"
    # Turned off: neither trained nor used.
    off = _knowledge(tmp_path, skills, adapt_framework=False)
    assert off.adapt() is None and off.normaliser.adaptation is None
