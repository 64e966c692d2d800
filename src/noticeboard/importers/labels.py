"""The labels of a rectification item, and its lines brought to one shape.

Notices label an item's parts: the problem (问题：/存在问题：/主要问题：/反馈问题：/问题描述：/
具体问题：…), what was done (整改情况：/整改措施：/整改落实情况：/整改进展：/整改结果：/完成情况：…) and
the item's owners and deadline (责任单位：/整改时限：…). They write a label with a full- or
half-width colon, in brackets (【整改情况】, 〖问题〗：, ［整改措施］), and alone on its line with its
text on the next (pages copied from the web often break a line after each label).
:func:`sections.label_lines` writes each of these as ``label：text`` on one line, the shape the rest
of the importer reads; the words are kept, only the brackets and line breaks around a label change.
"""

from __future__ import annotations

import re

MEASURE_LABELS = (r"整改情况|整改进展情况|整改落实情况|整改完成情况|整改措施|整改成效|整改结果|情况说明|进一步整改措施|"
                  r"下一步整改措施|未完成整改原因|整改进展|整改进度|完成情况|进展情况|落实情况|整改状态|主要措施|具体措施")
FIELD_LABELS = {
    "leader": r"责任领导|牵头领导|分管领导|领导责任人",
    "person": r"责任人|具体责任人",
    "department": r"责任部门|责任单位|责任科室|牵头单位|牵头部门|配合单位|责任处室",
    "deadline": r"整改时限|完成时限|整改期限|时限要求|完成时间|整改时间",
}
FIELD_NAMES = "|".join(FIELD_LABELS.values())
# the problem's own label: 问题 with the words notices put around it (存在的问题 / 反馈问题 / 问题描述)
PROBLEM_LABELS = r"(?:存在的?|主要|反馈的?|具体|突出|发现的?|(?:巡视|巡察)(?:组)?(?:反馈|指出|发现)的?)?问题(?:描述|表现|概述|内容)?"
ITEM_LABELS = rf"{MEASURE_LABELS}|{FIELD_NAMES}|整改任务"
LABEL_LINE = re.compile(rf"^({ITEM_LABELS})\s*[:：]")
PROBLEM_LABEL = re.compile(rf"^{PROBLEM_LABELS}\s*[:：]\s*")
_ANY_LABEL = rf"{PROBLEM_LABELS}|{ITEM_LABELS}"
# a label in brackets or between bold marks, with or without a colon after it
_BRACKETED = re.compile(rf"(?:[【〖［\[〔]\s*({_ANY_LABEL})\s*[:：]?\s*[】〗］\]〕]|\*\*\s*({_ANY_LABEL})\s*[:：]?\s*\*\*)\s*[:：]?\s*")
# a line that is only a label (its text follows on the next line)
_LABEL_ONLY = re.compile(rf"^(?:{_ANY_LABEL})\s*[:：]\s*$")
# labels that no sentence uses but as a label (整改措施：, 整改时限：): one starts a part of an item
# even run on after the words before it (copying closes the space between them)
RUN_ON_LABELS = "|".join(sorted((w for w in ITEM_LABELS.split("|") if w.startswith("整改") or w.endswith("时限")),
                                key=len, reverse=True))
# a field label inside a line, after the end of a sentence (or run on, for a deadline): it starts a
# line of its own
_RUN_ON_DEADLINE = "|".join(w for w in FIELD_LABELS["deadline"].split("|") if w in RUN_ON_LABELS.split("|"))
_INNER_FIELD = re.compile(rf"(?<=[。；;！!？?，,\s])\s*(?=(?:{FIELD_NAMES})\s*[:：])|(?<=.)(?=(?:{_RUN_ON_DEADLINE})\s*[:：])")
_BARE = re.compile(rf"^(?:{_ANY_LABEL})$")


def problem_label(text: str) -> re.Match | None:
    """The problem label at the start of ``text`` (its number already stripped): 存在问题：…"""
    return PROBLEM_LABEL.match(text)


def without_problem_label(text: str) -> str:
    label = problem_label(text)
    return text[label.end():] if label else text


def unbracket(line: str) -> str:
    """``【整改情况】已修订`` → ``整改情况：已修订``: a known label's brackets become its colon."""
    return _BRACKETED.sub(lambda m: (m.group(1) or m.group(2)) + "：", line)


def label_only(text: str) -> bool:
    """A line (its number stripped) that is only a label, its text on the next line: ``整改措施：``"""
    return bool(_LABEL_ONLY.match(text))


def bare_label(text: str) -> bool:
    """A line (its number stripped) that is only a label written without a colon: ``存在问题``"""
    return bool(_BARE.match(text))


def split_fields(line: str) -> list[str]:
    """A line holding a deadline or an owner after a sentence (…正在推进。整改时限：2023年底前) as
    lines: the field label starts a line of its own."""
    return [part for part in _INNER_FIELD.split(line) if part.strip()]
