"""Escape by output: notice text never becomes raw HTML, script or an unsafe link.

``md_inline`` is for a value placed inside a Markdown line (a heading, a list item): every
character Markdown or HTML would interpret is backslash-escaped or turned into an entity.
``md_block`` is for a body that *is* Markdown (summary, section bodies): paragraphs, lists and
emphasis keep working, but raw HTML is shown as text and links may only use safe schemes.
"""

from __future__ import annotations

import re

from markupsafe import escape

_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_REF_DEF = re.compile(r"^( {0,3})\[([^\]\n]+)\]:[ \t]*(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^[\x00-\x20<]*([a-z][a-z0-9+.\-\s]*):", re.IGNORECASE)
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def html(text: object) -> str:
    """Escape for HTML text or a quoted attribute value."""
    return str(escape("" if text is None else str(text)))


def md_inline(text: object) -> str:
    """A value as literal text on one Markdown line."""
    value = "" if text is None else " ".join(str(text).split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE_SPECIALS.sub(r"\\\1", value)


def safe_url(url: str) -> bool:
    """True for relative URLs and http(s)/mailto/tel ones; false for javascript:, data: etc."""
    scheme = _SCHEME.match(url)
    return scheme is None or "".join(scheme.group(1).split()).lower() in _SAFE_SCHEMES


def _disarm_link(match: re.Match) -> str:
    if safe_url(match.group(2)):
        return match.group(0)
    return f"\\[{match.group(1)}\\]\\({match.group(2)}\\)"


def _disarm_ref(match: re.Match) -> str:
    if safe_url(match.group(3)):
        return match.group(0)
    return f"{match.group(1)}\\[{match.group(2)}\\]: {match.group(3)}"


def md_block(text: object) -> str:
    """A Markdown body with raw HTML shown as text and unsafe links disarmed."""
    if text is None:
        return ""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _LINK.sub(_disarm_link, value)
    return _REF_DEF.sub(_disarm_ref, value).strip()
