"""The head of a notice: title, publication date, document number, and the kind of notice.

The head is what comes before the first paragraph or numbered heading of the body. The title is
a line of it that reads like a title (…关于…的通报); a numbered heading (一、/（一）/1.) never is,
and never ends the search by being taken for one. A text pasted without its title line gets a
title proposed from its own wording (现将巡察整改进展情况予以公布 → …关于巡察整改进展情况的通报),
flagged for review. Short lines before the title (site names, column names) are left out and
named in a flag.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from noticeboard.importers.date_mentions import ANY_DATE_RE, DATE_RE, make_date, parse_date_line
from noticeboard.importers.issuer import is_org_name
from noticeboard.importers.review import flag, quote
from noticeboard.importers.sections import heading_level

TITLE_END = re.compile(r"(通报|报告|方案|公示|公告|通告|材料|情况|说明|意见|清单|总结|汇报)(?:[（(][^）)]{1,12}[）)])?[。.]?$")
TITLE_WORDS = re.compile(r"(关于|整改|巡视|巡察|对照检查)")
DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$")
_PUBLISHED_LABEL = re.compile(r"^(发布|发文|印发|公布)?(日期|时间)[:：]\s*")
_NOTICE_WORDS = re.compile(r"(巡视|巡察|整改)")
_OPENING_WORDS = ("根据", "按照", "现将", "为了", "为深入", "为切实", "为认真", "遵照", "依据", "依照", "近日", "日前")
_SENTENCE = re.compile(r"[。！？!?；;]")
HEAD_LINES = 40
TITLE_WITH_DATE = 160   # a title (at most 90) and its date and time: a longer line is body text
MAX_FRONT = 5


@dataclass
class Header:
    title: str | None                 # the title as written; None when the text has no title line
    body_start: int                   # index of the first line of the body
    published: dt.date | None = None
    published_from: str = ""          # "head" | "page" | "signature" | ""
    doc_number: str | None = None
    byline: str | None = None         # the organisation named on its own line under the title
    dropped: list[str] = field(default_factory=list)   # lines before the body that are not the notice's
    doubts: list[str] = field(default_factory=list)


def _is_title(line: str) -> bool:
    return (4 <= len(line) <= 90 and bool(TITLE_END.search(line)) and bool(TITLE_WORDS.search(line))
            and not line.startswith(_OPENING_WORDS) and heading_level(line) is None)


def is_body_line(line: str) -> bool:
    """A line that can only belong to the body: a sentence, a paragraph, a numbered heading, a salutation."""
    text = line.strip()
    return (heading_level(text) is not None or bool(_SENTENCE.search(text)) or len(text) > 90
            or ("，" in text and len(text) > 30) or (text.startswith(_OPENING_WORDS) and len(text) > 30)
            or text.endswith(("：", ":")))


# a browser tab's title copied with the site's name: "…的通报_XX市人民政府网", "…的通报 - XX局"
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s?|[-—–]{2})\s*[^_|｜\-—–]{2,30}$")


def _undecorated(line: str) -> str:
    """``line`` without the symbols a page sets around a heading (★…, ◆…◆, ■): Unicode's 'other
    symbols', which no title is written with."""
    start, end = 0, len(line)
    while start < end and (unicodedata.category(line[start]) == "So" or line[start].isspace()):
        start += 1
    while end > start and (unicodedata.category(line[end - 1]) == "So" or line[end - 1].isspace()):
        end -= 1
    return line[start:end]


def _title_line(line: str) -> str:
    """``line`` without a site name appended to a title, nor the symbols set around it."""
    line = _undecorated(line)
    m = _SITE_SUFFIX.search(line)
    return line[: m.start()] if m and _is_title(line[: m.start()]) else line


def _dated_title(line: str) -> tuple[str, dt.date] | None:
    """(title, date) for a title line that ends with its date."""
    if len(line) > TITLE_WITH_DATE:
        return None
    for m in ANY_DATE_RE.finditer(line):
        rest = line[m.end():].strip(" ）)】]")
        title = line[: m.start()].rstrip(" （(【[|丨-—")
        if not rest and _is_title(title):
            date = make_date(int(m["year"]), int(m["month"]), int(m["day"]))
            return (title, date) if date else None
    return None


def _date_line(line: str) -> dt.date | None:
    """A line that is only a date, possibly labelled or in brackets: （2021年7月5日）, 日期：2021-07-05."""
    return parse_date_line(_PUBLISHED_LABEL.sub("", line.strip().strip("（）()【】[] ")))


LOOK_AHEAD = 5
SHORT_LINE = 60


def _before_a_title(line: str, following: list[str]) -> bool:
    """Whether a short sentence-like line stands above the title (a line of the page it was copied
    from): no numbered heading and no opening of a notice, and a title within the next few short lines."""
    if len(line) > SHORT_LINE or heading_level(line) is not None or line.startswith(_OPENING_WORDS) or line.endswith(("：", ":")):
        return False
    for text in following:
        if _is_title(_title_line(text)):
            return True
        if len(text) > SHORT_LINE or text.startswith(_OPENING_WORDS) or heading_level(text) is not None:
            return False
    return False


def _three_line_title(line: str, following: list[str]) -> str | None:
    """A title set on three lines (the organisation / 关于… / …的通报), as 公文 titles are broken:
    the three short lines read as a title together, and neither of the first two does on its own."""
    if len(following) < 2 or not is_org_name(line):
        return None
    parts = [line, *following]
    if any(len(part) > 40 or is_body_line(part) or heading_level(part) is not None for part in parts):
        return None
    joined = "".join(parts)
    if TITLE_END.search(line) or TITLE_END.search(following[0]) or "关于" not in joined:
        return None
    return joined if _is_title(joined) else None


def find_header(lines: list[str], page_date: dt.date | None = None) -> Header:
    """The title (one line, or two or three when it was broken), the dates and number in the head, and where
    the body starts. The publication date is the one written in the head, else the page's bar
    (``page_date``), else the date under the closing signature."""
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    header = Header(title=None, body_start=len(lines))
    front: list[int] = []
    skip = -1
    for pos, i in enumerate(nonempty[:HEAD_LINES]):
        if i <= skip:
            continue
        line = _title_line(lines[i].strip())
        dated = _dated_title(line)
        if dated and header.title is None:   # "…的通报 2021-07-05": the title and its date on one line
            line, date = dated
            if header.published is None:
                header.published, header.published_from = date, "head"
        date = _date_line(line)
        if date:
            if header.published is None:
                header.published, header.published_from = date, "head"
            header.body_start = i + 1
            continue
        if DOC_NUMBER_RE.match(line):
            header.doc_number = header.doc_number or line
            header.body_start = i + 1
            continue
        if header.title is not None and line == header.title:   # the page repeats its title
            header.body_start = i + 1
            continue
        if header.title is not None and header.byline is None and is_org_name(line) and i - header.body_start <= 1:
            header.byline, header.body_start = line, i + 1
            continue
        if header.title is None and is_body_line(line) and _before_a_title(line, [lines[j].strip() for j in nonempty[pos + 1:pos + 1 + LOOK_AHEAD]]):
            front.append(i)   # a short line of the page above the title (欢迎访问…！, a notice of the site's own)
            header.body_start = i + 1
            continue
        if header.title is not None or is_body_line(line):
            header.body_start = i
            break
        following = lines[nonempty[pos + 1]].strip() if pos + 1 < len(nonempty) else ""
        if _is_title(line):
            header.title, header.body_start = line, i + 1
            if following.startswith("的") and len(following) <= 12 and TITLE_END.search(following):
                header.title, header.body_start, skip = line + following, nonempty[pos + 1] + 1, nonempty[pos + 1]
        elif (following and len(line) <= 40 and not TITLE_END.search(line) and len(following) <= 50
              and not is_body_line(following) and _is_title(line + following)
              and ("关于" in line or not _is_title(following) or is_org_name(line) and following.startswith("关于"))):
            header.title, header.body_start, skip = line + following, nonempty[pos + 1] + 1, nonempty[pos + 1]
        elif three := _three_line_title(line, [lines[j].strip() for j in nonempty[pos + 1:pos + 3]]):
            header.title, header.body_start, skip = three, nonempty[pos + 2] + 1, nonempty[pos + 2]
        else:
            front.append(i)
            header.body_start = i + 1
    if header.title is None and len(front) > MAX_FRONT:
        header.body_start, front = front[0], []   # many short lines and no title: they are the body
    if header.title is None:
        named = [i for i in front if _NOTICE_WORDS.search(lines[i]) and len(lines[i].strip()) >= 8]
        if named:
            header.title = lines[named[0]].strip()
            header.doubts.append(flag("title", f"原文没有明确的标题行，取开头的{quote(header.title)}作为标题，请核对"))
            front = [i for i in front if i != named[0]]
    if header.title:
        header.title = header.title.rstrip("。.")
    header.dropped = [lines[i].strip() for i in front]
    if header.published is None and page_date is not None:
        header.published, header.published_from = page_date, "page"
    if header.published is None:
        for i in reversed(nonempty[-6:]):  # the date under the signature, at the end of the document
            signed = signed_date(lines[i])
            date = signed[1] if signed else None
            if date:
                header.published, header.published_from = date, "signature"
                break
    return header


def second_title(lines: list[str], body_start: int) -> str | None:
    """The title of another notice pasted after this one in the same text: a title-shaped line of
    the body (…关于…的通报) that comes right after a signed date (the end of a notice) or right
    before an opening sentence (根据…, 按照…), with more body after it; None when there is none."""
    body = [line.strip() for line in lines[body_start:] if line.strip()]
    for k, line in enumerate(body[1:-1], start=1):
        if not (_is_title(line) and "关于" in line):
            continue
        if signed_date(body[k - 1]) or (body[k + 1].startswith(_OPENING_WORDS) and is_body_line(body[k + 1])):
            return line
    return None


_ANNOUNCE = re.compile(r"现将(?P<object>[^，。；：:]{2,40}?)(?P<verb>予以公布|予以公示|予以通报|公布如下|通报如下|公示如下|报告如下|汇报如下)")


def propose_title(text: str, issuer: str | None, inspection_type: str | None) -> str:
    """A title for a text that has none, made from its own announcement ("现将…予以公布"):
    ``<issuer>关于<巡察整改进展情况>的通报``."""
    m = _ANNOUNCE.search(text)
    kind_word = "通报"
    subject = f"{inspection_type or ''}整改情况"
    if m:
        subject = re.sub(r"^(我[局委办院厅部]|本[局委办院单位]+|有关|相关)", "", m["object"]) or subject
        if not _NOTICE_WORDS.search(subject):
            subject = f"{inspection_type or ''}整改{subject}" if subject.endswith("情况") else subject
        if subject.startswith("整改") and inspection_type:
            subject = inspection_type + subject
        kind_word = "公示" if "公示" in m["verb"] else "报告" if ("报告" in m["verb"] or "汇报" in m["verb"]) else "通报"
    return f"{issuer or ''}关于{subject}的{kind_word}"


def signed_date(line: str) -> tuple[str | None, dt.date] | None:
    """(organisation or None, date) for a closing line: a date alone, or the signing
    organisation and the date on one line (中共XX局党组　2021年7月5日)."""
    date = parse_date_line(line)
    if date:
        return None, date
    m = re.match(r"^(?P<org>\S.{1,38}?)\s*(?P<date>(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.+日|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})\s*$", line.strip())
    if m and is_org_name(m["org"].strip()):
        date = parse_date_line(m["date"])
        if date:
            return m["org"].strip(), date
    return None


def signature_lines(lines: list[str]) -> list[str]:
    """Short lines just before a final date line (the signing organisation), or the organisation
    written on the date's line."""
    nonempty = [line for line in lines if line.strip()]
    for k in range(len(nonempty) - 1, max(-1, len(nonempty) - 6), -1):
        signed = signed_date(nonempty[k])
        if signed:
            before = [line for line in nonempty[max(0, k - 2):k] if len(line) <= 30 and not re.search(r"[。：:，,；]", line)]
            return before + [signed[0]] if signed[0] else before
    return []


_CLOSING_FORMULA = re.compile(r"^\s*特此(?:通报|报告|公告|公示|通告|说明|函告|告知)\s*[。.！!]?\s*$")


# a signature dated by its month only (2023年9月, 二〇二三年九月): no publication date, but the end of the text
_MONTH_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*$")


def strip_signature(lines: list[str]) -> list[str]:
    """The body without a closing signature: the final date line (or a line of its month alone)
    and the signing organisation's short lines right before it (they belong to the notice's
    metadata, not to its last section), and the closing formula above them (特此通报。), which is no part of the last item or section."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    if not end or not (signed_date(lines[end - 1]) or _MONTH_LINE.match(lines[end - 1])):
        return [line for k, line in enumerate(lines) if not (_CLOSING_FORMULA.match(line) and k >= end - 1)]
    start = end - 1
    while start > 0 and end - start <= 3 and len(lines[start - 1]) <= 30 and not re.search(r"[。：:，,；;]", lines[start - 1]) \
            and re.search(r"(党组|党委|委员会|机关|办公室|局|厅|部|院|会|组|中心|政府|公司|集团|学校|大学)$", lines[start - 1].strip()):
        start -= 1
    while start and (_CLOSING_FORMULA.match(lines[start - 1]) or not lines[start - 1].strip()):
        start -= 1
    return lines[:start]


def kind_of(title: str, text: str) -> tuple[str, str | None]:
    """The notice kind from the title's wording; returns (kind, doubt or None).

    整改方案 → plan; 对照检查(材料) → review; 公示 → publicity; …通报 (整改进展情况/整改落实情况/
    整改情况的通报) → progress; …报告 → report. A closing bracket (（第一阶段）) is not the kind.
    """
    title = re.sub(r"[（(][^）)]{1,12}[）)]$", "", title)
    if "对照检查" in title or "检视剖析" in title:
        return "review", None
    if "方案" in title:
        return "plan", None
    if "公示" in title:
        return "publicity", None
    if title.endswith("通报") or "通报" in title[-6:]:
        return "progress", None
    if title.endswith("报告") or "报告" in title[-6:]:
        return "report", None
    if "予以公示" in text:
        return "publicity", "标题中没有“通报、报告、方案、公示”等字样，正文有“予以公示”，暂定为 publicity（整改情况公示），请核对"
    return "progress", "标题中没有“通报、报告、方案、公示、对照检查”等字样，暂定为 progress（整改进展情况通报），请核对"


def looks_like_notice(text: str) -> bool:
    return bool(_NOTICE_WORDS.search(text))


def year_hint(text: str) -> int | None:
    """The first four-digit year written in a Chinese date in ``text``."""
    for m in DATE_RE.finditer(text):
        if m["year"] and make_date(int(m["year"]), 1, 1):
            return int(m["year"])
    return None
