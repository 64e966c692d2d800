"""Escape by output: a notice value placed in a page is text, whatever characters it holds.

``html`` is for HTML text or a quoted attribute value. ``md_inline`` is for a value that stands
in a Markdown line (the page title, a section heading): it is written so that no Markdown
dialect or extension can read anything in it. Markdown's syntax, and every extension's (attribute
lists, tables, emoji, snippets, abbreviations…), is made of ASCII punctuation, so every ASCII
character other than a letter, a digit or a space is written as a numeric character reference:
the browser shows the same text and MkDocs sees no syntax. Notice *Markdown* (summary, bodies)
is converted and sanitized instead: :mod:`.markup`.
"""

from __future__ import annotations

import re

from markupsafe import escape

_CONTROL = "\ufffd"  # what a control character is shown as (HTML has no place for one)
_MD_TEXT = {c: f"&#{c};" for c in range(0x21, 0x7F) if not chr(c).isalnum()}
_MD_TEXT.update({c: _CONTROL for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]})


def html(text: object) -> str:
    """Escape for HTML text or a quoted attribute value. Line breaks become character references,
    so that a value never ends an HTML block in the Markdown it is placed in."""
    value = str(escape("" if text is None else str(text)))
    return value.replace("\r", "&#13;").replace("\n", "&#10;") if "\n" in value or "\r" in value else value


#: a number as a reader reads it whole: digits (ASCII or full-width), joined by the marks that
#: join the parts of one number (0459-4666176, 8:30-17:30, 1.5, 2/3); never split across lines
_NUMBER = re.compile(r"[0-9\uff10-\uff19]+(?:[-\u2010-\u2014\uff0d.\uff0e:\uff1a/\uff0f~\uff5e][0-9\uff10-\uff19]+)*")
#: the class that keeps a piece of text on one line where it fits (assets/noticeboard.css)
WHOLE = "nb-whole"


def whole(value: str) -> str:
    """HTML that shows the already escaped ``value`` on one line where the line can hold it."""
    return f'<span class="{WHOLE}">{value}</span>'


def html_whole(text: object) -> str:
    """:func:`html`, the whole value kept on one line where it fits (a postcode, a phone number)."""
    return whole(html(text))


def html_numbers_whole(text: object) -> str:
    """:func:`html`, with every number in the text (a house number, a room, a postcode, opening
    hours) kept whole on one line: an address breaks between its words, not inside a number."""
    value = "" if text is None else str(text)
    out, at = [], 0
    for m in _NUMBER.finditer(value):
        out += [html(value[at:m.start()]), whole(html(m.group()))]
        at = m.end()
    out.append(html(value[at:]))
    return "".join(out)


def md_inline(text: object) -> str:
    """A value as literal text on one Markdown line."""
    value = "" if text is None else " ".join(str(text).split())
    return value.translate(_MD_TEXT)
