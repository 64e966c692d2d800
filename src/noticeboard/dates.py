"""Dates as shown on pages, and 'today' for a build (pinned by SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """The build date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds, tests), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def zh_date(value: dt.date | None) -> str:
    """``2021-07-05`` → ``2021年7月5日``."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def zh_period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{zh_date(start)}至{zh_date(end)}"
    return zh_date(start or end)
