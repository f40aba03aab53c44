import pytest

from core.errors import AmbiguousNameError, NotFoundError
from domain.models import Skill
from domain.names import SkillLookup, resolve_by_id_or_name

SKILLS = [
    Skill("kubernetes", "Kubernetes", "Cloud & Platform", aliases=("k8s", "K8s administration")),
    Skill("apache-spark", "Apache Spark", "Data", aliases=("Spark", "PySpark")),
    Skill("python", "Python", "Software Engineering"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kubernetes", "kubernetes"),
        ("Kubernetes", "kubernetes"),
        ("K8S", "kubernetes"),
        ("  k8s   administration ", "kubernetes"),
        ("pyspark", "apache-spark"),
        ("APACHE SPARK", "apache-spark"),
        ("python", "python"),
    ],
)
def test_skill_resolves_by_id_name_or_alias_case_insensitively(text: str, expected: str) -> None:
    assert SkillLookup(SKILLS).resolve(text) == expected


def test_unknown_skill_is_an_error_not_a_guess() -> None:
    with pytest.raises(NotFoundError, match="unknown skill 'kubernetis'"):
        SkillLookup(SKILLS).resolve("kubernetis")


def test_alias_shared_by_two_skills_is_ambiguous() -> None:
    clash = [*SKILLS, Skill("spark-ar", "Spark AR", "Design", aliases=("spark",))]
    with pytest.raises(AmbiguousNameError, match="apache-spark, spark-ar"):
        SkillLookup(clash).resolve("Spark")


PEOPLE = {"E1": "Dana Okafor", "E2": "Dan Brown", "E3": "Bob Lindqvist"}


def test_names_resolve_by_id_exact_name_or_unique_prefix() -> None:
    assert resolve_by_id_or_name("E2", PEOPLE, "employee") == "E2"
    assert resolve_by_id_or_name("dana okafor", PEOPLE, "employee") == "E1"
    assert resolve_by_id_or_name("bob", PEOPLE, "employee") == "E3"
    assert resolve_by_id_or_name("e3", PEOPLE, "employee") == "E3"


def test_ambiguous_prefix_lists_candidates() -> None:
    with pytest.raises(AmbiguousNameError) as info:
        resolve_by_id_or_name("dan", PEOPLE, "employee")
    assert "E1 (Dana Okafor)" in str(info.value) and "E2 (Dan Brown)" in str(info.value)


def test_unknown_name() -> None:
    with pytest.raises(NotFoundError, match="no employee named 'zed'"):
        resolve_by_id_or_name("zed", PEOPLE, "employee")
