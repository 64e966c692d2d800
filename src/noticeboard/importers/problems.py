"""Rectification items (problems) of each section, and the prose the section keeps.

Numbered lines below a section heading form a tree (（一） → 1. → （1） → ①, whatever level the
section starts at). An item is a heading that reads like a problem (针对/关于 …问题, 整改任务：…),
that carries a problem label (问题：…, 存在问题：…, numbered or not; see :mod:`labels`), or is
followed by labelled lines (整改情况：, 整改措施：, …); when such a heading has problem-like
children, the children are the items and the heading is their category. An item ends where the
next heading of its level or above begins; once an item's labelled lines have started, deeper
numbered lines are steps of its measures, not items of their own (after a label alone on its line,
整改措施：, they are steps even when numbered as the items are, up to the next problem label). Each
item's text is kept once: in the item (title, measures, owners, deadline), not in the section
body, which keeps the section's own prose.

An item's status is what its wording says (:mod:`status`): a heading that groups items by status
(已完成整改的问题 / 正在推进的事项) applies to the items under it; else the item's own status
statements, its measure counts (采取3项措施，已完成3项), a permanent deadline (长期坚持), or a
reported result (整改成效：…); else it is unstated. A later part that lists unfinished items again
(需要进一步整改的事项 / 尚未完成事项的说明) updates the items it names and stays prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noticeboard.importers.labels import (FIELD_LABELS, FIELD_NAMES, ITEM_LABELS, LABEL_LINE, RUN_ON_LABELS, problem_label,
                                          without_problem_label)
from noticeboard.importers.sections import (ENUMERATION, RawSection, heading_level, is_heading_line, md_text,
                                            strip_number)
from noticeboard.importers.status import (DONE, IN_PROGRESS, LONG_TERM, deadline_status, group_status,
                                          item_statements, statement_status)

FUTURE_SECTION = re.compile(r"(下一步|下步|打算|今后|努力方向|后续|长效|巩固|深化.{0,6}成果|推向纵深)")
RESULT_LABELS = re.compile(r"^(整改成效|整改结果|取得成效)$")
UNFINISHED_LABELS = re.compile(r"^(未完成整改原因|未完成原因|尚未完成原因)$")
TASK_RE = re.compile(r"整改(?:任务|内容)\s*[:：]\s*")
_QUOTED = re.compile(r"^(?:(?:关于|针对|对)?(?:巡视|巡察)?(?:组)?(?:反馈|指出|发现)?(?:的)?)?[“\"「]([^”\"」]{2,120})[”\"」](?:方面)?(?:的)?(?:问题|事项)?(?:的整改(?:落实|进展)?(?:情况)?)?$")
_PROBLEM_END = re.compile(r"(问题|事项)(?:的)?(?:整改)?(?:落实|进展|完成)?(?:情况)?[。.]?$")
_COUNTS = re.compile(r"(?:采取|制定|提出|细化|明确)了?(\d+)\s*(?:项|条)(?:整改)?措施.{0,8}?已(?:经)?完成(?:并长期坚持)?(\d+)\s*(?:项|条)")
# a paragraph that sums up the items before it, so it belongs to the section, not to the last item
_CLOSING = re.compile(r"^(?:通过以上|通过上述|经过以上|综上|总之|总体上看|总的来看|以上|上述)|(?:上述|以上|各项|全部)(?:问题|事项|整改任务)")
_TAG = re.compile(r"[（(【\[]([^）)】\]]{1,12})[）)】\]]\s*$")
MATCH_SHARE = 0.6
MIN_QUOTED = 6


@dataclass
class Node:
    level: float                 # an unnumbered labelled item (问题：…) stands half a level below its heading
    text: str
    lines: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    labelled: bool = False
    prose: bool = False          # a paragraph of the section between or after items
    by_label: bool = False       # headed by a problem label (1.问题：… / 问题：…)
    listing: bool = False        # its last line is a label whose text is the numbered list that follows


@dataclass
class SectionItems:
    """One section split: the prose it keeps (lines, in order) and its items."""

    body: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


@dataclass
class Extracted:
    sections: list[SectionItems] = field(default_factory=list)
    loose: list[dict] = field(default_factory=list)       # sections that are themselves an item
    loose_at: list[int] = field(default_factory=list)      # their indexes in the section list

    def all_problems(self) -> list[dict]:
        return [p for s in self.sections for p in s.problems] + self.loose


def _label(line: str) -> re.Match | None:
    return LABEL_LINE.match(line)


def build_tree(section: RawSection) -> Node:
    root = Node(section.level, section.heading)
    stack = [root]
    for line in section.lines:
        level = heading_level(line)
        content = strip_number(line)
        label = _label(content)
        top = stack[-1]
        if level is None and problem_label(line) and without_problem_label(line).strip():  # an unnumbered item: 问题：…
            while stack[-1] is not root and stack[-1].level % 1:
                stack.pop()
            node = Node(stack[-1].level + 0.5, line, by_label=True)
            stack[-1].children.append(node)
            stack.append(node)
        elif top.listing and level is not None and level >= top.level and not _strict_problem(content):
            top.lines.append(line)  # a step of the list its label (整改措施：) opened, numbered as the items are
        elif level is not None and level > root.level and is_heading_line(line) and (not label or TASK_RE.match(content)):
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
            if parent is not root and parent.labelled and not _strict_problem(content):
                parent.lines.append(line)  # a numbered step of the item's measures
                continue
            node = Node(level, line, by_label=bool(problem_label(content)))
            parent.children.append(node)
            stack.append(node)
        elif stack[-1] is not root and stack[-1].labelled and not label and _CLOSING.search(line):
            stack[:] = [root]
            root.children.append(Node(root.level + 1, line, prose=True))
        else:
            stack[-1].lines.append(line)
            if _label(line) and not re.match(rf"^({FIELD_NAMES})", line):
                stack[-1].labelled = True
            if _label(line):
                stack[-1].listing = stack[-1].by_label and not line[_label(line).end():].strip()
    return root


def _lead(text: str) -> str:
    """The title part of a heading: after 整改任务：, up to the first sentence end."""
    text = strip_number(text)
    task = TASK_RE.search(text)
    if task:
        text = text[task.end():]
    m = re.search(r"[。；;]|(?<=问题)[：:]", text)
    return text[: m.start()] if m else text


def _strict_problem(content: str) -> bool:
    """A heading that names a problem by its own words (整改任务：…, 问题：…, 针对/关于 …问题)."""
    if TASK_RE.match(content) or problem_label(content):
        return True
    lead = _lead(content)
    return bool(re.match(r"^(针对|关于)", lead)) and bool(_PROBLEM_END.search(lead)) and not lead.endswith("方面")


def _is_group_or_plan(text: str) -> bool:
    body = strip_number(text)
    return group_status(body) is not None or bool(re.search(r"^(下一步|下步|今后)", body))


def is_problem_like(node: Node) -> bool:
    if node.prose or _is_group_or_plan(node.text):
        return False
    if TASK_RE.search(node.text) or problem_label(strip_number(node.text)):
        return True
    lead = _lead(node.text)
    if node.labelled or (node.lines and _label(node.lines[0])) or _label(problem_title(node.text)[1]):
        return True   # followed by labelled lines, or by one on its own line (1.某某不到位。整改情况：…)
    if lead.endswith("方面"):
        return False
    if re.match(r"^(针对|关于)", lead) or _PROBLEM_END.search(lead):
        return True
    return "问题" in lead and len(lead) <= 60 and node.level >= 3


def _has_problem_descendant(node: Node) -> bool:
    return any(is_problem_like(c) or _has_problem_descendant(c) for c in node.children)


def problem_title(text: str) -> tuple[str, str]:
    """(title, remainder of the heading line) for a problem heading."""
    body = ENUMERATION.sub("", without_problem_label(strip_number(text)))  # 一是 left on a heading cut at its 。
    tag = _TAG.search(body)
    if tag and statement_status(tag.group(1)):
        body = body[: tag.start()].rstrip()
    task = TASK_RE.search(body)
    if task:
        body = body[task.end():]
    m = re.search(rf"[。；;]|(?<=问题)[：:]|(?<=问题)，|[\s，,]+(?=(?:{ITEM_LABELS})\s*[:：])|(?<=.)(?=(?:{RUN_ON_LABELS})\s*[:：])",
                  body)
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


@dataclass
class _Evidence:
    statements: list[str] = field(default_factory=list)
    deadline: str | None = None
    result: bool = False
    unfinished: bool = False
    counts: tuple[int, int] | None = None


def _decide(group: str | None, ev: _Evidence) -> str | None:
    if group == DONE:
        return DONE
    longer = ev.deadline == LONG_TERM or LONG_TERM in ev.statements
    if group in (IN_PROGRESS, LONG_TERM):
        return LONG_TERM if longer else group
    if ev.unfinished:
        return LONG_TERM if longer else IN_PROGRESS
    if ev.counts:
        planned, done = ev.counts
        return DONE if done >= planned else IN_PROGRESS
    if ev.statements:
        if IN_PROGRESS in ev.statements:
            return LONG_TERM if longer else IN_PROGRESS
        return DONE if DONE in ev.statements else LONG_TERM
    if ev.deadline:
        return ev.deadline
    return DONE if ev.result else None


def _make_problem(node: Node, category: str | None, group: str | None) -> dict:
    title, rest = problem_title(node.text)
    below = list(node.lines)
    for child in node.children:  # non-problem children (numbered measures) stay in the measures
        below.append(child.text)
        below.extend(_subtree_lines(child, with_heading=False))
    if not title and below and not _label(below[0]):  # 问题： alone, the problem on the lines below
        title, rest = problem_title(below.pop(0))
    ev = _Evidence()
    tag = _TAG.search(strip_number(node.text))
    if tag and statement_status(tag.group(1)):
        ev.statements.append(statement_status(tag.group(1)))
    labelled_rest = bool(rest) and bool(_label(rest))
    measure_lines: list[str] = [rest] if rest and not labelled_rest else []
    told: list[str] = list(measure_lines) if re.match(r"^(针对|关于)", strip_number(node.text)) else []  # 针对…问题。我局…: a response
    fields: dict[str, str] = {}
    lines = ([rest] if labelled_rest else []) + below  # 1.某问题。整改情况：… on one line
    for line in lines:
        label = _label(line)
        name = label.group(1) if label else ""
        if label:
            value = line[label.end():].strip()
            key = next((k for k, pattern in FIELD_LABELS.items() if re.fullmatch(pattern, name)), None)
            if key:
                fields[key] = f"{fields[key]}；{value}" if key in fields else value
                if key == "deadline":
                    ev.deadline = deadline_status(fields[key]) or ev.deadline
                continue
            ev.result = ev.result or bool(RESULT_LABELS.match(name))
            ev.unfinished = ev.unfinished or bool(UNFINISHED_LABELS.match(name))
            if name not in ("整改任务", "情况说明") and not measure_lines and re.fullmatch(r"整改(情况|进展情况|落实情况|完成情况|措施|进展|结果)|完成情况", name):
                line = value
        if name != "情况说明":
            told.append(line)
        measure_lines.append(line)
    ev.statements.extend(item_statements(told))
    measures = "\n\n".join(md_text(line) for line in measure_lines if line.strip())
    counts = _COUNTS.search(measures)
    if counts:
        ev.counts = (int(counts.group(1)), int(counts.group(2)))
    problem: dict = {"title": title}
    if category:
        problem["category"] = category
    status = _decide(group, ev)
    if status:
        problem["status"] = status
    if measures:
        problem["measures"] = measures + "\n"
    for key in ("leader", "person", "department", "deadline"):
        if fields.get(key):
            problem[key] = fields[key]
    return problem


def _category(text: str) -> tuple[str, str]:
    """(category, what the heading says beyond it) for a heading whose children are the items:
    its lead, and the sentences after it (2.履行职责有差距。推进改革不够有力 → 推进改革不够有力)."""
    body = re.sub(r"^方面[:：]\s*", "", without_problem_label(strip_number(text)))
    if is_problem_like(Node(3, body)):
        title, rest = problem_title(body)
    else:
        end = re.search(r"[。；;]", body)
        title, rest = (body[:end.start()], body[end.end():]) if end else (body, "")
    return _strip_quotes(title.strip("：:。 ")), rest.strip("。；; ")


def _subtree_lines(node: Node, with_heading: bool = True) -> list[str]:
    out = [node.text] if with_heading else []
    out.extend(node.lines)
    for child in node.children:
        out.extend(_subtree_lines(child))
    return out


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", re.sub(r"^(关于|针对)|(的)?(问题|事项)$", "", text))
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _same_problem(title: str, earlier: list[dict]) -> dict | None:
    """The earlier item ``title`` names again: most of the shorter title's character pairs shared,
    else the one whose text quotes the whole title (a point it dealt with among others)."""
    mine = _bigrams(title)
    plain = re.sub(r"^(关于|针对)|(的)?(问题|事项)$", "", _strip_quotes(title.strip("“”\"")))
    best, share = None, 0.0
    for item in earlier:
        theirs = _bigrams(item["title"])
        if len(mine) < 3 or len(theirs) < 3:
            continue
        s = len(mine & theirs) / min(len(mine), len(theirs))
        if s > share:
            best, share = item, s
    if share >= MATCH_SHARE:
        return best
    if len(plain) >= MIN_QUOTED:
        return next((item for item in earlier if plain in item["title"] + (item.get("measures") or "")), None)
    return None


@dataclass
class _Context:
    earlier: list[dict]                    # items of the sections before this one
    out: SectionItems = field(default_factory=SectionItems)


def _label_alone(node: Node) -> bool:
    """A problem label alone on its line (存在问题：) over a numbered list that is the problem's
    text (its measures in a list after 整改措施：), not a category over items: those would each be
    followed by their rectification (1.某问题。/ 整改情况：已完成)."""
    if not node.by_label or without_problem_label(strip_number(node.text)).strip() or not node.children:
        return False
    first = node.children[0].lines
    told = bool(first) and _label(first[0]) is not None and bool(first[0][_label(first[0]).end():].strip())
    return not told


def _walk(node: Node, category: str | None, group: str | None, ctx: _Context) -> None:
    for child in node.children:
        if _label_alone(child):
            child.lines = [line for c in child.children for line in _subtree_lines(c)] + child.lines
            child.children = []
        child_group = group_status(strip_number(child.text)) or group
        if is_problem_like(child) and not _has_problem_descendant(child):
            item = _make_problem(child, category, group)
            again = _same_problem(item["title"], ctx.earlier) if group and ctx.earlier else None
            if again is not None:
                if item.get("status"):
                    again["status"] = item["status"]
                ctx.out.body.extend(_subtree_lines(child))
            else:
                ctx.out.problems.append(item)
            continue
        has_items = _has_problem_descendant(child)
        if not has_items:
            ctx.out.body.extend(_subtree_lines(child))
            continue
        grouping = group_status(strip_number(child.text)) is not None
        outer = any(_has_problem_descendant(c) for c in child.children)
        named, more = _category(child.text)
        # kept: its own prose, a group by status, an area whose sub-headings are the items' categories,
        # or a heading that says more than the category its items take from it
        if child.lines or grouping or outer or more:
            ctx.out.body.append(child.text)
            ctx.out.body.extend(child.lines)
        sub = category if grouping else (named or category)
        _walk(child, sub, child_group, ctx)


def _section_is_item(root: Node) -> bool:
    """A section whose heading is itself one item (a text numbered 1./2./… at the top)."""
    if _has_problem_descendant(root) or _is_group_or_plan(root.text):
        return False
    return (bool(TASK_RE.search(root.text)) or (root.labelled and root.level >= 2) or (root.level >= 3 and is_problem_like(root))
            or bool(problem_label(strip_number(root.text)))
            # 一、关于…的问题 with its 整改情况： below: the text is numbered by its problems
            or (_strict_problem(strip_number(root.text)) and bool(root.lines) and bool(_label(root.lines[0]))))


def extract_items(sections: list[RawSection]) -> Extracted:
    found = Extracted()
    for index, section in enumerate(sections):
        root = build_tree(section)
        if FUTURE_SECTION.search(section.heading):
            found.sections.append(SectionItems(body=list(section.lines)))
            continue
        if _section_is_item(root):
            found.loose.append(_make_problem(root, None, None))
            found.loose_at.append(index)
            found.sections.append(SectionItems())
            continue
        ctx = _Context(earlier=found.all_problems())
        ctx.out.body.extend(root.lines)
        _walk(root, strip_number(section.heading), group_status(strip_number(section.heading)), ctx)
        found.sections.append(ctx.out)
    return found
