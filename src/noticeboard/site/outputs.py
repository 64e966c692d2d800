"""Files written after the pages: feeds, open data and the search index."""

from __future__ import annotations

from pathlib import Path

from ..project import Entry
from ..search import build_index, search_doc
from .feeds import write_feeds
from .opendata import write_opendata


def write_outputs(entries: list[Entry], site_dir: Path, site_url: str, site_name: str, *, search: bool = True) -> str:
    """Write everything derived from ``entries`` into the built site; return a short summary."""
    feeds = write_feeds(entries, site_dir, site_url or "/", site_name)
    data = write_opendata(entries, site_dir, site_url)
    summary = f"{len(feeds)} feeds, {data} JSON files"
    if search:
        stats = build_index([search_doc(e) for e in entries], site_dir / "search")
        summary += f", search index of {stats.docs} notices in {stats.files} files"
    return summary
