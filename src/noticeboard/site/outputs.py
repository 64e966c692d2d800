"""Files written beside the pages: feeds, open data and the search index."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..entry import Entry
from ..search import build_index, search_doc
from ..search.update import stream_index, update_index
from .cache import Store
from ..series import group
from .feeds import write_feeds
from .inspections import write_series_data
from .keep import Keep
from .opendata import write_opendata
from .stats import write_stats
from ..urls import SEARCH_INDEX, Urls


def write_data(entries: list[Entry], site_dir: Path, site: Urls, site_name: str, *, each: bool = True, keep: Keep | None = None) -> str:
    """Feeds and open data for ``entries``, their inspection series and the archive's figures;
    return a short summary. ``each=False``: not each notice's own JSON file (see
    :func:`noticeboard.site.opendata.write_opendata`). ``keep``: the feeds made from the same
    notices as in the last build are taken from it (:mod:`.keep`)."""
    series, _ = group(entries)
    feeds = write_feeds(entries, site_dir, site, site_name, series=series, keep=keep)
    data = write_opendata(entries, site_dir, site, series, each=each, keep=keep) + write_series_data(series, site_dir, site, keep)
    data += write_stats(entries, site_dir, site)
    return f"{len(feeds)} feeds, {data} JSON files"


def write_search_index(entries: list[Entry], site_dir: Path, site: Urls) -> str:
    """The search index of ``entries`` in ``site_dir/search/``; return a short summary."""
    stats = build_index([search_doc(e, site) for e in entries], site_dir / SEARCH_INDEX)
    return f"search index of {stats.docs} notices in {stats.files} files"


def search_line(entry: Entry, site: Urls) -> str:
    """The search document of ``entry`` (full, not lean) as one JSON line of the file
    :func:`search_index_from` reads."""
    return json.dumps(asdict(search_doc(entry, site)), ensure_ascii=False) + "\n"


def write_search_docs(entries: list[Entry], path: Path, site: Urls) -> None:
    """The search documents of ``entries``, one JSON line each, for :func:`search_index_from`
    (a child process with a small heap builds the index from the file, not from the notices)."""
    with open(path, "w", encoding="utf-8") as out:
        for e in entries:
            out.write(search_line(e, site))


def search_index_from(docs_file: Path, site_dir: Path, live: Path | None = None, cache: Path | None = None) -> str:
    """The search index of the documents :func:`write_search_docs` wrote; a short summary.
    ``live``: the site this build replaces (``site_dir`` itself under serve) and ``cache`` the
    build cache's folder: the last index is patched where few notices changed, and its unchanged
    files are kept (:mod:`noticeboard.search.update`)."""
    stats, how = update_index(docs_file, site_dir / SEARCH_INDEX, live / SEARCH_INDEX if live is not None else None,
                              Store(cache) if cache is not None else None)
    return f"search index of {stats.docs} notices in {stats.files} files ({how})"


def search_index_streamed(docs_file: Path, whole, site_dir: Path, live: Path | None = None, cache: Path | None = None, expected: int = 0) -> str:
    """:func:`search_index_from` of a documents file the build is still writing, read as it
    grows until ``whole`` (a :func:`noticeboard.site.background.flag`) is set: a cold build's
    index is made while the pages are converted (:func:`noticeboard.search.update.stream_index`).
    ``expected``: about how many documents will come."""
    stats, how = stream_index(docs_file, whole.wait, site_dir / SEARCH_INDEX, live / SEARCH_INDEX if live is not None else None,
                              Store(cache) if cache is not None else None, expected)
    return f"search index of {stats.docs} notices in {stats.files} files ({how})"
