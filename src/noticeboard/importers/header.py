"""The head of a notice: title, publication date, document number, and the kind of notice."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from noticeboard.importers.dates import DATE_RE, make_date, parse_date_line

TITLE_END = re.compile(r"(通报|报告|方案|公示|公告|材料|情况|说明|意见|清单|总结)[。.]?$")
TITLE_WORDS = re.compile(r"(关于|整改|巡视|巡察|对照检查)")
DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$")
_PUBLISHED_LABEL = re.compile(r"(发布|发文|印发|公布)?(日期|时间)[:：]\s*")
# a web page's information bar under the title: "发布时间：2023-03-02 来源：… 浏览次数：1024"
_INFO_BAR = re.compile(r"(?:发布|发文|公布)?(?:日期|时间)[:：]\s*(?P<date>\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?)"
                       r".{0,80}?(?:来源|浏览|阅读|点击|字号|作者|编辑|责任编辑|访问)")
_NOTICE_WORDS = re.compile(r"(巡视|巡察|整改)")


@dataclass
class Header:
    title: str
    title_line: int                   # index of the (last) title line
    body_start: int                   # index of the first line after the head
    published: dt.date | None = None
    published_from: str = ""          # "head" | "signature" | ""
    doc_number: str | None = None
    dropped: list[str] = field(default_factory=list)   # non-promotional lines found before the title


def _is_title(line: str) -> bool:
    return (4 <= len(line) <= 90 and bool(TITLE_END.search(line)) and bool(TITLE_WORDS.search(line))
            and not line.startswith(("根据", "按照", "现将")))


def find_header(lines: list[str]) -> Header | None:
    """Find the title (one line, or two when it was broken), the date under it, and the body start."""
    nonempty = [i for i, line in enumerate(lines) if line.strip()][:30]
    for pos, i in enumerate(nonempty):
        line = lines[i]
        title, last = None, i
        if _is_title(line):
            title = line
        elif pos + 1 < len(nonempty) and len(line) <= 40 and not TITLE_END.search(line):
            j = nonempty[pos + 1]
            joined = line + lines[j]
            if _is_title(joined) and len(lines[j]) <= 50:
                title, last = joined, j
        if title is None:
            continue
        header = Header(title=title.rstrip("。."), title_line=last, body_start=last + 1)
        for k in nonempty[:pos]:
            if DOC_NUMBER_RE.match(lines[k]):
                header.doc_number = lines[k]
            elif len(lines[k]) > 20:
                header.dropped.append(lines[k])
        _find_published(lines, header)
        return header
    return None


def _find_published(lines: list[str], header: Header) -> None:
    following = [i for i in range(header.body_start, min(len(lines), header.body_start + 8)) if lines[i].strip()][:3]
    for i in following:
        line = _PUBLISHED_LABEL.sub("", lines[i]).strip()
        if DOC_NUMBER_RE.match(line) and header.doc_number is None:
            header.doc_number = line
            header.body_start = i + 1
            continue
        bar = _INFO_BAR.search(lines[i])
        date = parse_date_line(bar["date"] if bar else line)
        if date:
            header.published, header.published_from = date, "head"
            header.body_start = i + 1
            return
        break
    # the date under the signature, at the end of the document
    tail = [i for i, line in enumerate(lines) if line.strip()][-6:]
    for i in reversed(tail):
        date = parse_date_line(lines[i])
        if date:
            header.published, header.published_from = date, "signature"
            return


def signature_lines(lines: list[str]) -> list[str]:
    """Short lines just before a final date line (the signing organisation)."""
    nonempty = [line for line in lines if line.strip()]
    for k in range(len(nonempty) - 1, max(-1, len(nonempty) - 6), -1):
        if parse_date_line(nonempty[k]):
            return [line for line in nonempty[max(0, k - 2):k] if len(line) <= 30 and not re.search(r"[。：:，,；]", line)]
    return []


def strip_signature(lines: list[str]) -> list[str]:
    """The body without a closing signature: the final date line and the signing organisation's
    short lines right before it (they belong to the notice's metadata, not to its last section)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    if not end or not parse_date_line(lines[end - 1]):
        return lines
    start = end - 1
    while start > 0 and end - start <= 3 and len(lines[start - 1]) <= 30 and not re.search(r"[。：:，,；;]", lines[start - 1]) \
            and re.search(r"(党组|党委|委员会|机关|办公室|局|厅|部|院|会|组|中心|政府|公司|集团|学校|大学)$", lines[start - 1].strip()):
        start -= 1
    return lines[:start]


def kind_of(title: str, text: str) -> tuple[str, str | None]:
    """The notice kind from the title's wording; returns (kind, doubt or None).

    整改方案 → plan; 对照检查(材料) → review; 公示 → publicity; …通报 (整改进展情况/整改落实情况/
    整改情况的通报) → progress; …报告 → report.
    """
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
        return "publicity", "no kind word in the title; 予以公示 in the text"
    return "progress", "no kind word (通报/报告/方案/公示/对照检查) in the title; progress assumed"


def looks_like_notice(text: str) -> bool:
    return bool(_NOTICE_WORDS.search(text))


def year_hint(text: str) -> int | None:
    """The first four-digit year written in a Chinese date in ``text``."""
    for m in DATE_RE.finditer(text):
        if m["year"] and make_date(int(m["year"]), 1, 1):
            return int(m["year"])
    return None
