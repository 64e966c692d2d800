"""A link checker over a built site: every href, src and form action of every HTML page resolves to
a file the build wrote (a folder counts only where it has index.html and directory URLs are used)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"),
         ("iframe", "src"), ("source", "src"))


def broken_links(site: Path, prefix: str = "/", *, folders: bool = True) -> dict[str, list[str]]:
    """``{page: [link, …]}`` of the links that do not resolve to a built file. ``prefix`` is the
    path the site is served under (site_url's); ``folders``: a link may name a folder with an
    index.html (a server with directory URLs), else it must name the file."""
    broken: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        here = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in ATTRS:
            for el in soup.find_all(tag):
                link = el.get(attr)
                if link is None or not _resolves(site, prefix, here, link, folders):
                    if link is not None:
                        broken.setdefault(here, []).append(link)
    return broken


def _resolves(site: Path, prefix: str, here: str, link: str, folders: bool) -> bool:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return True  # outside the site (mailto:, tel:, https://…): not this checker's
    if not parts.path:
        return True  # "#…" or "?…": this page
    if parts.path.startswith("/"):
        if not parts.path.startswith(prefix):
            return False
        target = parts.path[len(prefix):]
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            return False  # above the site's root
        if parts.path.endswith("/") and target != ".":
            target += "/"
    target = unquote(target)
    path = site / target if target not in ("", ".", "./") else site
    if path.is_file():
        return True
    return folders and path.is_dir() and (path / "index.html").is_file()
