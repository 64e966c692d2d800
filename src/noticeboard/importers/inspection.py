"""The inspection block (巡视/巡察: round, team, on-site dates, feedback date) from the opening paragraph.

The type is what the title says when it names one kind only, else what the text's statements
about the inspection say (the inspecting team, "对…进行了巡察", "反馈了巡视意见"); the names of
regulations (《中国共产党巡视工作条例》) and headings say nothing about it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from noticeboard.importers.date_mentions import DateMention, find_dates, make_date, resolve
from noticeboard.importers.noise import HAN
from noticeboard.importers.review import flag

NUM = r"[一二三四五六七八九十百零〇\d]+"
ROUND_RE = re.compile(r"([^\s，。、；：,“”（）()]{0,24}?第" + NUM + r"轮(?:巡视|巡察))")
TEAM_RE = re.compile(
    rf"([{HAN}]{{0,10}}?(?:第" + NUM + r"(?:巡视|巡察)组|(?:巡视|巡察)第?" + NUM + r"组(?:[、和及]" + NUM + r"组)*|(?:巡视|巡察)第?[XxＸ*＊]+组|第[XxＸ*＊]+(?:巡视|巡察)组))")
GENERIC_TEAM_RE = re.compile(rf"([{HAN}]{{0,8}}?(?:巡视|巡察)组)")
_RANGE_JOIN = re.compile(r"^\s*(至|到|—|－|-|~|～)\s*$")
MAX_MENTIONS = 12   # the dates an opening states are a handful (on site from … to …, feedback on …)
PLACEHOLDER_DATE = re.compile(r"[XxＸ*＊某]\s*月|月\s*[XxＸ*＊某]\s*日")


@dataclass
class InspectionGuess:
    data: dict = field(default_factory=dict)
    doubts: list[str] = field(default_factory=list)


_STATEMENT = re.compile(r"(巡视|巡察)(?:组|意见|反馈|工作组|整改)|(?:开展|进行|实施)了?[^。，；]{0,8}?(巡视|巡察)")


def inspection_type(title: str | None, opening: str) -> str | None:
    """巡视 or 巡察: from the title when it names one kind only, else from the opening's statements."""
    if title:
        has_xs, has_xc = "巡视" in title, "巡察" in title
        if has_xs != has_xc:
            return "巡视" if has_xs else "巡察"
    text = re.sub(r"《[^》]*》", "", opening)   # regulations' names mention 巡视 in 巡察 notices
    team = TEAM_RE.search(text)
    if team:
        return "巡视" if "巡视" in team.group(1) else "巡察"
    said = [m.group(1) or m.group(2) for m in _STATEMENT.finditer(text)]
    if not said:
        said = re.findall(r"巡视|巡察", text)
    if not said:
        return None
    if said.count("巡视") == said.count("巡察"):
        return said[0]
    return max(("巡视", "巡察"), key=said.count)


_PREFIX_CUT = re.compile(r"^.*(?:抓好|落实|根据|按照|关于|对照|针对|切实|认真|配合|接受|[年月日至于由经及和对向在据照将把])")


def _clean_team(team: str) -> str:
    """Drop words before the inspecting body: '切实抓好省局党委第一巡察组' → '省局党委第一巡察组'."""
    m = re.search(r"(第[^第]*?(?:巡视|巡察)组|(?:巡视|巡察)第?[^巡]*组)$", team)
    if not m:
        return team
    prefix = _PREFIX_CUT.sub("", team[: m.start()])
    return prefix + team[m.start():]


def _clean_round(value: str) -> str:
    value = value.split("关于")[-1]
    return re.sub(r"^(根据|按照|在|对|的|落实)+", "", value)


def guess_inspection(title: str | None, opening: str, published: dt.date | None) -> InspectionGuess:
    """``title`` is None when the text has no title line (a proposed title says nothing new)."""
    guess = InspectionGuess()
    kind = inspection_type(title, opening)
    if kind is None:
        return guess
    data = guess.data
    data["type"] = kind
    title = title or ""
    m = ROUND_RE.search(title) or ROUND_RE.search(opening)
    if m:
        data["round"] = _clean_round(m.group(1))
    m = TEAM_RE.search(title) or TEAM_RE.search(opening) or GENERIC_TEAM_RE.search(opening)
    if m:
        team = _clean_team(m.group(1))
        if len(team) >= 3 and team not in ("巡视组", "巡察组") or not data.get("team"):
            data["team"] = team
    if PLACEHOLDER_DATE.search(opening):
        guess.doubts.append(flag("inspection", "开头段落的日期是占位写法（X月、*月），请填写 start、end 和 feedback"))
    _dates(opening, published, guess)
    return guess


def _sentence_of(text: str, mention: DateMention) -> str:
    start = max(text.rfind("。", 0, mention.start), text.rfind("；", 0, mention.start)) + 1
    end = text.find("。", mention.end)
    return text[start:end if end >= 0 else len(text)]


def _dates(opening: str, published: dt.date | None, guess: InspectionGuess) -> None:
    mentions = find_dates(opening)[:MAX_MENTIONS]
    if not mentions:
        return
    base_year = None
    if mentions[0].year is None and published is not None:
        first = mentions[0]
        candidate = make_date(published.year, first.month, first.day)
        base_year = published.year if candidate and candidate <= published else published.year - 1
        guess.doubts.append(flag("inspection.start", f"开头段落的日期没有写年份，按发布日期推定为{base_year}年，请核对"))
    values = resolve(mentions, base_year)
    start_i = end_i = None
    for i in range(len(mentions) - 1):
        between = opening[mentions[i].end:mentions[i + 1].start]
        if _RANGE_JOIN.match(between):
            start_i, end_i = i, i + 1
            break
    data = guess.data
    if start_i is not None:
        data["start"], data["end"] = values[start_i], values[end_i]
    feedback_from = (end_i + 1) if end_i is not None else 0
    for i in range(feedback_from, len(mentions)):
        if "反馈" in _sentence_of(opening, mentions[i]):
            data["feedback"] = values[i]
            break
    if start_i is None:
        for i, mention in enumerate(mentions):
            sentence = _sentence_of(opening, mention)
            if ("开展" in sentence or "进行" in sentence) and "反馈" not in sentence:
                data["start"] = values[i]
                break
    for key in ("start", "end", "feedback"):
        if key in data and data[key] is None:
            del data[key]
    order = [data.get(k) for k in ("start", "end", "feedback")] + [published]
    known = [d for d in order if d is not None]
    if known != sorted(known):
        guess.doubts.append(flag("inspection", "巡视巡察的起止日期、反馈日期和发布日期先后顺序不对，请核对"))
