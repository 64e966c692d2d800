"""Split the body into summary, sections (by 一、 headings) and the contact block; render Markdown.

Heading levels used by the texts: 一、 (level 1, a section), （一） (2), 1. / 1． / 1、 (3),
（1） (4). Sub-headings stay inside the section body: short ones become ``###`` headings (level 2)
or bold paragraphs (levels 3–4); long lines that open with a numbered lead stay paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noticeboard.importers.inert import literal

LEVEL_RES = [
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"^\d{1,3}\s*[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,3}[）)]")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
]
SHORT_HEADING = 60


def heading_level(line: str) -> int | None:
    for level, pattern in LEVEL_RES:
        if pattern.match(line):
            return level
    return None


def strip_number(line: str) -> str:
    for _, pattern in LEVEL_RES:
        m = pattern.match(line)
        if m:
            return line[m.end():].strip()
    return line


def is_short_heading(line: str) -> bool:
    """A line that is only a heading: short, with no sentence inside it."""
    text = line.rstrip("。.；;：:")
    return len(text) <= SHORT_HEADING and not re.search(r"[。；;]", text)


@dataclass
class RawSection:
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Body:
    summary_lines: list[str]
    sections: list[RawSection]


def split_body(lines: list[str]) -> Body:
    """Lines before the first level-1 heading are the summary; each level-1 heading opens a section."""
    summary: list[str] = []
    sections: list[RawSection] = []
    for line in lines:
        if not line.strip():
            continue
        if heading_level(line) == 1 and len(line) <= 80:
            sections.append(RawSection(line))
        elif sections:
            sections[-1].lines.append(line)
        else:
            summary.append(line)
    return Body(summary, sections)


def md_text(line: str) -> str:
    return literal(line)


def markdown(lines: list[str]) -> str:
    """Section body lines as Markdown paragraphs; short sub-headings as ### or bold."""
    out: list[str] = []
    for line in lines:
        level = heading_level(line)
        text = md_text(line)
        if level == 2 and is_short_heading(line):
            out.append(f"### {text}")
        elif level in (3, 4) and is_short_heading(line):
            out.append(f"**{text}**")
        else:
            out.append(text)
    return "\n\n".join(out) + ("\n" if out else "")
