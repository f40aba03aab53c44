"""The understanding suite: does the assistant read a question as people mean it?

Each case names the capability and the slots a colleague reads in the question (or the
refusal it must get), written by hand from the data. A case is asked as its caller, after
the earlier turns of its conversation. Metrics:
- capability accuracy: the right capability (over cases that ask for one);
- slot exact match: every labelled slot right, among cases with the right capability;
- full-answer accuracy: the whole case right — capability, slots, and answered or refused
  as the caller's access rights say (refusal cases: the right refusal);
- out-of-scope precision and recall: refusal cases (out of scope or not allowed) found as
  such, and nothing else refused as out of scope; "not understood" counts as out of scope.
A confusion matrix (expected → answered) goes in the report.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from eval.metrics import mean

# What the assistant says instead of calling a capability.
REFUSALS = {"out_of_scope", "not_allowed"}
NOT_UNDERSTOOD = "unknown"


class Asks(Protocol):
    def ask(
        self, question: str, caller: dict[str, Any], conversation_id: str | None = None
    ) -> dict[str, Any]: ...


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, float) or isinstance(got, float):
        try:
            return expected is not None and got is not None and float(expected) == float(got)
        except (TypeError, ValueError):
            return False
    if isinstance(expected, list):
        return isinstance(got, list) and [str(x) for x in expected] == [str(x) for x in got]
    return (None if expected is None else str(expected)) == (None if got is None else str(got))


def score_understanding(case: dict[str, Any], target: Asks) -> dict[str, Any]:
    caller = case.get("caller") or {"role": "hr"}
    conversation = None
    for earlier in case.get("history") or []:
        conversation = target.ask(earlier, caller, conversation).get("conversation_id")
    answer = target.ask(case["question"], caller, conversation)
    intent = str(answer.get("intent"))
    refused = bool(answer.get("refused"))
    expected_refusal = case.get("expect_refusal")
    if expected_refusal:
        got_kind = "out_of_scope" if intent == NOT_UNDERSTOOD else intent
        right = got_kind == expected_refusal
        return {
            "expected": expected_refusal,
            "answered": got_kind,
            "capability_correct": None,
            "slots_correct": None,
            "passed": right,
            "refusal_expected": True,
            "refused_as_out_of_scope": got_kind in REFUSALS,
            "style": case.get("style", ""),
            "answer": answer.get("answer", ""),
        }
    expect = case["expect"]
    capability = expect["capability"]
    slots = expect.get("slots") or {}
    args = answer.get("tool_args") or {}
    capability_ok = intent == capability
    # A refusal to a caller who may not see everyone withholds the reading (whom the
    # question named): such a case is checked for its capability and its refusal.
    withheld = refused and case.get("access_refused") and not args
    wrong_slots = {
        name: {"expected": value, "got": args.get(name)}
        for name, value in slots.items()
        if not withheld and not _same(value, args.get(name))
    }
    slots_ok = capability_ok and not wrong_slots
    access_ok = refused == bool(case.get("access_refused", False))
    return {
        "expected": capability,
        "answered": intent,
        "capability_correct": 1.0 if capability_ok else 0.0,
        "slots_correct": (1.0 if not wrong_slots else 0.0) if capability_ok else None,
        "passed": slots_ok and access_ok,
        "refusal_expected": False,
        "refused_as_out_of_scope": intent in REFUSALS or intent == NOT_UNDERSTOOD,
        "style": case.get("style", ""),
        "diff": {"slots": wrong_slots, "access": None if access_ok else f"refused={refused}"},
        "answer": answer.get("answer", ""),
    }


def summarise_understanding(cases: list[dict[str, Any]]) -> dict[str, Any]:
    asked = [c for c in cases if not c.get("refusal_expected")]
    refusals = [c for c in cases if c.get("refusal_expected")]
    flagged = [c for c in cases if c.get("refused_as_out_of_scope")]
    right_flags = [c for c in flagged if c.get("refusal_expected")]
    summary: dict[str, Any] = {
        "full_answer_accuracy": mean([1.0 if c["passed"] else 0.0 for c in cases]),
        "capability_accuracy": mean([float(c.get("capability_correct") or 0.0) for c in asked]),
        "slot_exact_match": mean(
            [float(c["slots_correct"]) for c in asked if c.get("slots_correct") is not None]
        ),
        "out_of_scope_precision": len(right_flags) / len(flagged) if flagged else 1.0,
        "out_of_scope_recall": (
            sum(1 for c in refusals if c.get("refused_as_out_of_scope")) / len(refusals)
            if refusals
            else 1.0
        ),
        "refusal_accuracy": mean([1.0 if c["passed"] else 0.0 for c in refusals]),
    }
    for style in sorted({c.get("style") or "" for c in cases} - {""}):
        group = [c for c in cases if c.get("style") == style]
        summary[f"style.{style}"] = mean([1.0 if c["passed"] else 0.0 for c in group])
    return summary


def confusion(cases: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """expected → {answered: count}."""
    matrix: dict[str, Counter[str]] = {}
    for case in cases:
        if "expected" in case:
            matrix.setdefault(str(case["expected"]), Counter())[str(case["answered"])] += 1
    return {k: dict(v) for k, v in sorted(matrix.items())}
