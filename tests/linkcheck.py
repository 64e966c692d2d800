"""A link checker over a built site: every href, src, form action and refresh target of every HTML
page resolves to a file the build wrote (a folder counts only where it has index.html and
directory URLs are used); so does every URL the site gives out elsewhere (feeds, open data, the
search index) with :func:`resolves`."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"),
         ("iframe", "src"), ("source", "src"))
REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(.+?)\s*$", re.IGNORECASE)


def page_links(html: str) -> list[str]:
    """Every link of a page: the attributes of :data:`ATTRS` and ``<meta http-equiv=refresh>``'s URL."""
    soup = BeautifulSoup(html, "html.parser")
    links = [el.get(attr) for tag, attr in ATTRS for el in soup.find_all(tag) if el.get(attr) is not None]
    return links + refresh_urls(soup)


def refresh_urls(soup: BeautifulSoup) -> list[str]:
    """Where the page's ``<meta http-equiv=refresh content="0; url=…">`` sends a browser."""
    found = [REFRESH.match(meta.get("content", "")) for meta in soup.find_all("meta", attrs={"http-equiv": re.compile("^refresh$", re.IGNORECASE)})]
    return [m.group(1).strip("'\"") for m in found if m]


def broken_links(site: Path, prefix: str = "/", *, folders: bool = True) -> dict[str, list[str]]:
    """``{page: [link, …]}`` of the links that do not resolve to a built file. ``prefix`` is the
    path the site is served under (site_url's); ``folders``: a link may name a folder with an
    index.html (a server with directory URLs), else it must name the file."""
    broken: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        here = page.relative_to(site).as_posix()
        for link in page_links(page.read_text(encoding="utf-8")):
            if not resolves(site, prefix, here, link, folders=folders):
                broken.setdefault(here, []).append(link)
    return broken


def resolves(site: Path, prefix: str, here: str, link: str, *, folders: bool = True, site_url: str | None = None) -> bool:
    """Whether ``link``, as written on the site's file ``here``, leads to a built file. A link
    with a scheme or host is outside the site (True) unless it starts with ``site_url``."""
    if site_url and link.startswith(site_url):
        link = prefix + link[len(site_url):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return True  # outside the site (mailto:, tel:, https://…): not this checker's
    if not parts.path:
        return True  # "#…" or "?…": this page
    return target_file(site, prefix, here, link, folders=folders) is not None


def target_file(site: Path, prefix: str, here: str, link: str, *, folders: bool = True) -> Path | None:
    """The built file a link of the site (relative, or from the host's root) leads to, or None."""
    path = unquote(urlsplit(link).path)
    if path.startswith("/"):
        if not path.startswith(prefix):
            return None
        target = path[len(prefix):]
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
        if target.startswith("../") or target == "..":
            return None  # above the site's root
    found = site / target if target not in ("", ".") else site
    if found.is_file():
        return found
    if folders and found.is_dir() and (found / "index.html").is_file():
        return found / "index.html"
    return None
