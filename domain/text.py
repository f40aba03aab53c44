"""Text from documents, frameworks and profiles is data. Names and titles are kept as plain
text: no markup, no links, no control characters, a bounded length; what a chat client or a
browser would render as an image, a link or HTML never survives into them."""

from __future__ import annotations

import re
import unicodedata

NAME_LIMIT = 120
TEXT_LIMIT = 1000

_TARGET = r"\((?:[^()]|\([^()]*\))*\)"  # a link target, with one level of parentheses
_IMAGE = re.compile(r"!\[[^\]]*\]" + _TARGET)
_LINK = re.compile(r"\[([^\]]*)\]" + _TARGET)
_ELEMENT = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.I | re.S)
_AUTOLINK = re.compile(r"<(?:https?:|mailto:|//)[^>]*>", re.I)
_TAG = re.compile(r"<[^>]{0,200}>")
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*:)?//[^\s)\]]+|\bwww\.[^\s)\]]+|\b(?:javascript|data|vbscript):\S*",
    re.I,
)
_MARKUP = re.compile(r"[`*~|<>\[\]{}]|(?:^|(?<=\s))#+(?=\s|$)")
_SPACES = re.compile(r"\s+")


def plain(text: object, limit: int = TEXT_LIMIT) -> str:
    """`text` as plain words: markdown images, scripts, HTML tags and URLs removed, links
    reduced to their words, markup characters dropped, whitespace collapsed, at most `limit`
    characters."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = "".join(c for c in value if unicodedata.category(c)[0] != "C" or c in "\n\t")
    value = _ELEMENT.sub(" ", value)
    value = _IMAGE.sub(" ", value)
    value = _LINK.sub(r"\1", value)
    value = _AUTOLINK.sub(" ", value)
    value = _TAG.sub(" ", value)
    value = _URL.sub(" ", value)
    value = _MARKUP.sub(" ", value)
    value = _SPACES.sub(" ", value).strip(" -:;,")
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def plain_name(text: object) -> str:
    """A title or a name: plain, and short."""
    return plain(text, NAME_LIMIT)


def inert(text: str) -> str:
    """Text a template prints, made inert for clients that render Markdown or HTML: no image,
    link or tag survives, whatever was stored."""
    value = _ELEMENT.sub(" ", text)
    value = _IMAGE.sub(" ", value)
    value = _LINK.sub(r"\1", value)
    value = _AUTOLINK.sub(" ", value)
    value = _TAG.sub(" ", value)
    value = _URL.sub(" ", value)
    return value.replace("<", "‹").replace(">", "›")


def name_key(text: str) -> str:
    """How a name or title compares with another: accents, case and spacing aside."""
    decomposed = unicodedata.normalize("NFKD", plain_name(text))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(folded.casefold().split())


# Record ids: letters, digits and _ . : - (no spaces, quotes or slashes), as in data files.
ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"


def is_identifier(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None
