"""Importers for public frameworks: the ESCO CSV export and O*NET text files.

ESCO: `skills_en.csv` (conceptUri, preferredLabel, altLabels newline-separated,
description, skillType…), optionally `occupations_en.csv` and
`occupationSkillRelations_en.csv` (essential/optional). ESCO has no proficiency levels:
essential → level 3, importance 4; optional → level 2, importance 2.
O*NET: `Task Statements.txt` (tab-separated) makes each occupation a role whose id is its
O*NET-SOC code and whose job description is its task list; `Skills.txt` adds skills and
requirements from the Importance (IM, 1–5) and Level (LV, 0–7) scales, mapped to ours;
`Technology Skills.txt` adds technology skills (hot technologies matter more).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from core.errors import UserError
from domain.models import JobDescription, Requirement, Role, Skill
from domain.scales import ONET, onet_importance_to_default
from storage.bundle import Bundle

ESCO_LEVELS = {"essential": (3, 4), "optional": (2, 2)}
ESCO_FILES = ("skills_en.csv", "occupations_en.csv", "occupationSkillRelations_en.csv")
ONET_FILES = ("Task Statements.txt", "Skills.txt", "Technology Skills.txt")


def export_folder(path: Path) -> Path:
    """An ESCO or O*NET export is its folder: naming one of its files means the export."""
    return path.parent if path.is_file() else path


def detect_format(path: Path) -> str:
    if path.is_file():
        if path.name in ESCO_FILES:
            return "esco"
        if path.name in ONET_FILES:
            return "onet"
        return "document"
    if (path / "skills_en.csv").exists():
        return "esco"
    if any((path / name).exists() for name in ONET_FILES):
        return "onet"
    natives = (
        "skills.csv",
        "roles.yaml",
        "employees.csv",
        "employee_skills.csv",
        "learning_resources.csv",
        "job_descriptions",
    )
    if any((path / name).exists() for name in natives):
        return "native"
    if path.is_dir():
        return "documents"
    raise UserError(f"{path}: no such file or folder")


def _rows(path: Path, delimiter: str = ",") -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            rows = []
            line = 2
            for row in reader:
                rows.append((line, {k.strip(): (v or "").strip() for k, v in row.items() if k}))
                line = reader.line_num + 1
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(f"{path.name}: cannot be read: {exc}") from None


def _need(row: dict[str, str], column: str, file: str, line: int) -> str:
    value = row.get(column, "")
    if not value:
        raise UserError(f"{file}, line {line}, field '{column}': is missing or empty")
    return value


def esco_id(uri: str) -> str:
    return "esco:" + uri.rstrip("/").rsplit("/", 1)[-1]


def read_esco(path: Path) -> Bundle:
    folder = export_folder(path)
    if not (folder / "skills_en.csv").is_file():
        raise UserError(
            f"{folder}: no ESCO export here (expected skills_en.csv, and optionally "
            "occupations_en.csv and occupationSkillRelations_en.csv)"
        )
    bundle = Bundle(folder=folder)
    skills = []
    for line, row in _rows(folder / "skills_en.csv"):
        uri = _need(row, "conceptUri", "skills_en.csv", line)
        label = _need(row, "preferredLabel", "skills_en.csv", line)
        aliases = tuple(
            dict.fromkeys(
                a.strip()
                for a in row.get("altLabels", "").splitlines()
                if a.strip() and a.strip().casefold() != label.casefold()
            )
        )
        kind = row.get("skillType", "") or "skill"
        bundle.lines[f"skill:{esco_id(uri)}"] = ("skills_en.csv", line)
        skills.append(
            Skill(esco_id(uri), label, f"ESCO {kind}", row.get("description", ""), aliases)
        )
    if not skills:
        raise UserError(f"{folder / 'skills_en.csv'}: holds no skills")
    # ESCO labels repeat across concepts now and then; keep names unique for lookups.
    seen: dict[str, int] = defaultdict(int)
    unique = []
    for skill in skills:
        seen[skill.name.casefold()] += 1
        if seen[skill.name.casefold()] > 1:
            skill = Skill(
                skill.skill_id,
                f"{skill.name} ({skill.skill_id})",
                skill.category,
                skill.description,
                (),
            )
        unique.append(skill)
    # Aliases shared between concepts are ambiguous: drop them rather than guess.
    owners: dict[str, set[str]] = defaultdict(set)
    for skill in unique:
        for form in (skill.name, *skill.aliases):
            owners[form.casefold()].add(skill.skill_id)
    bundle.skills = [
        Skill(
            s.skill_id,
            s.name,
            s.category,
            s.description,
            tuple(a for a in s.aliases if len(owners[a.casefold()]) == 1),
        )
        for s in unique
    ]
    known = {s.skill_id for s in bundle.skills}
    occupations = folder / "occupations_en.csv"
    if occupations.exists():
        requirements: dict[str, dict[str, Requirement]] = defaultdict(dict)
        relations = folder / "occupationSkillRelations_en.csv"
        if relations.exists():
            for line, row in _rows(relations):
                occupation = esco_id(_need(row, "occupationUri", relations.name, line))
                skill_id = esco_id(_need(row, "skillUri", relations.name, line))
                relation = row.get("relationType", "optional").lower()
                if relation not in ESCO_LEVELS:
                    raise UserError(
                        f"{relations.name}, line {line}, field 'relationType': "
                        f"'{relation}' is not essential or optional"
                    )
                if skill_id not in known:
                    raise UserError(
                        f"{relations.name}, line {line}, field 'skillUri': unknown skill {skill_id}"
                    )
                level, importance = ESCO_LEVELS[relation]
                requirements[occupation][skill_id] = Requirement(skill_id, level, importance)
        roles = []
        for line, row in _rows(occupations):
            role_id = esco_id(_need(row, "conceptUri", occupations.name, line))
            bundle.lines[f"role:{role_id}"] = (occupations.name, line)
            roles.append(
                Role(
                    role_id,
                    _need(row, "preferredLabel", occupations.name, line),
                    "",
                    "ESCO occupation",
                    row.get("description", ""),
                    tuple(requirements.get(role_id, {}).values()),
                )
            )
        bundle.roles = roles
    return bundle


def read_onet(path: Path) -> Bundle:
    folder = export_folder(path)
    if not any((folder / name).is_file() for name in ONET_FILES):
        raise UserError(f"{folder}: no O*NET export here (expected {', '.join(ONET_FILES)})")
    bundle = Bundle(folder=folder)
    titles: dict[str, str] = {}
    tasks: dict[str, list[str]] = defaultdict(list)
    task_file = folder / "Task Statements.txt"
    if task_file.exists():
        for line, row in _rows(task_file, "\t"):
            code = _need(row, "O*NET-SOC Code", task_file.name, line)
            titles[code] = _need(row, "Title", task_file.name, line)
            bundle.lines.setdefault(f"role:{code}", (task_file.name, line))
            tasks[code].append(_need(row, "Task", task_file.name, line))
    skills: dict[str, Skill] = {}
    scales: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    skills_file = folder / "Skills.txt"
    if skills_file.exists():
        for line, row in _rows(skills_file, "\t"):
            code = _need(row, "O*NET-SOC Code", skills_file.name, line)
            titles.setdefault(code, row.get("Title", code))
            element = "onet:" + _need(row, "Element ID", skills_file.name, line)
            bundle.lines.setdefault(f"role:{code}", (skills_file.name, line))
            bundle.lines.setdefault(f"skill:{element}", (skills_file.name, line))
            skills[element] = Skill(
                element, _need(row, "Element Name", skills_file.name, line), "O*NET skill"
            )
            try:
                value = float(_need(row, "Data Value", skills_file.name, line))
            except ValueError:
                raise UserError(
                    f"{skills_file.name}, line {line}, field 'Data Value': "
                    f"'{row['Data Value']}' is not a number"
                ) from None
            scales[(code, element)][row.get("Scale ID", "")] = value
    tech_file = folder / "Technology Skills.txt"
    hot: dict[tuple[str, str], bool] = {}
    if tech_file.exists():
        examples: dict[str, list[str]] = defaultdict(list)
        names: dict[str, str] = {}
        for line, row in _rows(tech_file, "\t"):
            code = _need(row, "O*NET-SOC Code", tech_file.name, line)
            titles.setdefault(code, row.get("Title", code))
            commodity = "onet-tech:" + _need(row, "Commodity Code", tech_file.name, line)
            bundle.lines.setdefault(f"role:{code}", (tech_file.name, line))
            bundle.lines.setdefault(f"skill:{commodity}", (tech_file.name, line))
            names[commodity] = _need(row, "Commodity Title", tech_file.name, line)
            examples[commodity].append(row.get("Example", ""))
            hot[(code, commodity)] = (
                hot.get((code, commodity), False) or row.get("Hot Technology", "").upper() == "Y"
            )
        for commodity, name in names.items():
            aliases = tuple(
                dict.fromkeys(
                    e for e in examples[commodity] if e and e.casefold() != name.casefold()
                )
            )
            skills[commodity] = Skill(commodity, name, "O*NET technology", "", aliases)
    requirements: dict[str, list[Requirement]] = defaultdict(list)
    for (code, element), values in sorted(scales.items()):
        if "LV" not in values or "IM" not in values:
            continue
        level = ONET.to_default(values["LV"])
        if level >= 1:
            requirements[code].append(
                Requirement(element, level, onet_importance_to_default(values["IM"]))
            )
    for (code, commodity), is_hot in sorted(hot.items()):
        requirements[code].append(Requirement(commodity, 3, 4 if is_hot else 3))
    if not titles and not skills:
        raise UserError(f"{folder}: the O*NET files hold no occupations or skills")
    bundle.skills = list(skills.values()) if skills else None
    bundle.roles = [
        Role(code, title, "", "O*NET occupation", "", tuple(requirements.get(code, ())))
        for code, title in sorted(titles.items())
    ]
    bundle.job_descriptions = [
        JobDescription(
            code,
            titles[code],
            f"# {titles[code]}\n\n## Tasks\n" + "\n".join(f"- {t}" for t in items) + "\n",
            "",
            str(task_file.name),
        )
        for code, items in sorted(tasks.items())
    ]
    return bundle
