"""Listing pages: latest notices, the archive by year, per issuer, per kind; paginated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import ceil

from .. import urls
from ..dates import zh_date
from ..labels import KIND_LABELS, STATUS_LABELS
from ..model import Status
from ..entry import Entry
from .environment import render
from .notice import relative_root
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


def rows(entries: list[Entry], url: str) -> list[Row]:
    root = relative_root(url)
    out = []
    for e in entries:
        n = e.notice
        out.append(Row(
            zh_date(n.published), n.published.isoformat(), n.title,
            f"{root}{e.url}", e.issuer.name, f"{root}issuers/{e.issuer.slug}/",
            KIND_LABELS[n.kind], progress_text(n.tally()), withdrawn_reason(n),
            n.status is Status.scheduled,
        ))
    return out


def page_url(base: str, number: int) -> str:
    """Stable URLs: page 1 is the base (``archive/2021/``), then ``archive/2021/page/2/``."""
    return base if number == 1 else f"{base}page/{number}/"


def paginated(title: str, base: str, entries: list[Entry], intro: str = "", links: list[Link] | None = None) -> dict[str, str]:
    """``{page path: markdown}`` for every page of a listing; ``links`` (to page or file paths,
    :mod:`noticeboard.urls`) are shown above the list on each page, relative to it."""
    pages = max(1, ceil(len(entries) / PAGE_SIZE))
    out = {}
    for number in range(1, pages + 1):
        url = page_url(base, number)
        chunk = entries[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        pager = [Link(str(i), urls.href(url, page_url(base, i)), current=i == number) for i in range(1, pages + 1)] if pages > 1 else []
        out[url] = render(
            "listing.md.j2", withdrawn_label=WITHDRAWN, scheduled_label=SCHEDULED, title=title, intro=intro,
            links=[replace(link, href=urls.href(url, link.href)) for link in links or []], rows=rows(chunk, url),
            total=len(entries), number=number, pages=pages, pager=pager,
            prev=urls.href(url, page_url(base, number - 1)) if number > 1 else None,
            next=urls.href(url, page_url(base, number + 1)) if number < pages else None,
        )
    return out


def index_page(title: str, intro: str, links: list[Link]) -> str:
    return render("index.md.j2", title=title, intro=intro, links=links)


def latest(entries: list[Entry], url: str, limit: int = 10) -> str:
    """The home page's block of latest notices (HTML, links relative to ``url``)."""
    return render("latest.md.j2", withdrawn_label=WITHDRAWN, scheduled_label=SCHEDULED, rows=rows(entries[:limit], url), root=relative_root(url), total=len(entries))
