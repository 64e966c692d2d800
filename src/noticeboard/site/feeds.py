"""RSS 2.0 and Atom feeds (:mod:`.feed_xml`) for the whole site and for each issuer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from html import escape
from pathlib import Path


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
from . import feed_xml
from .feed_xml import Channel, Item
from .keep import Keep

FEED_SIZE = 50


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
    return content_key("feed", code_key(), title, site.absolute(urls.feed("xml", page)), site.absolute(page), language,
                       _newest(entries).isoformat(), *keys)


def _item(entry: Entry, site: Urls) -> Item:
    """A notice as each feed that lists it shows it (its home feed, its issuer's, its
    inspection's): made once per notice, not once per feed."""
    n = entry.notice
    note = withdrawn_note(n)
    # Plain text (the words of the summary, no markup, no URLs), escaped: feed readers read
    # <description> and an html <summary> as HTML, and so show exactly this text
    return Item(site.absolute(entry.page), f"【{WITHDRAWN}】{n.title}" if note else n.title, _midnight(n.published),
                _midnight(n.updated or n.published), entry.issuer.name, n.kind.value, KIND_LABELS[n.kind],
                escape(_description(n, to_plain(n.summary) or n.title)))


def _channel(title: str, site: Urls, page: str, entries: list[Entry], language: str, item: Callable[[Entry], Item]) -> Channel:
    """The feed that follows ``page``, its newest :data:`FEED_SIZE` notices; ``item``: each
    notice's :class:`Item`."""
    # the description is read as HTML by feed readers, like an item's
    return Channel(title, site.absolute(page), escape(title), language, _midnight(_newest(entries)),
                   [item(e) for e in entries[:FEED_SIZE]])


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
    shown: dict[str, Item] = {}

    def item(entry: Entry) -> Item:
        made = shown.get(entry.page)
        if made is None:
            made = shown[entry.page] = _item(entry, site)
        return made

    for page, title, items in targets:
        rss, atom = urls.feed("xml", page), urls.feed("atom", page)
        written += [rss, atom]
        key = _key(title, site, page, items, language, keep.notices) if keep is not None else None
        if key is not None and keep.take([rss, atom], key):
            continue
        channel = _channel(title, site, page, items, language, item)
        (site_dir / rss).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / rss).write_bytes(feed_xml.rss(channel, site.absolute(rss)))
        (site_dir / atom).write_bytes(feed_xml.atom(channel, site.absolute(atom)))
    return written
