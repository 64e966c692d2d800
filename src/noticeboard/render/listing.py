"""Listing pages: latest notices, the archive by year, per issuer, per kind; paginated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from math import ceil

from .. import urls
from ..urls import Urls
from ..dates import zh_date
from ..labels import KIND_LABELS, STATUS_LABELS
from ..model import Status
from ..entry import Entry
from ..site.memo import Memo, memo_call
from .environment import render
from .progress import progress_text
from .withdrawal import WITHDRAWN, withdrawn_reason

PAGE_SIZE = 50
SCHEDULED = STATUS_LABELS[Status.scheduled]


@dataclass(frozen=True)
class Row:
    """One line of a listing, with links relative to the listing page."""

    date: str
    iso_date: str
    title: str
    href: str
    issuer: str
    issuer_href: str
    kind: str
    progress: str | None  # in words, from Notice.tally()
    withdrawn: str | None  # the reason, for a withdrawn notice
    scheduled: bool  # a scheduled notice before its date (only a preview lists it)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    count: int | None = None
    current: bool = False


def rows(entries: list[Entry], here: str, site: Urls) -> list[Row]:
    """The listing lines of ``entries`` on the page ``here``."""
    out = []
    for e in entries:
        n = e.notice
        out.append(Row(
            zh_date(n.published), n.published.isoformat(), n.title,
            site.href(here, e.page), e.issuer.name, site.href(here, urls.issuer(e.issuer.slug)),
            KIND_LABELS[n.kind], progress_text(n.tally()), withdrawn_reason(n),
            n.status is Status.scheduled,
        ))
    return out


def paginated(title: str, first: str, entries: list[Entry], site: Urls, intro: str = "",
              links: list[Link] | None = None, memo: Memo | None = None) -> dict[str, str]:
    """``{page: markdown}`` for every page of a listing whose first page is ``first`` (then
    :func:`noticeboard.urls.listing_page`); ``links`` (to pages or files) are shown above the
    list on each page, relative to it. With a ``memo`` (serve), a page whose notices and place
    are as last time is not made again."""
    pages = max(1, ceil(len(entries) / PAGE_SIZE))
    links = tuple(links or ())
    out = {}
    for number in range(1, pages + 1):
        chunk = entries[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        place = (title, first, site, intro, links, number, pages, len(entries))
        out[urls.listing_page(first, number)] = memo_call(memo, "listing", chunk, place, partial(_listing_page, chunk, *place))
    return out


def _listing_page(chunk: list[Entry], title: str, first: str, site: Urls, intro: str, links: tuple[Link, ...],
                  number: int, pages: int, total: int) -> str:
    """Page ``number`` of ``pages`` of a listing (:func:`paginated`), listing ``chunk``."""
    here = urls.listing_page(first, number)

    def to(n: int) -> str:
        return site.href(here, urls.listing_page(first, n))

    pager = [Link(str(i), to(i), current=i == number) for i in range(1, pages + 1)] if pages > 1 else []
    return render(
        "listing.md.j2", withdrawn_label=WITHDRAWN, scheduled_label=SCHEDULED, title=title, intro=intro,
        links=[replace(link, href=site.href(here, link.href)) for link in links], rows=rows(chunk, here, site),
        total=total, number=number, pages=pages, pager=pager,
        prev=to(number - 1) if number > 1 else None,
        next=to(number + 1) if number < pages else None,
    )


def index_page(title: str, intro: str, here: str, links: list[Link], site: Urls) -> str:
    """A page ``here`` of links (to pages or files) with counts: the archive's years, the issuers…"""
    return render("index.md.j2", title=title, intro=intro, links=[replace(link, href=site.href(here, link.href)) for link in links])


def latest(entries: list[Entry], here: str, site: Urls, limit: int = 10, search: bool = True) -> str:
    """The block of latest notices on the page ``here`` (the home page's); ``search``: the site
    has a search page to link."""
    return render("latest.md.j2", withdrawn_label=WITHDRAWN, scheduled_label=SCHEDULED, rows=rows(entries[:limit], here, site),
                  archive=site.href(here, urls.ARCHIVE), search=site.href(here, urls.SEARCH) if search else None, total=len(entries))
