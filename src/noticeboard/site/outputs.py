"""Files written beside the pages: feeds, open data and the search index."""

from __future__ import annotations

from pathlib import Path

from ..project import Entry
from ..search import build_index, search_doc
from .feeds import write_feeds
from .opendata import write_opendata


def write_data(entries: list[Entry], site_dir: Path, site_url: str, site_name: str) -> str:
    """Feeds and open data for ``entries``; return a short summary."""
    feeds = write_feeds(entries, site_dir, site_url or "/", site_name)
    data = write_opendata(entries, site_dir, site_url)
    return f"{len(feeds)} feeds, {data} JSON files"


def write_search_index(entries: list[Entry], site_dir: Path) -> str:
    """The search index of ``entries`` in ``site_dir/search/``; return a short summary."""
    stats = build_index([search_doc(e) for e in entries], site_dir / "search")
    return f"search index of {stats.docs} notices in {stats.files} files"
