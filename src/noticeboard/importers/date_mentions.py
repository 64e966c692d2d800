"""Dates a notice's text mentions (2021年07月05日, 12月9日): found, read, and given the years
the text leaves out. (The build date and dates as pages show them are :mod:`noticeboard.dates`.)

Texts leave out years: "2020年12月7日至1月8日" ends in 2021; "2月24日，巡视组反馈…" takes the
year of the date before it, rolled forward a year when it would otherwise go backwards.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DATE_RE = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]")
FULL_DATE_RE = re.compile(r"^\s*(?P<year>\d{4})\s*[年.\-/]\s*(?P<month>\d{1,2})\s*[月.\-/]\s*(?P<day>\d{1,2})\s*日?\s*$")
# a date written anywhere in a line, numeric or Chinese, with an optional clock time after it
# ("2021-02-23 12:42:06", "2021/2/23", "2021年02月23日 12:42")
ANY_DATE_RE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*(?:[年.\-/－]\s*(?P<month>\d{1,2})\s*[月.\-/－]\s*(?P<day>\d{1,2})\s*[日号]?)"
                         r"(?:\s*(?P<clock>\d{1,2}[:：]\d{2}(?:[:：]\d{2})?))?(?!\d)")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE_RE = re.compile(r"^\s*(?P<year>[〇○零ＯO一二三四五六七八九]{4})\s*年\s*(?P<month>[一二三四五六七八九十]{1,3})\s*月"
                         r"\s*(?P<day>[一二三四五六七八九十]{1,3})\s*日\s*$")


@dataclass(frozen=True)
class DateMention:
    """A date written in the text; ``year`` is None when the text leaves it out."""

    start: int
    end: int
    year: int | None
    month: int
    day: int


# a date in running text written in Chinese numerals (二〇二二年三月七日, 三月七日) or with a full
# numeric year (2022.3.7, 2022-03-07, 2022/3/7)
_CN_MENTION_RE = re.compile(r"(?:(?P<year>[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*)?(?P<month>十[一二]?|[一二三四五六七八九])\s*月"
                            r"\s*(?P<day>[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])\s*[日号]")
_NUMERIC_MENTION_RE = re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d{2})\s*(?P<sep>[.\-/－])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<day>\d{1,2})(?![\d.])")


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text``, in order: 2021年7月5日 and 7月5日, 二〇二一年七月五日 and 七月五日,
    2021.7.5 / 2021-07-05 / 2021/7/5 (invalid month/day numbers skipped)."""
    found: list[DateMention] = []
    for m in DATE_RE.finditer(text):
        found.append(DateMention(m.start(), m.end(), int(m["year"]) if m["year"] else None, int(m["month"]), int(m["day"])))
    for m in _CN_MENTION_RE.finditer(text):
        year = int("".join(str(_CN_DIGITS[c]) for c in m["year"])) if m["year"] else None
        found.append(DateMention(m.start(), m.end(), year, _cn_number(m["month"]), _cn_number(m["day"])))
    for m in _NUMERIC_MENTION_RE.finditer(text):
        found.append(DateMention(m.start(), m.end(), int(m["year"]), int(m["month"]), int(m["day"])))
    found.sort(key=lambda mention: mention.start)
    return [mention for mention in found if 1 <= mention.month <= 12 and 1 <= mention.day <= 31]


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve(mentions: list[DateMention], base_year: int | None = None) -> list[dt.date | None]:
    """Give every mention a full date, inferring left-out years from the mention before it.

    A mention without a year takes the year of the previous resolved date (or ``base_year``)
    and moves to the next year if it would fall before that date. None when no year is known.
    """
    result: list[dt.date | None] = []
    previous: dt.date | None = None
    for mention in mentions:
        if mention.year is not None:
            value = make_date(mention.year, mention.month, mention.day)
        else:
            year = previous.year if previous else base_year
            value = make_date(year, mention.month, mention.day) if year else None
            if value and previous and value < previous:
                value = make_date(year + 1, mention.month, mention.day)
        result.append(value)
        if value:
            previous = value
    return result


def parse_date_line(line: str) -> dt.date | None:
    """A line that is only a date: ``2021年07月05日``, ``2021-07-05``, ``2021.7.5``, ``二〇二一年七月五日``."""
    m = FULL_DATE_RE.match(line)
    if m:
        return make_date(int(m["year"]), int(m["month"]), int(m["day"]))
    m = _CN_DATE_RE.match(line)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m["year"]))
        return make_date(year, _cn_number(m["month"]), _cn_number(m["day"]))
    return None


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def first_date(text: str) -> dt.date | None:
    """The first valid date written in ``text`` with its year (numeric or Chinese digits)."""
    for m in ANY_DATE_RE.finditer(text):
        date = make_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if date:
            return date
    return None
