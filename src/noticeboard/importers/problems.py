"""Rectification items (problems) and the progress totals the text states.

Headings below a section form a tree (（一） → 1. → （1）). An item is a heading that reads like a
problem (针对/关于 …问题, 整改任务：…) or is followed by a labelled line (整改情况：, 整改措施：, …);
when such a heading has problem-like children, the children are the items and the heading is
their category. Labelled lines give measures, leader, department and deadline; grouping headings
(已完成/正在整改/长期坚持) and the wording give the status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noticeboard.importers.sections import RawSection, heading_level, md_text, strip_number

FUTURE_SECTION = re.compile(r"(下一步|下步|打算|今后|努力方向|后续|长效|巩固|深化.{0,6}成果|推向纵深)")
MEASURE_LABELS = r"整改情况|整改进展情况|整改落实情况|整改完成情况|整改措施|整改成效|整改结果|情况说明|进一步整改措施|下一步整改措施|未完成整改原因|整改进展"
FIELD_LABELS = {
    "leader": r"责任领导|牵头领导|分管领导",
    "person": r"责任人",
    "department": r"责任部门|责任单位|责任科室|牵头单位|牵头部门|配合单位|责任处室",
    "deadline": r"整改时限|完成时限|整改期限|时限要求|完成时间",
}
LABEL_LINE = re.compile(rf"^({MEASURE_LABELS}|{'|'.join(FIELD_LABELS.values())}|整改任务)\s*[:：]")
TASK_RE = re.compile(r"整改(?:任务|内容)\s*[:：]\s*")
_QUOTED = re.compile(r"^(?:(?:关于|针对|对)?(?:巡视|巡察)?(?:组)?(?:反馈|指出|发现)?(?:的)?)?[“\"「]([^”\"」]{2,120})[”\"」](?:方面)?(?:的)?(?:问题|事项)?(?:的整改(?:情况)?)?$")
_DONE = re.compile(r"(已完成|已经完成|完成整改|已整改到位|整改到位|已全部整改|已全部完成|已办结|已落实)")
_LONG = re.compile(r"(长期坚持|长期整改|持续整改|常态化|长期推进|久久为功)")
_ONGOING = re.compile(r"(正在|推进中|尚未完成|未完成|序时推进|持续推进|逐步推进|正在整改)")
_COUNTS = re.compile(r"采取了?(\d+)项措施.{0,6}?已完成(?:并长期坚持)?(\d+)项")


@dataclass
class Node:
    level: int
    text: str
    lines: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)


@dataclass
class ProblemsGuess:
    problems: list[dict] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def build_tree(section: RawSection) -> Node:
    root = Node(1, section.heading)
    stack = [root]
    for line in section.lines:
        level = heading_level(line)
        label = LABEL_LINE.match(strip_number(line))
        if level in (2, 3, 4) and (not label or TASK_RE.match(strip_number(line))):
            while stack[-1].level >= level:
                stack.pop()
            node = Node(level, line)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].lines.append(line)
    return root


def _lead(text: str) -> str:
    """The title part of a heading: after 整改任务：, up to the first sentence end."""
    text = strip_number(text)
    task = TASK_RE.search(text)
    if task:
        text = text[task.end():]
    m = re.search(r"[。；;]|(?<=问题)[：:]", text)
    return text[: m.start()] if m else text


def is_problem_like(node: Node) -> bool:
    lead = _lead(node.text)
    if TASK_RE.search(node.text):
        return True
    if re.match(r"^(针对|关于)", lead) or re.search(r"(问题|事项)(的整改(情况)?|整改)?[。.]?$", lead):
        return True
    if "问题" in lead and len(lead) <= 60 and node.level >= 3:
        return True
    return bool(node.lines) and bool(LABEL_LINE.match(node.lines[0]))


def _has_problem_descendant(node: Node) -> bool:
    return any(is_problem_like(c) or _has_problem_descendant(c) for c in node.children)


def problem_title(text: str) -> tuple[str, str]:
    """(title, remainder of the heading line) for a problem heading."""
    body = strip_number(text)
    task = TASK_RE.search(body)
    if task:
        body = body[task.end():]
    m = re.search(r"[。；;]|(?<=问题)[：:]|(?<=问题)，", body)
    lead, rest = (body[: m.start()], body[m.end():]) if m else (body, "")
    if len(lead) > 50:  # a long lead: the title is its first clause, the rest stays in the measures
        comma = re.search(r"[，,]", lead[8:])
        if comma:
            cut = 8 + comma.start()
            lead, rest = lead[:cut], (lead[cut + 1:] + ("。" + rest if rest else "")).strip()
    quoted = _QUOTED.match(lead)
    if quoted:
        title = quoted.group(1)
    else:
        title = re.sub(r"^(关于|针对)", "", lead)
        title = re.sub(r"(的)?(问题|事项)?(的)?(整改(情况|落实情况|进展情况)?)?$", "", title) or lead
        title = re.sub(r"(的)?问题$", "", title) or title
    title = _strip_quotes(title.strip("：:，, "))
    return (title or lead).strip(), rest.strip()


def _strip_quotes(text: str) -> str:
    """Remove quotes around the whole text, and unpaired quotes at its ends; keep inner pairs."""
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        return text[1:-1]
    if text.endswith("”") and text.count("“") < text.count("”"):
        text = text[:-1]
    if text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:]
    return text


def _status(texts: list[str], measures: str) -> str | None:
    for text in texts:  # explicit: group headings, status/deadline labels
        if _ONGOING.search(text) and not _DONE.search(text):
            return "in_progress"
        if _LONG.search(text) and not _DONE.search(text):
            return "long_term"
        if _DONE.search(text):
            return "done"
    counts = _COUNTS.search(measures)
    if counts:
        return "done" if counts.group(1) == counts.group(2) else "in_progress"
    head = measures[:80]
    if _DONE.search(head) and not _ONGOING.search(head):
        return "done"
    return None


def _make_problem(node: Node, category: str | None, context: list[str]) -> dict:
    title, rest = problem_title(node.text)
    measure_lines: list[str] = [rest] if rest else []
    fields: dict[str, str] = {}
    status_texts = [t for t in context if re.search(r"(已完成|正在|尚未|未完成|长期|持续)", t)]
    lines = list(node.lines)
    for child in node.children:  # non-problem children (numbered measures) stay in the measures
        lines.append(child.text)
        lines.extend(child.lines)
    for line in lines:
        label = LABEL_LINE.match(line)
        if label:
            name = label.group(1)
            value = line[label.end():].strip()
            key = next((k for k, pattern in FIELD_LABELS.items() if re.fullmatch(pattern, name)), None)
            if key:
                fields[key] = f"{fields[key]}；{value}" if key in fields else value
                if key == "deadline":
                    status_texts.append(value)
                continue
            if name == "整改任务":
                measure_lines.append(line)
                continue
            if re.fullmatch(r"整改(情况|进展情况|落实情况|完成情况|进展)", name) and re.match(r"^(已|正在|尚未|未|基本|长期|持续)", value) and len(value) <= 20:
                status_texts.insert(0, value)
            if not measure_lines and re.fullmatch(r"整改(情况|进展情况|落实情况|完成情况|措施|进展)", name):
                line = value
        measure_lines.append(line)
    measures = "\n\n".join(md_text(line) for line in measure_lines if line.strip())
    problem: dict = {"title": title}
    if category:
        problem["category"] = category
    status = _status(status_texts, measures)
    if status:
        problem["status"] = status
    if measures:
        problem["measures"] = measures + "\n"
    for key in ("leader", "person", "department", "deadline"):
        if fields.get(key):
            problem[key] = fields[key]
    return problem


def _category_text(text: str) -> str:
    body = re.sub(r"^(反馈问题|问题|方面)[:：]\s*", "", strip_number(text))
    if is_problem_like(Node(3, body)):
        title, _ = problem_title(body)
    else:
        title = re.split(r"[。；;]", body)[0]
    return _strip_quotes(title.strip("：:。 "))


def _walk(node: Node, category: str | None, context: list[str], out: list[dict]) -> None:
    for child in node.children:
        child_context = context + [strip_number(child.text)]
        if is_problem_like(child) and not _has_problem_descendant(child):
            out.append(_make_problem(child, category, context))
        else:
            _walk(child, _category_text(child.text) or category, child_context, out)


def extract_problems(sections: list[RawSection]) -> ProblemsGuess:
    guess = ProblemsGuess()
    for section in sections:
        if FUTURE_SECTION.search(section.heading):
            continue
        root = build_tree(section)
        _walk(root, strip_number(section.heading), [], guess.problems)
    return guess


_TOTAL = re.compile(r"(?:反馈|指出|提出|移交)(?:了|的)?[^。；;]{0,30}?(\d+)\s*(?:个|项|条)(?:具体)?问题")
_DONE_COUNT = [
    re.compile(r"已(?:经)?(?:全部)?(?:完成|整改完成|整改到位|完成整改|整改|销号)(?:整改)?(?:的整改事项有)?\s*(\d+)\s*(?:个|项|条)"),
    re.compile(r"(?<!基本)完成整改\s*(\d+)\s*(?:个|项|条)"),
    re.compile(r"已完成整改\s*(\d+)\s*(?:个|项|条)(?:具体)?问题"),
    re.compile(r"已有\s*(\d+)\s*(?:个|项|条)(?:问题)?(?:已)?完成整改"),
    re.compile(r"(\d+)\s*(?:个|项|条)(?:问题)?已(?:经)?(?:完成整改|整改完成|整改到位)"),
]
_ALL_DONE = re.compile(r"已全部(?:完成整改|整改完成|整改到位)|全部(?:完成|整改)到位")


def find_progress(text: str) -> dict | None:
    """{total, done} from the first sentence that states how many fed-back problems were rectified."""
    for paragraph in text.split("\n"):
        total = _TOTAL.search(paragraph)
        if not total:
            continue
        rest = re.split(r"[；;]", paragraph[total.end():total.end() + 150])[0]
        matches = [m for m in (pattern.search(rest) for pattern in _DONE_COUNT) if m]
        if matches:
            done = min(matches, key=lambda m: m.start())
            t, d = int(total.group(1)), int(done.group(1))
            if d <= t:
                return {"total": t, "done": d}
        if _ALL_DONE.search(rest):
            t = int(total.group(1))
            return {"total": t, "done": t}
    return None
