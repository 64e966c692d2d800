"""A rectification item's status from the wording of the text: done, in_progress, long_term or None.

Notices say where an item stands in many ways (已完成整改 / 整改已到位 / 已办结 / 完成整改并长期坚持;
正在推进 / 按计划推进 / 尚未完成 / 基本完成; 长期坚持 / 常态化整改 / 久久为功 …). They are read as a
verb of completion, progress or permanence, with the aspect and negation around it: 已/均已 make a
completion a fact, 未/尚未/没有 turn it into work still under way, 基本/部分 make it unfinished, and
将/拟/确保/督促/限期 make it a plan or a demand (no status). A wording is a *status statement* only where it stands
alone in its clause (``目前，该问题已整改到位``), not where it describes a part of the work
(``已完成3个堆点的整改``) or the problem itself.
"""

from __future__ import annotations

import re

DONE, IN_PROGRESS, LONG_TERM = "done", "in_progress", "long_term"

# verbs of completion; the longest first so that 完成整改 wins over 完成
_DONE_CORE = re.compile(
    r"(整改(?:已|均已|已经|全部|均)?(?:全部)?(?:完成|完毕|到位|办结|销号)|完成(?:了)?(?:全部)?整改(?:任务|工作)?|"
    r"落实(?:到位|完毕)|解决到位|办理完毕|已?办结|已?销号|已(?:经)?(?:全部)?(?:整改|落实|解决|纠正)(?!中)|完成|到位)")
_NEGATION = re.compile(r"(?:尚未|仍未|还未|暂未|未能|并未|没有|未|不|无法)$")
_UNFINISHED = re.compile(r"(?:基本|部分|大部分?|初步|大体)$")
_FUTURE = re.compile(r"(?:将|拟|计划|预计|力争|确保|争取|待|要|需要?|应|可)$")
_PLAN = re.compile(r"(?:将于?|拟|计划|预计|力争|确保|争取|预期|目标|督促|(?<![按照])要求|责令|限期|务必|以期|推动)")
_ADVERB = re.compile(r"(?:按期|如期|按时|及时|顺利|全面|彻底|全部|均|都|基本上)+$")
_FACT = re.compile(r"(?:已|已经|均已|现已|业已|全部|均|都|皆)$")
_PROGRESS = re.compile(
    r"(正在(?:有序|积极|稳步|加紧|加快|抓紧|持续)?(?:整改|推进|实施|进行|办理|落实|完善|处理|协调|开展|推动)?|"
    r"(?:整改|推进|进行|实施|办理|落实)中|(?:按|按照)(?:计划|进度|时序|序时进度|时间节点|既定计划|方案)(?:有序|稳步|持续)?推进|"
    r"序时推进|有序推进中|稳步推进中|持续推进|取得(?:了)?(?:明显|积极|阶段性|初步|一定)?(?:成效|进展)|阶段性(?:成效|进展|成果)|"
    r"(?:需要?|仍需|还需|尚需)(?:进一步|继续|持续)?(?:深化)?整改)")
_LONG = re.compile(
    r"(长期(?:坚持|整改|推进|抓|执行|任务|性|坚守|巩固)|长抓不懈|久久为功|持续整改|持续深化整改|常态化(?:整改|推进|坚持|开展|抓)?|"
    r"长效(?:整改|推进|坚持))")
# words that may surround a status wording in a clause that says nothing else
_FILLER = re.compile(
    r"(?:该|此|本|这一?|上述|以上|所有|各)(?:项|个|条)?(?:问题|事项|任务|工作|整改)?|问题|事项|整改|任务|工作|情况|进展|"
    r"立行立改|即知即改|边查边改|截至|截止|截至目前|目前|当前|现在|现|至今|至此|此前|已于|已在|于|在|已经?|均已?|都|全部|全面|并且?|且|仍|还|已|正|按期|按时|如期|"
    r"[（(][^）)]{0,12}[）)]|\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?(?:底|初|前|以前|中旬|上旬|下旬)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?(?:底|初|前)?|"
    r"的|了|等|[，,。；;、：:！!\s“”\"'‘’]")
MAX_RESIDUE = 3
MAX_GROUP_RESIDUE = 6


def _done_reading(text: str, match: re.Match) -> str | None:
    """What a completion verb at ``match`` means, given the words just before it."""
    if _PLAN.search(text[max(0, match.start() - 10):match.start()]):
        return None
    before = text[max(0, match.start() - 14):match.start()]
    date = re.search(r"(?:于|在)?[\d年月日号底初前中上下旬]*\d[\d年月日号底初前中上下旬]*$", before)
    if date:  # 已于2021年3月完成 (a fact) / 2021年3月底前完成 (a deadline)
        deadline = date.group(0).endswith("前")
        before = before[:date.start()]
        if deadline and not _FACT.search(before):
            return IN_PROGRESS if _NEGATION.search(before) else None
    before = before[-6:]
    if _UNFINISHED.search(before):
        return IN_PROGRESS
    stripped = _ADVERB.sub("", before)
    if stripped != before and _FACT.search(before) and not _NEGATION.search(stripped):
        return DONE  # 已全部完成 / 均按期完成
    if _NEGATION.search(stripped) or _NEGATION.search(stripped.rstrip("已全部整改")):
        return IN_PROGRESS
    if _UNFINISHED.search(stripped):
        return IN_PROGRESS
    if _FUTURE.search(stripped):
        return None
    word = match.group(0)
    if _FACT.search(stripped) or word.startswith(("已", "整改")) or "整改" in word or word in ("办结", "销号"):
        return DONE
    return None


def phrase_status(text: str) -> str | None:
    """The status a wording states, wherever it stands: done beats long-term (已完成并长期坚持), an
    unfinished or negated completion (基本完成 / 尚未完成) is in progress, long-term beats in progress."""
    found: set[str] = set()
    for match in _DONE_CORE.finditer(text):
        reading = _done_reading(text, match)
        if reading:
            found.add(reading)
    if _PROGRESS.search(text):
        found.add(IN_PROGRESS)
    if _LONG.search(text):
        found.add(LONG_TERM)
    if IN_PROGRESS in found and DONE in found:
        return IN_PROGRESS if _negated_or_unfinished(text) else DONE
    for status in (DONE, LONG_TERM, IN_PROGRESS):
        if status in found:
            return status
    return None


def _negated_or_unfinished(text: str) -> bool:
    return any(_done_reading(text, m) == IN_PROGRESS for m in _DONE_CORE.finditer(text))


def _residue(text: str) -> str:
    """The clause without its status wording and the subject/time words around it."""
    for pattern in (_DONE_CORE, _PROGRESS, _LONG):
        text = pattern.sub("", text)
    text = re.sub(r"(?:尚未|仍未|还未|暂未|未能|并未|没有|未|基本|部分|需要?|并|且)", "", text)
    return _FILLER.sub("", text)


def statement_status(clause: str) -> str | None:
    """The status a clause states when the clause is only a status statement
    (``目前，该问题已整改到位`` yes; ``已完成3个堆点的整改`` no)."""
    status = phrase_status(clause)
    if status and len(_residue(clause)) <= MAX_RESIDUE:
        return status
    return None


def clauses(text: str) -> list[str]:
    """Sentences and bracketed asides of ``text``: the places a status statement stands."""
    parts: list[str] = []
    for sentence in re.split(r"[。；;！!？?\n]", text):
        parts.extend(p for p in re.split(r"[（(【\[]|[）)】\]]", sentence) if p.strip())
    return parts


def text_status(text: str, piece: int = 0) -> list[str]:
    """The status statements in ``text``, in order: a clause that is one, or else its first (or,
    with ``piece=-1``, its last) comma-separated part (``已完成整改，建立了台账`` / ``修订了制度，已完成``)."""
    found: list[str] = []
    for part in clauses(text):
        part = re.sub(r"^[^：:，,]{1,12}[：:]", "", part.strip())  # a label such as 整改情况：
        status = statement_status(part)
        if status is None:
            one = re.split(r"[，,]", part)[piece]
            status = statement_status(one) if one.strip() else None
        if status:
            found.append(status)
    return found


# labels whose value opens with where the item stands (整改情况：已完成整改…)
_STATUS_LABEL = re.compile(r"^(整改情况|整改进展情况|整改进展|整改落实情况|整改完成情况|完成情况|进展情况|落实情况|整改状态|"
                           r"整改进度|整改结果|目前进展|当前进展|进展)\s*[:：]\s*")
_OTHER_LABEL = re.compile(r"^[^：:，,。]{2,10}[:：]")
# a clause about the item itself (该问题已整改到位) or about now (目前正在…)
_ABOUT_ITEM = re.compile(r"^(?:目前|当前|现在?|截至目前|截止目前|至此|至今)?[，,]?(?:该|此|本|这一?|上述|以上)(?:项|个|条)?(?:问题|事项|整改|任务|工作)")
_NOW_UNDERWAY = re.compile(r"^(?:目前|当前|现在?|截至目前|截止目前)[，,]?(?:仍|还|尚)?(?:正在|在|未|没有)")


def _first_sentence(text: str) -> str:
    return re.split(r"[。；;！!\n]", text, maxsplit=1)[0]


def item_statements(lines: list[str]) -> list[str]:
    """The statuses an item's own lines state where a status is stated: at the start of a status
    label's value or of the item's first line (整改情况：已完成整改), in its last sentence (目前，该
    问题已整改到位。), in any sentence about the item itself or about now (该项整改已完成 / 目前正在推进).
    Elsewhere the same words describe the work (长期坚持开展学习), not where the item stands."""
    found: list[str] = []
    for index, line in enumerate(lines):
        label = _STATUS_LABEL.match(line)
        if label or (index == 0 and not _OTHER_LABEL.match(line)):
            found.extend(_placed_status(_first_sentence(line[label.end():] if label else line)))
        if index == len(lines) - 1:
            last = [s for s in re.split(r"[。；;！!]", line) if s.strip()]
            if last:
                found.extend(_placed_status(last[-1], -1))
        for part in clauses(line):
            if _ABOUT_ITEM.match(part.strip()):
                found.extend(text_status(part))
    return found


def _placed_status(sentence: str, piece: int = 0) -> list[str]:
    """The status of a sentence standing where statuses stand (first or last): a status statement,
    or a sentence that says what is under way now (目前正在开展…)."""
    if _NOW_UNDERWAY.match(sentence.strip()):
        return [phrase_status(sentence) or IN_PROGRESS]
    return text_status(sentence, piece)


_GROUP = re.compile(r"^(?P<lead>.{0,24}?)(?:的)?(?:整改)?(?:问题|事项|任务|整改事项|整改任务)")


def group_status(heading: str) -> str | None:
    """A heading that gathers items by status (已完成整改的问题 / 正在推进的整改事项 / 需要长期坚持的
    问题 / 尚未完成整改事项的说明), else None. Section titles such as 整改完成情况 are not groups."""
    text = re.sub(r"[（(][^）)]*\d[^）)]*[）)]", "", heading).strip("：:。 ")
    if len(text) > 30:
        return None
    m = _GROUP.match(text)
    if not m or not m.group("lead") or re.search(r"不(?:到位|够|力|严|实|规范|及时|明显|足)", m.group("lead")):
        return None
    lead = m.group("lead")
    return phrase_status(lead) if len(_residue(lead)) <= MAX_GROUP_RESIDUE else None


def deadline_status(value: str) -> str | None:
    """A deadline states a status only when it says the task is permanent (立行立改，长期坚持) or done."""
    status = phrase_status(value)
    if status == LONG_TERM:
        return status
    if status == DONE and re.search(r"已(?:经)?(?:全部)?(?:完成|整改|办结)", value):
        return status
    return None
