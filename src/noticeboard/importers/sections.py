"""Split the body into summary and sections by its numbering; render Markdown.

Numbering levels, with their half- and full-width spellings: 一、 (1), （一） (2), 1. / 1． / 1、 (3),
（1） / 1） (4), ① (5). The sections are opened by the highest level the body uses as headings,
whatever it is: 一、 when the text has such headings, else the level of its first numbered heading
(a text without 一、 may start at （一） or at 1.). A section heading must follow the previous one
(（三） after （二）), so an inner list that restarts at （一） does not open a section. A long
numbered line whose lead is a short phrase (``（一）加强组织领导。成立了…``) gives the lead as the
heading and the rest as the section's first paragraph. Labelled items (问题：…/整改情况：…, see
:mod:`labels`) are first brought to one line per label; where a text has no numbered headings at
all, each line that starts with a problem label opens one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noticeboard.importers.inert import literal
from noticeboard.importers.labels import LABEL_LINE, PROBLEM_LABELS, bare_label, label_only, problem_label, split_fields, unbracket

_CN = "一二三四五六七八九十"
# a problem label numbered after it: 问题一： 问题2： 存在问题3： 问题（一）： 反馈问题(2)
_NUMBER = rf"(?:[{_CN}]{{1,3}}|\d{{1,3}})"
_LABEL_NUMBER = rf"(?:{PROBLEM_LABELS})\s*(?:[（(]{_NUMBER}[）)]\s*[:：、．.]?|{_NUMBER}\s*[:：、．.])"
LEVEL_RES = [
    (1, re.compile(rf"^(?:第[{_CN}]{{1,3}}(?:部分|章)\s*[、．.：:]?|[{_CN}]{{1,3}}\s*[、．.])")),
    (2, re.compile(rf"^[（(〔][{_CN}]{{1,3}}[）)〕]\s*[、．.]?")),
    # 1. / 1、, and items numbered after their label (问题一： 存在问题2： 问题（三）：) or in words: 第三个问题：
    # and 一是 / 二是 or 第一， opening a line that states an item and its rectification (一是…不到位。整改情况：…)
    (3, re.compile(rf"^(?:\d{{1,3}}\s*[.．、。](?![\d.．])|{_LABEL_NUMBER}|第[{_CN}]{{1,3}}个问题\s*[:：、．.]"
                   rf"|(?:[{_CN}]{{1,2}}是|第[{_CN}]{{1,3}}\s*[，,、])(?=[^。；;]{{2,60}}[。；;]\s*(?:整改|完成|落实|进展)[^：:。]{{0,6}}[:：]))")),
    (4, re.compile(r"^(?:[（(]\d{1,3}[）)]|\d{1,3}[）)])")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
]
SHORT_HEADING = 60
LONG_HEADING = 80
HEADING_LEAD = 40
ENUMERATION = re.compile(rf"^(?:[{_CN}]是|第[{_CN}]{{1,3}}\s*[，,、])")


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


def ordinal(line: str) -> int | None:
    """The number a numbered line carries (三 → 3, （12） → 12, ④ → 4, 存在问题（2）： → 2)."""
    m = re.match(rf"^(?:{PROBLEM_LABELS})\s*[（(]?({_NUMBER})", line) or re.match(rf"^\D{{0,2}}?({_NUMBER})", line)
    if line[:1] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return ord(line[0]) - ord("①") + 1
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    tens, _, units = token.partition("十")
    if "十" not in token:
        return _CN.index(token) + 1
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(units) + 1 if units else 0)


def is_short_heading(line: str) -> bool:
    """A line that is only a heading: short, with no sentence inside it."""
    text = line.rstrip("。.；;：:")
    return len(text) <= SHORT_HEADING and not re.search(r"[。；;]", text)


def is_heading_line(line: str) -> bool:
    """A numbered line that can head a part: not a paragraph of enumerated work (（二）一是…)."""
    level = heading_level(line)
    return level is not None and not ENUMERATION.match(strip_number(line))


def split_heading(line: str) -> tuple[str, str] | None:
    """(heading, rest) of a numbered line that can open a section, or None for a paragraph."""
    text = line.rstrip("。.；;")
    if len(text) <= LONG_HEADING and not re.search(r"[。；;]", text):
        return line.strip(), ""
    m = re.compile(r"[。；;：:]").search(line, _label_end(line))
    if m and len(strip_number(line[: m.start()])) <= HEADING_LEAD:
        return line[: m.start()].strip(), line[m.end():].strip()
    return None


def _label_end(line: str) -> int:
    """Where the text of a numbered line starts after its problem label (``1.问题：`` → 5), else 0."""
    content = strip_number(line)
    label = problem_label(content)
    return line.index(content) + label.end() if label and content else 0


def _numbered_label(line: str) -> bool:
    """A line that is only a label or only a number, its text on the next line (``1.问题：``)."""
    content = strip_number(line) if heading_level(line) else line
    return label_only(content) or (heading_level(line) is not None and not content)


def _label_text(line: str) -> bool:
    """A line that can be the text of the label on the line before: not numbered, not a label."""
    return heading_level(line) is None and not label_only(line) and not LABEL_LINE.match(line) and not problem_label(line)


def _colon_bare_labels(lines: list[str]) -> list[str]:
    """Labels written without a colon, each alone on its line, given their colon where the text
    writes items so: a problem label (存在问题), its text, then a label (整改情况) not numbered; from
    there on, each such label followed by its text. A heading that only looks like a label
    (二、存在问题 over prose, then 三、整改措施) is left as it is."""
    out = list(lines)
    items = False
    for i, line in enumerate(lines):
        content = strip_number(line) if heading_level(line) else line
        if not bare_label(content) or i + 1 == len(lines) or not _label_text(lines[i + 1]):
            continue
        after = lines[i + 2] if i + 2 < len(lines) else ""
        if problem_label(content + "："):
            if heading_level(after) is None and (bare_label(after) or label_only(after) or LABEL_LINE.match(after)):
                out[i], items = line + "：", True
        elif items and heading_level(line) is None:
            out[i] = line + "："
    return out


def label_lines(lines: list[str]) -> list[str]:
    """Each label as ``label：text`` on one line: brackets around a label become its colon, a label
    (or a number) alone on its line takes the next line as its text, and a deadline or an owner
    written after an item's sentences on its line starts a line of its own."""
    out: list[str] = []
    for line in _colon_bare_labels([unbracket(line.strip()) for line in lines if line.strip()]):
        if out and _numbered_label(out[-1]) and _label_text(line):
            line = out.pop() + line
        content = strip_number(line)
        labelled = heading_level(line) is not None or LABEL_LINE.match(content) or problem_label(content)
        out.extend(split_fields(line) if labelled else [line])
    return out


@dataclass
class RawSection:
    heading: str
    lines: list[str] = field(default_factory=list)
    level: int = 1


@dataclass
class Body:
    summary_lines: list[str]
    sections: list[RawSection]


def top_level(lines: list[str]) -> int | None:
    """The numbering level that opens sections: 一、 if the text has such headings, else the level
    of the first numbered heading that starts a list (its number is 1)."""
    candidates = [line for line in lines if is_heading_line(line) and split_heading(line)]
    if any(heading_level(line) == 1 for line in candidates):
        return 1
    first = next((line for line in candidates if ordinal(line) == 1), None)
    return heading_level(first) if first else None


def split_body(lines: list[str]) -> Body:
    """Lines before the first top-level heading are the summary; each top-level heading that
    follows the previous one in number opens a section."""
    lines = label_lines(lines)
    level = top_level(lines)
    summary: list[str] = []
    sections: list[RawSection] = []
    last = 0
    for line in lines:
        if level is None and problem_label(line):  # unnumbered labelled items: each opens one
            parts, number = split_heading(line), last + 1
            level_of = 3
        else:
            parts = split_heading(line) if level and heading_level(line) == level and is_heading_line(line) else None
            number = ordinal(line) if parts else None
            level_of = level
        if parts and number is not None and number > last:
            heading, rest = parts
            sections.append(RawSection(heading, [rest] if rest else [], level_of))
            last = number
        elif sections:
            sections[-1].lines.append(line)
        else:
            summary.append(line)
    return Body(summary, sections)


def md_text(line: str) -> str:
    return literal(line)


def markdown(lines: list[str], level: int = 1) -> str:
    """Section body lines as Markdown paragraphs; short sub-headings as ### (the level just below
    the section's) or bold (deeper levels)."""
    out: list[str] = []
    for line in lines:
        sub = heading_level(line)
        text = md_text(line)
        if sub == level + 1 and is_short_heading(line):
            out.append(f"### {text}")
        elif sub is not None and level + 1 < sub <= 4 and is_short_heading(line):
            out.append(f"**{text}**")
        else:
            out.append(text)
    return "\n\n".join(out) + ("\n" if out else "")
