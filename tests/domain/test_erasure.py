from __future__ import annotations

from domain.erasure import ERASED, Identity

HUGO = Identity("E021", "Hugo Lefèvre", "hugo.lefevre@kestrel-mutual.example")


def test_every_form_of_the_person_is_recognised() -> None:
    for text in (
        "What does Hugo lack?",
        "and lefevre?",
        "LEFÈVRE's plan",
        "mail hugo.lefevre@kestrel-mutual.example please",
        "/v1/employees/E021/gaps",
        "gaps for e021",
    ):
        assert HUGO.mentioned_in(text), text


def test_other_words_and_people_are_not() -> None:
    for text in ("Hugos and Lefevres", "E0210", "Dana Okafor", "hugo2", ""):
        assert not HUGO.mentioned_in(text), text


def test_short_name_parts_are_not_used_alone() -> None:
    chen = Identity("E015", "Chen Wei", "chen.wei@x.example")
    assert chen.mentioned_in("ask Chen") and not chen.mentioned_in("we in IT")
    assert not Identity("E9", "Li Na", "").mentioned_in("a list of lines")


def test_redaction_replaces_the_whole_name_first() -> None:
    assert HUGO.redact("Approved by Hugo Lefèvre (hugo.lefevre@kestrel-mutual.example)") == (
        f"Approved by {ERASED} ({ERASED})"
    )


def test_values_inside_json_are_searched_and_redacted() -> None:
    state = {"turns": [{"question": "and for Hugo?"}], "last": {"person": "E021"}}
    assert HUGO.mentioned_in(state)
    assert not HUGO.mentioned_in(HUGO.redact_all(state))
    assert HUGO.redact_all({"n": 3, "ok": True})["n"] == 3
