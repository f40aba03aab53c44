"""Ingesting documents (Markdown, text, PDF, DOCX) and public frameworks (ESCO, O*NET)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import UserError
from core.settings import Settings
from services import Services

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def services(settings: Settings, mini_folder: Path) -> Services:
    services = Services.from_settings(settings)
    services.ingestor.ingest(mini_folder)
    return services


def make_pdf(path: Path, text: str) -> None:
    """A minimal one-page PDF with real text (Helvetica), written byte by byte."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))


def test_markdown_profile_and_jd_documents(services: Services, tmp_path: Path) -> None:
    profile = tmp_path / "ben.md"
    profile.write_text("---\nemployee_id: E2\n---\n# Ben\nI maintain Spark jobs.\n")
    report = services.ingestor.ingest(profile)
    assert report.documents == [{"file": "ben.md", "kind": "profile", "employee_id": "E2"}]
    assert services.store.profiles()["E2"][0].startswith("# Ben")
    jd = tmp_path / "analyst.txt"
    jd.write_text("# Analyst\n\n## Must have\n- Expert in Python\n- familiar with k8s\n")
    report = services.ingestor.ingest(jd, kind="job_description", entity_id="analyst")
    assert report.documents[0] == {
        "file": "analyst.txt",
        "kind": "job_description",
        "role_id": "analyst",
        "created_role": True,
    }
    assert {r.role_id: r.title for r in services.store.roles()}["analyst"] == "Analyst"  # from H1


def test_new_role_from_a_jd_gets_inferred_requirements(services: Services, tmp_path: Path) -> None:
    jd = tmp_path / "analyst.md"
    jd.write_text(
        "---\nrole_id: analyst\ntitle: Analyst\ndepartment: IT\n---\n# Analyst\n\n"
        "## Must have\n- Expert in Python\n- familiar with k8s\n\n## Nice to have\n"
        "- Some PySpark\n"
    )
    report = services.ingestor.ingest(jd)
    assert report.documents[0]["created_role"] is True
    inferred = {q["skill_id"]: q for q in report.inferred["analyst"]}
    assert (inferred["python"]["level"], inferred["python"]["importance"]) == (5, 5)
    assert (inferred["kubernetes"]["level"], inferred["kubernetes"]["importance"]) == (2, 5)
    assert (inferred["apache-spark"]["level"], inferred["apache-spark"]["importance"]) == (2, 2)
    assert inferred["kubernetes"]["evidence"] == "familiar with k8s"
    role = next(r for r in services.store.roles() if r.role_id == "analyst")
    assert all(q.inferred for q in role.requirements)


def test_pdf_and_docx(services: Services, tmp_path: Path) -> None:
    from docx import Document

    pdf = tmp_path / "cy.pdf"
    make_pdf(pdf, "Cy knows Kubernetes and HERON-77 systems")
    services.ingestor.ingest(pdf, kind="profile", entity_id="E3")
    assert "HERON-77" in services.store.profiles()["E3"][0]
    doc = Document()
    doc.add_heading("Must have", level=2)
    doc.add_paragraph("Solid experience with Python", style="List Bullet")
    path = tmp_path / "ml.docx"
    doc.save(str(path))
    report = services.ingestor.ingest(path, kind="job_description", entity_id="ml-engineer")
    assert report.documents[0]["role_id"] == "ml-engineer"
    text = services.store.job_descriptions()["ml-engineer"][0]
    assert "## Must have" in text and "- Solid experience with Python" in text
    assert {q["skill_id"] for q in report.inferred["ml-engineer"]} == {"python"}


def test_bad_documents_are_refused_and_nothing_is_written(
    services: Services, tmp_path: Path
) -> None:
    from pypdf import PdfWriter

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_good.md").write_text("---\nemployee_id: E1\n---\nAna's OSPREY-12 profile.\n")
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with (folder / "b_locked.pdf").open("wb") as handle:
        writer.write(handle)
    before = services.store.profiles()
    with pytest.raises(UserError, match=r"b_locked.pdf: the PDF is encrypted"):
        services.ingestor.ingest(folder)
    assert services.store.profiles() == before  # the good file was not stored either
    blank = tmp_path / "blank.pdf"
    empty_writer = PdfWriter()
    empty_writer.add_blank_page(width=200, height=200)
    with blank.open("wb") as handle:
        empty_writer.write(handle)
    with pytest.raises(UserError, match=r"blank.pdf: the document is empty"):
        services.ingestor.ingest(blank, kind="profile", entity_id="E1")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match=r"broken.docx: not a readable DOCX"):
        services.ingestor.ingest(broken, kind="profile", entity_id="E1")
    (tmp_path / "nobody.md").write_text("Just text.\n")
    with pytest.raises(UserError, match="needs role_id"):
        services.ingestor.ingest(tmp_path / "nobody.md")


def test_esco_import(settings: Settings) -> None:
    k = Services.from_settings(settings)
    report = k.ingestor.ingest(FIXTURES / "esco")
    assert report.format == "esco"
    skills = {s.skill_id: s for s in k.store.skills()}
    assert skills["esco:aaa-python"].name == "Python (computer programming)"
    assert skills["esco:aaa-python"].aliases == ("Python", "python programming")
    assert skills["esco:ccc-coach"].category == "ESCO skill/competence"
    role = next(r for r in k.store.roles() if r.role_id == "esco:occ-ds")
    assert role.title == "data scientist"
    assert {(q.skill_id, q.level, q.importance) for q in role.requirements} == {
        ("esco:aaa-python", 3, 4),
        ("esco:bbb-ml", 3, 4),
        ("esco:ccc-coach", 2, 2),
    }
    assert k.knowledge.match_skills(["python programming"])[0].match == "esco:aaa-python"


def test_onet_import_and_search_by_soc_code(settings: Settings) -> None:
    k = Services.from_settings(settings)
    report = k.ingestor.ingest(FIXTURES / "onet")
    assert report.format == "onet"
    roles = {r.role_id: r for r in k.store.roles()}
    assert roles["15-2051.00"].title == "Data Scientists"
    # Mathematics LV 5.25 -> 3.75 -> 4, IM 4.12 -> 4; Programming LV 4.62 -> 3.3 -> 3, IM 3.62 -> 4
    assert {(q.skill_id, q.level, q.importance) for q in roles["15-2051.00"].requirements} == {
        ("onet:2.A.1.e", 4, 4),
        ("onet:2.B.3.e", 3, 4),
        ("onet-tech:43232405", 3, 4),
    }
    assert {(q.skill_id, q.level, q.importance) for q in roles["15-1244.00"].requirements} == {
        ("onet-tech:43232501", 3, 3)
    }
    jd = k.store.job_descriptions()["15-2051.00"][0]
    assert "- Clean and manipulate raw data using statistical software." in jd
    hits = k.knowledge.search(
        "clean and manipulate raw data with statistical software", top_k=1, doc_types=["role"]
    )
    assert hits[0].id == "15-2051.00"


def test_malformed_esco_names_file_line_field(settings: Settings, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "esco"
    shutil.copytree(FIXTURES / "esco", folder)
    relations = folder / "occupationSkillRelations_en.csv"
    relations.write_text(relations.read_text().replace("optional", "sometimes"))
    k = Services.from_settings(settings)
    with pytest.raises(
        UserError, match=r"occupationSkillRelations_en.csv, line 4, field 'relationType'"
    ):
        k.ingestor.ingest(folder)
    assert k.store.counts()["skills"] == 0


@pytest.mark.parametrize("role", ["E01' OR '1'='1", "../roles", "two words"])
def test_a_document_for_an_id_that_is_not_an_id_is_refused(
    settings: Settings, tmp_path: Path, role: str
) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text("# Analyst\n\n- SQL\n")
    ingestor = Services.from_settings(settings).ingestor
    with pytest.raises(UserError, match="is not an id"):
        ingestor.ingest(jd, "document", "job_description", role)


def test_a_long_ingest_reports_its_stages_and_a_second_one_embeds_no_framework_text(
    tmp_path: Path,
) -> None:
    from tests.retrieval.test_cached_embedder import Counting
    from tests.support.organisations import SAMPLE, sample_services

    services = sample_services(tmp_path / "one")
    services.knowledge.__dict__["embedder"] = Counting()
    seen: list[tuple[str, int, int]] = []
    services.ingestor.ingest(SAMPLE, progress=lambda *step: seen.append(step))
    stages = [stage for stage, _, _ in seen]
    assert "Embedding the framework" in stages and "Indexing" in stages
    embedded = [s for s in seen if s[0] == "Embedding the framework"]
    assert embedded[-1][1] == embedded[-1][2]  # each call ends complete
    assert max(total for _, _, total in embedded) > 66  # the names and aliases: more than skills
    indexed = [s for s in seen if s[0] == "Indexing"]
    assert indexed[-1][1] == indexed[-1][2] > 0
    seen.clear()
    services.knowledge.reset_normaliser()
    services.ingestor.ingest(SAMPLE, progress=lambda *step: seen.append(step))
    assert not [s for s in seen if s[0] == "Embedding the framework"]  # all stored already
