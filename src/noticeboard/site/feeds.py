"""RSS 2.0 and Atom feeds (feedgen) for the whole site and for each issuer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from importlib.metadata import version
from pathlib import Path

from feedgen.feed import FeedGenerator

from ..labels import FIELD_LABELS, KIND_LABELS
from ..model import Notice
from .. import urls
from ..entry import Entry
from ..render.series import series_title
from ..series import Series
from ..urls import Urls
from ..render.markup import to_plain
from ..render.progress import progress_text
from ..render.withdrawal import WITHDRAWN, withdrawn_note
from .cache import code_key, content_key
from .keep import Keep

FEED_SIZE = 50
_FEEDGEN = version("feedgen")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _description(notice: Notice, text: str) -> str:
    """The summary, after the withdrawal mark and before the progress, as the pages state them."""
    progress = progress_text(notice.tally())
    parts = [withdrawn_note(notice), text, f"{FIELD_LABELS['progress']}：{progress}" if progress else None]
    return "\n".join(p for p in parts if p)


def _newest(entries: list[Entry]) -> dt.date:
    return max((e.notice.updated or e.notice.published for e in entries), default=dt.date(1970, 1, 1))


def _key(title: str, site: Urls, page: str, entries: list[Entry], language: str, notices) -> str | None:
    """What a feed is made from (its items by their notices' content keys), or None when a
    notice has no key."""
    keys = [notices.get(e.page) for e in entries[:FEED_SIZE]]
    if None in keys:
        return None
    return content_key("feed", code_key(), _FEEDGEN, title, site.absolute(urls.feed("xml", page)), site.absolute(page), language,
                       _newest(entries).isoformat(), *keys)


@dataclass(frozen=True)
class _Item:
    """A notice as each feed that lists it shows it (its home feed, its issuer's, its
    inspection's): made once per notice, not once per feed."""

    url: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    author: str
    term: str
    label: str
    summary: str

    @classmethod
    def of(cls, entry: Entry, site: Urls) -> _Item:
        n = entry.notice
        note = withdrawn_note(n)
        # Plain text (the words of the summary, no markup, no URLs), escaped: feed readers read
        # <description> and an html <summary> as HTML, and so show exactly this text
        return cls(site.absolute(entry.page), f"【{WITHDRAWN}】{n.title}" if note else n.title, _midnight(n.published),
                   _midnight(n.updated or n.published), entry.issuer.name, n.kind.value, KIND_LABELS[n.kind],
                   escape(_description(n, to_plain(n.summary) or n.title)))


def _feed(title: str, site: Urls, page: str, entries: list[Entry], language: str, item: Callable[[Entry], _Item]) -> FeedGenerator:
    """The RSS feed that follows ``page`` (its channel's <link> is that page; feedgen takes the
    last link given for it, so the page's comes last); ``item``: each notice's :class:`_Item`."""
    fg = FeedGenerator()
    fg.id(site.absolute(urls.feed("xml", page)))
    fg.title(title)
    fg.link(href=site.absolute(urls.feed("xml", page)), rel="self")
    fg.link(href=site.absolute(page), rel="alternate")
    fg.description(escape(title))  # read as HTML by feed readers, like an item's
    fg.language(language)
    newest = _newest(entries)
    fg.updated(_midnight(newest))
    fg.lastBuildDate(_midnight(newest))
    for e in reversed(entries[:FEED_SIZE]):  # feedgen prepends: add oldest first
        shown = item(e)
        entry = fg.add_entry()
        entry.id(shown.url)
        entry.guid(shown.url, permalink=True)
        entry.title(shown.title)
        entry.link(href=shown.url)
        entry.published(shown.published)
        entry.updated(shown.updated)
        entry.author(name=shown.author)
        entry.category(term=shown.term, label=shown.label)
        entry.summary(shown.summary, type="html")
    return fg


def write_feeds(entries: list[Entry], site_dir: Path, site: Urls, site_name: str, language: str = "zh",
                series: list[Series] = (), keep: Keep | None = None) -> list[str]:
    """Write ``feed.xml``/``feed.atom``, ``issuers/<slug>/feed.xml|.atom`` and, for each of
    ``series``, ``inspections/<slug>/feed.xml|.atom`` (a reader follows one inspection); return
    the paths. ``keep``: a feed made from the same notices as in the last build is taken from it."""
    targets: list[tuple[str, str, list[Entry]]] = [(urls.HOME, site_name, entries)]
    by_issuer: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_issuer[e.issuer.slug].append(e)
    targets += [(urls.issuer(slug), f"{items[0].issuer.name} — {site_name}", items) for slug, items in by_issuer.items()]
    targets += [(s.page, f"{series_title(s)} — {site_name}", s.entries[::-1]) for s in series]
    written = []
    shown: dict[str, _Item] = {}

    def item(entry: Entry) -> _Item:
        made = shown.get(entry.page)
        if made is None:
            made = shown[entry.page] = _Item.of(entry, site)
        return made

    for page, title, items in targets:
        rss, atom = urls.feed("xml", page), urls.feed("atom", page)
        written += [rss, atom]
        key = _key(title, site, page, items, language, keep.notices) if keep is not None else None
        if key is not None and keep.take([rss, atom], key):
            continue
        (site_dir / rss).parent.mkdir(parents=True, exist_ok=True)
        fg = _feed(title, site, page, items, language, item)
        fg.rss_file(str(site_dir / rss), pretty=True)
        fg.link(href=site.absolute(atom), rel="self", replace=True)
        fg.id(site.absolute(atom))
        fg.atom_file(str(site_dir / atom), pretty=True)
    return written
