"""Site paths: where each page and data file of the site lives, and links between them.

Every other module names a place of the site through this one. A *page* is named by its Markdown
source, as MkDocs names pages: ``index.md`` (home), ``archive/2021/index.md``,
``notices/2021/<slug>.md``, ``about.md`` (a hand-written page of docs/). Any other file is named
by its path in the site: ``feed.xml``, ``issuers/<slug>/feed.atom``, ``api/notices.json``,
``attachments/2021/清单.pdf``.

Where a page is written and how it is linked depends on the site's configuration, and only
:class:`Urls` knows it: built once from mkdocs.yml's ``use_directory_urls`` and ``site_url``, it
follows MkDocs' own rules (``mkdocs.structure.files.File``). With directory URLs,
``notices/2021/x.md`` is written as ``notices/2021/x/index.html`` and linked as
``notices/2021/x/``; without them, as ``notices/2021/x.html``, and a folder's page
``archive/index.md`` as ``archive/index.html``: links name files, so the site works where no
server maps a folder to its index.html (opened from disk, a portal that does not). Links are
relative (:meth:`Urls.href`), so the site works at the root of a host and under a sub-path
(``site_url: https://www.example.gov.cn/xxgk/tzgg/``) alike; feeds and open data carry absolute
URLs (:meth:`Urls.absolute`). Every link is percent-encoded (a file named ``q?x=1#f.pdf``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

HOME = "index.md"
SEARCH = "search/index.md"
ARCHIVE = "archive/index.md"
ISSUERS = "issuers/index.md"
KINDS = "kinds/index.md"
INSPECTIONS = "inspections/index.md"
OPEN = "open/index.md"
STATS = "stats/index.md"
SEARCH_INDEX = "search/"  # the folder of the search index files (beside the search page)
API_NOTICES = "api/notices.json"
API_SCHEMA = "api/schema.json"
API_INSPECTIONS = "api/inspections.json"
API_STATS = "api/stats.json"
FEED_FORMATS = ("xml", "atom")  # feed.xml is RSS 2.0, feed.atom is Atom


def _index(folder: str) -> str:
    return f"{folder}/index.md"


def notice(year: int, slug: str) -> str:
    return f"notices/{year}/{slug}.md"


def archive_year(year: int) -> str:
    return _index(f"archive/{year}")


def issuer(slug: str) -> str:
    return _index(f"issuers/{slug}")


def kind(value: str) -> str:
    return _index(f"kinds/{value}")


def series(slug: str) -> str:
    """An inspection series' page."""
    return _index(f"inspections/{slug}")


def listing_page(first: str, number: int) -> str:
    """Page ``number`` of the listing whose first page is ``first``: ``archive/2021/index.md``,
    then ``archive/2021/page/2/index.md``."""
    return first if number == 1 else _index(f"{folder(first)}page/{number}")


def api_notice(year: int, slug: str) -> str:
    return f"api/notices/{year}/{slug}.json"


def stats_csv(key: str) -> str:
    """A figure of the stats page as CSV."""
    return f"api/stats/{key}.csv"


def asset(name: str) -> str:
    """A stylesheet or script of the package (``extra_css``/``extra_javascript``)."""
    return f"assets/noticeboard/{name}"


def folder(page: str) -> str:
    """The folder a page's source is in, as a prefix: ``issuers/x/index.md`` → ``issuers/x/``,
    ``index.md`` → ``""``."""
    head = posixpath.dirname(page)
    return head + "/" if head else ""


def feed(fmt: str, page: str = HOME) -> str:
    """The feed (``xml`` RSS or ``atom``) that follows the folder page ``page``: the site's, an
    issuer's, a series'; it lives in that page's folder."""
    if fmt not in FEED_FORMATS:
        raise ValueError(f"no feed format {fmt!r}")
    return f"{folder(page)}feed.{fmt}"


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)``, without its two trips to the working folder
    (``abspath``), for two paths of the site (relative, no ``.``/``..`` step): a listing page
    links hundreds of pages. Any other path goes to ``posixpath.relpath``."""
    to = _steps(path)
    here = _steps(start)
    if to is None or here is None:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    steps = [".."] * (len(here) - common) + to[common:]
    return "/".join(steps) if steps else "."


def _steps(path: str) -> list[str] | None:
    """The folders of a relative path of the site ("." none), or None for any other path."""
    if path == ".":
        return []
    if not path or path.startswith("/"):
        return None
    steps = [step for step in path.split("/") if step]
    return None if "." in steps or ".." in steps else steps


def is_page(path: str) -> bool:
    return path.endswith(".md")


@dataclass(frozen=True)
class Urls:
    """The site's paths and links under one configuration (see the module's docstring)."""

    directory_urls: bool = True  # mkdocs.yml's use_directory_urls
    site_url: str = ""  # mkdocs.yml's site_url; empty: absolute URLs are root-relative

    def file(self, path: str) -> str:
        """Where ``path`` is written in the site folder: ``notices/2021/x.md`` →
        ``notices/2021/x/index.html`` (directory URLs) or ``notices/2021/x.html``."""
        if not is_page(path):
            return path
        parent, name = posixpath.split(path[:-3])
        if name == "README":  # MkDocs: README.md is its folder's index
            name = "index"
        if not self.directory_urls or name == "index":
            return posixpath.join(parent, name + ".html")
        return posixpath.join(parent, name, "index.html")

    def url(self, path: str) -> str:
        """``path``'s URL relative to the site's root, not yet percent-encoded: ``""`` for home
        with directory URLs, ``archive/`` or ``archive/index.html``."""
        dest = self.file(path)
        if self.directory_urls and is_page(path) and posixpath.basename(dest) == "index.html":
            return dest[: -len("index.html")]
        return dest

    def href(self, here: str, to: str) -> str:
        """A link, relative and percent-encoded, from the page ``here`` to the page or file ``to``."""
        target = self.url(to)
        rel = relpath(target or ".", posixpath.dirname(self.url(here)) or ".")
        if target == "" or target.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return quote(rel)

    def root(self, here: str) -> str:
        """From the page ``here`` back to the site's root folder, as a prefix for a URL of
        :meth:`url` (``""`` at the top; ``../../`` from ``notices/2021/x.html``)."""
        rel = relpath(".", posixpath.dirname(self.url(here)) or ".")
        return "" if rel == "." else rel + "/"

    def absolute(self, to: str) -> str:
        """``to`` as a full URL of the site (root-relative when the site has no site_url)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        return base + quote(self.url(to))

    def link(self, to: str) -> str:
        """``to``'s URL from the site's root, percent-encoded: what the search index holds and
        templates pass through MkDocs' ``url`` filter."""
        return quote(self.url(to))
