"""Reading job descriptions and profiles from Markdown, text, PDF and DOCX files.

Encrypted, empty or unreadable files fail with an error naming the file; nothing is
written for them (callers read first, then store).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import UserError
from ingest.native_folder import split_front_matter

SUFFIXES = {".md", ".markdown", ".txt", ".pdf", ".docx"}


@dataclass(frozen=True)
class Document:
    path: Path
    text: str
    meta: dict[str, Any]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise UserError(f"{path}: the PDF is encrypted; export an unprotected copy")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except PdfReadError as exc:
        raise UserError(f"{path}: not a readable PDF ({exc})") from None
    except UserError:
        raise
    except Exception as exc:  # a damaged file breaks the parser in many ways: all are the file's
        raise UserError(f"{path}: not a readable PDF ({type(exc).__name__})") from None


def _docx_text(path: Path) -> str:
    import zipfile

    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Docx(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise UserError(f"{path}: not a readable DOCX file ({exc})") from None
    except Exception as exc:  # broken XML inside the package, and the like
        raise UserError(f"{path}: not a readable DOCX file ({type(exc).__name__})") from None
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if not text:
            lines.append("")
        elif style.startswith("heading"):
            level = "".join(ch for ch in style if ch.isdigit()) or "2"
            lines.append("#" * min(int(level), 6) + " " + text)
        elif "list" in style:
            lines.append("- " + text)
        else:
            lines.append(text)
    return "\n".join(lines)


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"{path}: unsupported file type (use {', '.join(sorted(SUFFIXES))})")
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if suffix == ".pdf":
        raw = _pdf_text(path)
    elif suffix == ".docx":
        raw = _docx_text(path)
    else:
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(f"{path}: not UTF-8 text") from None
    meta, body, error = split_front_matter(raw)
    if error:
        raise UserError(f"{path}: front matter {error}")
    if not body.strip():
        raise UserError(f"{path}: the document is empty (no text could be extracted)")
    return Document(path=path, text=body.strip() + "\n", meta=meta)
