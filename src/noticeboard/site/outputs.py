"""Files written beside the pages: feeds, open data and the search index."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..entry import Entry
from ..search import build_index, search_doc
from ..search.documents import SearchDoc
from ..series import group
from .feeds import write_feeds
from .inspections import write_series_data
from .opendata import write_opendata
from .stats import write_stats
from ..urls import SEARCH_INDEX, Urls


def write_data(entries: list[Entry], site_dir: Path, site: Urls, site_name: str, *, each: bool = True) -> str:
    """Feeds and open data for ``entries``, their inspection series and the archive's figures;
    return a short summary. ``each=False``: not each notice's own JSON file (see
    :func:`noticeboard.site.opendata.write_opendata`)."""
    series, _ = group(entries)
    feeds = write_feeds(entries, site_dir, site, site_name, series=series)
    data = write_opendata(entries, site_dir, site, series, each=each) + write_series_data(series, site_dir, site)
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


def search_index_from(docs_file: Path, site_dir: Path) -> str:
    """The search index of the documents :func:`write_search_docs` wrote; a short summary."""
    with open(docs_file, encoding="utf-8") as f:
        # streamed: build_index keeps each text only until its document file is written
        stats = build_index((SearchDoc(**{**d, "statuses": tuple(d["statuses"])}) for d in map(json.loads, f)), site_dir / SEARCH_INDEX)
    return f"search index of {stats.docs} notices in {stats.files} files"
