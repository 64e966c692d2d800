"""The totals a notice states (共反馈问题25个，已完成整改20个，其余5个正在推进…), and review flags where
they and the items disagree.

Totals are read from the notice's own prose (summary and section bodies), never from an item's
measures, where counts of other things abound. In each sentence a count takes the status of the
wording next to it (已完成整改13个 / 11个问题已整改完成 / 基本完成整改1个 / 长期整改2个 / 未完成整改
的问题有0项); a count of fed-back problems with no status wording is the total (反馈的3个方面15个
问题). 基本完成 and 未完成 counts are both work still under way (``in_progress``). A sentence about
another set (整改措施118条 / 立行立改问题 / 信访件) is skipped, and so is any later sentence that states
a different total. A completion rate (完成率100%) gives the done count when it pins it exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noticeboard.importers.review import flag
from noticeboard.importers.status import DONE, IN_PROGRESS, LONG_TERM, phrase_status

_NUMBER = re.compile(r"(\d+)\s*(?:个|项|条)")
_TOTAL_VERB = re.compile(r"(反馈|指出|提出|移交|发现|交办|共有?|共计|合计|涉及)")
_INSPECTION = re.compile(r"(巡视|巡察|反馈)")
_PROBLEMS_AFTER = re.compile(r"^(?:具体)?(?:问题|事项)")
_PROBLEMS_BEFORE = re.compile(r"(?:问题|事项)(?:共|共计|总数)?(?:为|有)?$")
_OTHER_SET = re.compile(r"(措施|制度|意见建议|信访|线索|立行立改|人次|\d+\s*家)")
_ALL_DONE = re.compile(r"(?:已|均已|已经)?全部(?:完成整改|整改完成|整改到位|整改完毕|办结|销号)|(?:均已|已全部|全部已)(?:整改|完成)(?:到位|完毕|完成)?")
_RATE = re.compile(r"完成率(?:为|达到?|已达)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_ASIDE = re.compile(r"[（(][^（()）]*[）)]")
_SAID = {DONE: "已完成", IN_PROGRESS: "推进中", LONG_TERM: "需长期坚持"}


def _clause_figures(clause: str) -> tuple[list[int], dict[str, int]]:
    """(totals, counts by status) of one clause."""
    totals: list[int] = []
    counts: dict[str, int] = {}
    numbers = list(_NUMBER.finditer(clause))
    for i, m in enumerate(numbers):
        before = clause[numbers[i - 1].end() if i else 0:m.start()]
        last = i + 1 == len(numbers)
        after = clause[m.end():numbers[i + 1].start() if not last else len(clause)]
        # 41项问题已经整改32项: a wording followed by a number is that number's, not this one's
        status = phrase_status(before) or (phrase_status(after) if last else None)
        value = int(m.group(1))
        if status:
            counts[status] = counts.get(status, 0) + value
        elif (_PROBLEMS_AFTER.match(after) or _PROBLEMS_BEFORE.search(before)) and _TOTAL_VERB.search(clause[: m.start()]):
            totals.append(value)
    return totals, counts


def _sentence_figures(sentence: str, follows_total: bool = False) -> tuple[list[int], dict[str, int], bool, float | None] | None:
    """(totals, counts, all done, completion rate) of a sentence about fed-back problems (or one
    that continues the sentence stating their total: 截至目前，已完成整改2个), or None."""
    plain = _ASIDE.sub("", sentence)
    clauses = [c for c in re.split(r"[，,、：:]", plain) if c.strip()]
    numbered = [c for c in clauses if _NUMBER.search(c)]
    if numbered and _OTHER_SET.search(numbered[0]):
        return None
    totals: list[int] = []
    counts: dict[str, int] = {}
    after_count = False
    for clause in clauses:
        if _OTHER_SET.search(clause):
            continue
        t, c = _clause_figures(clause)
        totals.extend(t)
        if after_count and clause.strip().startswith("其中"):
            continue  # 已完成整改18个，其中7个需长期坚持: a part of the count before, not a figure of its own
        for key, value in c.items():
            counts[key] = counts.get(key, 0) + value
        after_count = bool(c) or (after_count and not t)
    rate = _RATE.search(plain)
    if not (totals or counts or rate or _ALL_DONE.search(plain)):
        return None
    if not re.search(r"(问题|事项)", plain) and not (follows_total and "整改" in plain):
        return None
    if not _INSPECTION.search(plain):
        totals = []
    return totals, counts, bool(_ALL_DONE.search(plain)), float(rate.group(1)) if rate else None


@dataclass
class Stated:
    """The figures the prose states (``{total, done, in_progress, long_term}``, only those stated)
    and review flags about them."""

    figures: dict | None
    doubts: list[str] = field(default_factory=list)


def find_progress(text: str) -> Stated:
    """The progress the notice's prose states. Figures that would add up to more than the total
    (a text that contradicts itself) are kept only as far as the total allows, and flagged."""
    sentences = []
    follows_total = False
    for sentence in re.split(r"[。；;！!\n]", text):
        figures = _sentence_figures(sentence, follows_total)
        follows_total = bool(figures and figures[0])
        if figures is not None:
            sentences.append(figures)
    stated = [f[0][0] for f in sentences if f[0]]
    counted = [f[0][0] for f in sentences if f[0] and f[1]]
    total = counted[0] if counted else (stated[0] if stated else None)
    counts: dict[str, int] = {}
    all_done = False
    rate: float | None = None
    for totals, found, everything, stated_rate in sentences:
        if totals and totals[0] != total:
            continue  # another set of problems
        for key, value in found.items():
            counts.setdefault(key, value)
        all_done = all_done or (everything and (not totals or totals[0] == total))
        rate = rate if rate is not None else stated_rate
    result: dict[str, int] = {}
    if total is not None:
        result["total"] = total
    if DONE not in counts and total is not None:
        if all_done:
            counts[DONE] = total
        elif rate is not None:
            exact = [n for n in range(total + 1) if round(100 * n / total, 1) == round(rate, 1)]
            if len(exact) == 1:
                counts[DONE] = exact[0]
    doubts: list[str] = []
    kept = [(key, value) for key, value in counts.items()]
    while total is not None and kept and sum(value for _, value in kept) > total:
        key, value = kept.pop()
        doubts.append(flag("progress", f"通报称{_SAID[key]}{value}个，与其他数字合计超过总数{total}个，未收入，请核对原文"))
    for key in (DONE, IN_PROGRESS, LONG_TERM):
        if key in dict(kept):
            result[key] = dict(kept)[key]
    return Stated(result or None, doubts)


def progress_doubts(progress: dict | None, items: list[dict]) -> list[str]:
    """Review flags where the stated totals and the items disagree."""
    if not progress or not items:
        return []
    doubts: list[str] = []
    total, done = progress.get("total"), progress.get(DONE)
    if total is not None and total != len(items):
        doubts.append(flag("progress.total", f"通报称共{total}个问题，正文列出{len(items)}项，请核对"))
    stated = [i for i in items if i.get("status")]
    marked = sum(i.get("status") == DONE for i in items)
    if done is not None and stated and done != marked:
        doubts.append(flag("progress.done", f"通报称已完成{done}个，正文中注明已完成的有{marked}项，请核对"))
    return doubts
