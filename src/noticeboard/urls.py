"""Site paths: where each page and data file of the site lives, and links between them.

A *page path* names a page as its URL reads with MkDocs' directory URLs, relative to the site's
root: ``""`` (home), ``"archive/2021/"``, ``"notices/2021/<slug>/"``. A *file path* names any
other file: ``"feed.xml"``, ``"issuers/<slug>/feed.atom"``, ``"api/notices.json"``. Links are
relative (``href(here, to)``), so the built site works at the root of a host and under a sub-path
(``site_url: https://www.example.gov.cn/xxgk/tzgg/``) alike; absolute URLs (feeds, open data)
are ``absolute(site_url, path)``.
"""

from __future__ import annotations

import posixpath

HOME = ""
SEARCH = "search/"
ARCHIVE = "archive/"
ISSUERS = "issuers/"
KINDS = "kinds/"
API_NOTICES = "api/notices.json"
API_SCHEMA = "api/schema.json"
FEED_FORMATS = ("xml", "atom")  # feed.xml is RSS 2.0, feed.atom is Atom


def notice(year: int, slug: str) -> str:
    return f"notices/{year}/{slug}/"


def archive_year(year: int) -> str:
    return f"{ARCHIVE}{year}/"


def issuer(slug: str) -> str:
    return f"{ISSUERS}{slug}/"


def kind(value: str) -> str:
    return f"{KINDS}{value}/"


def api_notice(year: int, slug: str) -> str:
    return f"api/notices/{year}/{slug}.json"


def feed(fmt: str, page: str = HOME) -> str:
    """The feed (``xml`` RSS or ``atom``) that follows ``page``: the site's, an issuer's…"""
    if fmt not in FEED_FORMATS:
        raise ValueError(f"no feed format {fmt!r}")
    return f"{page}feed.{fmt}"


def href(here: str, to: str) -> str:
    """A link from page ``here`` to the page or file ``to``, relative to ``here``."""
    rel = posixpath.relpath(to or ".", here or ".")
    if rel == ".":
        return "./"
    return rel + "/" if (to == HOME or to.endswith("/")) else rel


def root(here: str) -> str:
    """From page ``here`` back to the site's root folder, as a prefix for a path: ``a/b/`` →
    ``../../``; at the top (``""`` or MkDocs' ``./``) the empty string."""
    back = href(here, HOME)
    return "" if back == "./" else back


def absolute(site_url: str, to: str) -> str:
    """``to`` as a full URL of the site at ``site_url`` (an empty site_url gives a root-relative URL)."""
    return (site_url.rstrip("/") + "/" if site_url else "/") + to


def page_of_source(src_uri: str) -> str:
    """The page path of a Markdown source of docs/: ``index.md`` → ``""``, ``about.md`` →
    ``about/``, ``guide/index.md`` → ``guide/`` (MkDocs' directory URLs)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
