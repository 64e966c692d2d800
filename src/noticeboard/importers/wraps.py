"""Lines broken inside a sentence (a text copied from a PDF or a narrow page, hard-wrapped at a
fixed width) joined again into their paragraph.

A line is continued on the next when it is prose (it has a comma, so it is no title, signature or
heading), it does not end a sentence or a clause that introduces something (。！？；：) and is no
labelled line (整改时限：…, 联系电话：…), and the next line starts no part of its own: no numbered
heading, no labelled line, no invitation (欢迎…监督), no date line, no organisation's name (a
signature), and it is no shorter than the next line (a wrapped line is as wide as the page; a
short unnumbered heading above a long paragraph is not). Everything else keeps its line breaks.
"""

from __future__ import annotations

import re

from noticeboard.importers.contact import INVITE_RE, LABEL_RE
from noticeboard.importers.date_mentions import parse_date_line
from noticeboard.importers.issuer import is_org_name
from noticeboard.importers.labels import LABEL_LINE
from noticeboard.importers.sections import heading_level

_ENDS = tuple("。！？!?；;：:”」）)】…")
_PROSE = re.compile(r"[，,、]")
MIN_WRAPPED = 15   # a hard-wrapped line is as wide as the page; a shorter one ends its paragraph


def _continues(line: str, following: str) -> bool:
    text = line.strip()
    return (len(text) >= MIN_WRAPPED and len(text) >= len(following.strip()) and bool(_PROSE.search(text))
            and not text.endswith(_ENDS) and heading_level(text) is None and not LABEL_LINE.match(text)
            and not LABEL_RE.match(text) and _starts_nothing(following))


def _starts_nothing(line: str) -> bool:
    text = line.strip()
    return bool(text) and heading_level(text) is None and not LABEL_LINE.match(text) \
        and not LABEL_RE.match(text) and not INVITE_RE.match(text) and parse_date_line(text) is None and not is_org_name(text)


def join_wrapped(lines: list[str]) -> list[str]:
    """``lines`` with each line broken inside a sentence joined to the line that continues it."""
    out: list[str] = []
    previous = ""   # the line as it was written, before it was joined to the one above
    for line in lines:
        if out and _continues(previous, line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
        previous = line
    return out
