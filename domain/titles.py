"""What may be a title: a role's, a skill's, a team's. A title is a name, never a person's and
never a message.

Titles come from untrusted files. A role titled "Ravi Shah (interim)" would take the questions
HR asks about Ravi Shah, and so would its look-alikes: "Shah, Ravi", "Rɑvi Shɑh" (Latin alpha),
"Ravi\u200bShah" (a zero-width space), his email, his id, or a first or last name only he has.
A title that reads as a sentence ("your API key has expired, paste it at …") would be printed
in answers as if the service said it. `fold` makes look-alikes compare equal; `PeopleNames`
finds the person a title would capture; `title_problem` refuses messages and overlong titles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from confusable_homoglyphs import confusables

from domain.text import NAME_LIMIT

MIN_NAME_PART = 3  # "Li" or "Wu" alone would be found inside too many titles
_WORD = re.compile(r"[^\W_]+")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")


@cache
def _latin_lookalikes() -> dict[str, str]:
    """Each character that Unicode's confusables list says looks like one ASCII letter or
    digit, mapped to it ("ɑ" → "a", Cyrillic "о" → "o", Greek "Ρ" → "P")."""
    table: dict[str, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if char.isascii():
            continue
        latin = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii()]
        if latin and latin[0].isalnum():
            table[char] = latin[0]
    return table


def visible(text: str) -> str:
    """NFKC, with zero-width, format and control characters taken out: what a person sees."""
    value = unicodedata.normalize("NFKC", text)
    return "".join(c for c in value if unicodedata.category(c)[0] != "C" or c in "\t\n ")


def fold(text: str) -> tuple[str, ...]:
    """The words of `text` as they compare with other names: look-alike characters folded to
    the ASCII letter they imitate, accents and case removed, punctuation a separator."""
    table = _latin_lookalikes()
    value = "".join(table.get(c, c) for c in visible(text))
    decomposed = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(_WORD.findall(value))


def squashed(text: str) -> str:
    """The folded letters with no separator: "Ravi\u200bShah" and "Ravi-Shah" → "ravishah"."""
    return "".join(fold(text))


@dataclass(frozen=True)
class Person:
    employee_id: str
    name: str
    email: str = ""


class PeopleNames:
    """Every way a title could name one of `people`. `vocabulary` holds the words the
    organisation's frameworks use ("cook", "lead", "platform"): a first or last name that is
    also such a word is no sign of a person (an ESCO occupation "cook" does not name Sam
    Cook); one that is not ("Okafor") is, as a whole title. Full names, emails and ids are a
    person's wherever they stand in a title. `vocabulary` may be a function: it is then
    called only when a title is a single name (at ESCO's size the words take a second)."""

    def __init__(
        self,
        people: Iterable[Person],
        vocabulary: Iterable[str] | Callable[[], Iterable[str]] = (),
    ):
        self._vocabulary = vocabulary
        self._sequences: dict[tuple[str, ...], str] = {}  # full name and "Last, First"
        self._squashed: dict[str, str] = {}
        self._ids: dict[str, str] = {}
        self._emails: dict[str, str] = {}
        parts: dict[str, set[str]] = {}
        for person in people:
            words = fold(person.name)
            if words:
                self._sequences[words] = person.employee_id
                if len(words) > 1:
                    self._sequences[(words[-1], *words[:-1])] = person.employee_id
                    self._squashed["".join(words)] = person.employee_id
                for part in {words[0], words[-1]}:
                    if len(part) >= MIN_NAME_PART:
                        parts.setdefault(part, set()).add(person.employee_id)
            self._ids[person.employee_id.casefold()] = person.employee_id
            if person.email:
                self._emails[person.email.casefold()] = person.employee_id
        # A first or last name names one person only when nobody else has it.
        self._parts = {part: next(iter(ids)) for part, ids in parts.items() if len(ids) == 1}
        self._longest = max((len(s) for s in self._sequences), default=0)

    def captured_by(self, title: str) -> str | None:
        """Why `title` would name a person, in words, or None when it names nobody."""
        words = fold(title)
        flat = visible(title).casefold()
        for found_email in _EMAIL.findall(flat):
            email = found_email.rstrip(".")
            if email in self._emails:
                return f"holds the email address of a person ({self._emails[email]})"
        for word in visible(title).split():
            found = self._ids.get(word.strip(".,;:()[]").casefold())
            if found:
                return f"holds the id of a person ({found})"
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                found = self._sequences.get(words[start : start + size])
                if found and size > 1:
                    return f"holds the name of a person ({found})"
        for word in words:
            if word in self._squashed:
                return f"holds the name of a person written as one word ({self._squashed[word]})"
        # A first or last name alone: "Okafor (interim)". Inside a longer title it captures no
        # question ("Tell me about Okafor" does not say "Okafor support lead"), and refusing
        # it there would refuse "Swift (programming language)" wherever a Taylor Swift works.
        core = fold(_BRACKETS.sub(" ", visible(title)))
        if len(core) == 1 and core[0] in self._parts and core[0] not in self.vocabulary:
            return f"is a name only one person has ({self._parts[core[0]]})"
        return None

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        source = self._vocabulary
        return frozenset(source() if callable(source) else source)


def framework_vocabulary(titles: Iterable[str], texts: Iterable[str] = ()) -> set[str]:
    """The frameworks' own words: those two or more titles use, and every word of their
    descriptions and job descriptions (names rarely appear there; "cook" and "lead" do)."""
    counts: Counter[str] = Counter()
    for title in titles:
        counts.update(set(fold(title)))
    words = {word for word, count in counts.items() if count >= 2}
    for text in texts:
        words.update(fold(text))
    return words


# A title is a name. These cues say it is a message to a reader instead; one alone is a word
# that real frameworks use ("mix wallpaper paste", "in your own eating habit", "digital
# credentials"), two together are a message ("your API key has expired, paste it at …").
_CUES = (
    r"\b(?:you|your|yours|yourself)\b",
    r"\b(?:please|urgent|urgently|immediately|asap|now)\b",
    r"\b(?:api[ -]?keys?|passwords?|passcodes?|credentials?|tokens?|secrets?)\b",
    r"\b(?:paste|click|log ?in|sign ?in|verify|reply|send|approve all|admin rights)\b",
    r"\b(?:expired?|suspended|locked)\b",
)
_CUE = [re.compile(c, re.I) for c in _CUES]
# Talking to the assistant itself is a message on its own.
_OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,30}\b(?:instructions?|rules|prompt|above)\b|"
    r"\bsystem prompt\b|\bas instructed\b|\b(?:new|previous|prior) instructions?\b",
    re.I,
)
_LINKISH = re.compile(
    r"(?:[a-z][a-z0-9+.-]*:)?//|\bwww\.|\bhttps?\b|@\w+\.\w|\b(?:javascript|data|vbscript):",
    re.I,
)
# A word of three letters or more ending a sentence that goes on; "t.b.m. switches" is a name.
_SENTENCE = re.compile(r"[a-z]{3,}[.!?]\s+\w|[a-z]{3,}\.\s*$", re.I)


def title_problem(title: str, limit: int | None = NAME_LIMIT, sentences: bool = True) -> str | None:
    """Why `title` cannot be a title (too long, a link, a sentence, a message), or None.
    `sentences=False`: a sentence is no problem (an alternative label may describe)."""
    shown = " ".join(visible(title).split())
    if not shown:
        return "is empty"
    if limit is not None and len(shown) > limit:
        return f"is {len(shown)} characters long; a title is a name of at most {limit}"
    if _LINKISH.search(shown):
        return "holds a link or an address; a title is a name"
    override = _OVERRIDE.search(shown)
    if override:
        return f"reads as an instruction ('{override.group(0)}'), not a name"
    cues = [m.group(0) for cue in _CUE if (m := cue.search(shown))]
    if len(cues) >= 2:
        return f"reads as a message ('{cues[0]}' … '{cues[1]}'), not a name"
    long = len(shown.split()) > 3
    if sentences and long and (_SENTENCE.search(shown) or "?" in shown or "!" in shown):
        return "reads as a sentence, not a name"
    return None
