"""The public's site as deployed: nothing requested outside it (Google is blocked in mainland China),
Chinese throughout, the publisher's footer. Built with ``mkdocs build --strict``, read in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sites import serve_dir
from site_pages import SCREENS, page_kinds, site_context, wait_until_settled

# Elements whose URL the browser fetches by itself when it shows the page (links a reader follows
# are not requests: a footer link to the ICP register is fine).
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "track": ("src",),
}
FETCHED_LINK_RELS = {"stylesheet", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload", "icon", "manifest"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def _outside(url: str) -> bool:
    """A URL that leaves the site: any scheme and host, or protocol-relative (data: stays inside)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def fetched_urls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    urls = []
    for tag in soup.find_all(True):
        if tag.name == "link" and FETCHED_LINK_RELS & {r.lower() for r in tag.get("rel", [])}:
            urls.append(tag.get("href", ""))
        for attr in FETCHED.get(tag.name, ()):
            value = tag.get(attr)
            if value:
                urls += [part.split()[0] for part in value.split(",")] if attr == "srcset" else [value]
        urls += CSS_URL.findall(tag.get("style", ""))
    for style in soup.find_all("style"):
        urls += CSS_URL.findall(style.get_text())
    return urls


def test_no_built_file_makes_the_browser_fetch_from_outside_the_site(sample_site):
    offending = {}
    for path in sorted(sample_site.rglob("*")):
        if path.suffix == ".html":
            urls = fetched_urls(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            urls = CSS_URL.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        if bad := [u for u in urls if _outside(u)]:
            offending[path.relative_to(sample_site).as_posix()] = bad
    assert not offending
    # the check itself sees what Material would add without noticeboard
    assert fetched_urls('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')


@pytest.mark.browser
def test_every_page_kind_requests_nothing_outside_the_site(sample_site, browser):
    kinds = page_kinds(sample_site)
    assert {"home", "notice", "archive-year", "issuer", "kind", "search", "about"} <= kinds.keys()
    with serve_dir(sample_site) as base:
        # both screens and both colour schemes (the accessibility test repeats this in all four)
        for screen, scheme in zip(SCREENS, ("light", "dark")):
            with site_context(browser, base, screen, scheme) as context:
                page = context.new_page()
                for kind, path in kinds.items():
                    page.goto(base + path)
                    wait_until_settled(page, path)
                    assert not context.outside, f"{kind} page on a {screen.name} requested {context.outside}"
