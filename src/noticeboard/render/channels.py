"""Channels open now: the notices whose public channel is open on the build date, soonest closing
first, with the ways to reach the issuer right there (the page ``open/`` and a home-page block).

A channel is open while its notice's ``contact.until`` has not passed (the day itself included).
A contact without ``until`` is not listed: "open now" is a claim about the present, and a notice
that states no closing date does not make it (an old notice's number would be offered as if it
were still taking comments). Its contact card stays on its own page. A withdrawn notice's channel
is not offered either. The page is as true as the last build: a daily build keeps it so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import zh_date
from ..model import Contact, Status
from ..entry import Entry
from ..urls import OPEN, Urls
from .environment import render

HOME_LIMIT = 5  # channels the home-page block lists before its link to the whole page


def _reachable(contact: Contact) -> bool:
    return bool(contact.phones or contact.emails or contact.address)


def open_channels(entries: list[Entry], today: dt.date) -> list[Entry]:
    """The entries whose channel is open on ``today``, soonest closing first (then newest)."""
    found = [e for e in entries
             if e.notice.status is not Status.withdrawn and (c := e.notice.contact) is not None
             and c.until is not None and not c.closed_on(today) and _reachable(c)]
    found.sort(key=lambda e: (e.notice.contact.until, -e.notice.published.toordinal(), e.slug))
    return found


@dataclass(frozen=True)
class Card:
    """One open channel, with links relative to the page it is listed on."""

    title: str
    href: str
    issuer: str
    until: dt.date
    days_left: int
    contact: Contact


def _cards(entries: list[Entry], today: dt.date, here: str, site: Urls) -> list[Card]:
    return [Card(e.notice.title, site.href(here, e.page), e.issuer.name, e.notice.contact.until,
                 (e.notice.contact.until - today).days, e.notice.contact) for e in entries]


def _render(template: str, entries: list[Entry], today: dt.date, here: str, site: Urls, **extra: object) -> str:
    return render(template, cards=_cards(entries, today, here, site), total=len(entries), today=today,
                  zh_date=zh_date, **extra)


def open_page(entries: list[Entry], today: dt.date, site: Urls) -> str:
    """The Markdown of the page ``open/``: every open channel of ``entries`` on ``today``."""
    return _render("open.md.j2", open_channels(entries, today), today, OPEN, site)


def open_block(entries: list[Entry], today: dt.date, here: str, site: Urls, limit: int = HOME_LIMIT) -> str:
    """The home page's block (on the page ``here``): the ``limit`` soonest closing, and a link to all."""
    channels = open_channels(entries, today)
    return _render("_channels_block.md.j2", channels[:limit], today, here, site, total_open=len(channels),
                   page=site.href(here, OPEN))
