"""One page of each kind a citizen meets on a built site, and a browser context that records (and
blocks) every request leaving the site. Shared by the public-site tests."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Screen:
    name: str
    viewport: dict
    mobile: bool


SCREENS = (Screen("desktop", DESKTOP, False), Screen("phone", PHONE, True))


def _first(site: Path, pattern: str, *selectors: str) -> str:
    """The first page matching ``pattern`` that holds an element for each CSS selector."""
    for path in sorted(site.glob(pattern)):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if all(soup.select_one(s) for s in selectors):
            return path.parent.relative_to(site).as_posix() + "/"
    raise AssertionError(f"the built site has no page {pattern} holding {selectors}")


def page_kinds(site: Path) -> dict[str, str]:
    """``{kind: path relative to the site root}`` for a site built with directory URLs."""
    kinds = {
        "home": "",
        "notice": _first(site, "notices/*/*/index.html", ".nb-problems", ".nb-contact a[href^='tel:']", ".nb-contact a[href^='mailto:']"),
        "archive": "archive/",
        "archive-year": _first(site, "archive/[0-9]*/index.html"),
        "issuers": "issuers/",
        "issuer": _first(site, "issuers/*/index.html"),
        "kinds": "kinds/",
        "kind": _first(site, "kinds/*/index.html"),
        "about": "about/",
        "report": "report/",
        "not-found": "no-such-page/",
    }
    if (site / "search" / "index.html").is_file():
        kinds["search"] = "search/?q=%E6%95%B4%E6%94%B9"  # 整改: a query with results and facets
    return {k: v for k, v in kinds.items() if k == "not-found" or (site / v.split("?")[0] / "index.html").is_file()}


def wait_until_settled(page, path: str) -> None:
    """Wait for what the page shows after it has loaded (the search page's results)."""
    if path.startswith("search/"):
        page.wait_for_function(
            "document.querySelector('.nb-status') && /找到|没有/.test(document.querySelector('.nb-status').textContent)")


@contextlib.contextmanager
def site_context(browser, base: str, screen: Screen, scheme: str = "light"):
    """A browser context for ``screen`` in colour ``scheme``; every request outside ``base`` is
    blocked and recorded in the yielded list (``context.outside``)."""
    context = browser.new_context(viewport=screen.viewport, is_mobile=screen.mobile,
                                  device_scale_factor=2 if screen.mobile else 1, color_scheme=scheme)
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.outside = outside
    try:
        yield context
    finally:
        context.close()
