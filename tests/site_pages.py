"""One page of each kind a citizen meets on a built site, and a browser context that records (and
blocks) every request leaving the site. Shared by the public-site tests."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import REPO

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
        "inspections": "inspections/",
        "inspection": _first(site, "inspections/*/index.html", "ol.nb-timeline"),
        "open": "open/",
        "stats": "stats/",
        "about": "about/",
        "report": "report/",
        "not-found": "no-such-page/",
    }
    if (site / "search" / "index.html").is_file():
        kinds["search"] = "search/?q=%E6%95%B4%E6%94%B9"  # 整改: a query with results and facets
    return {k: v for k, v in kinds.items() if k == "not-found" or (site / v.split("?")[0] / "index.html").is_file()}


MATERIAL_RUNS = "window.nbLater && window.nbLater.ready === true"  # theme/base.html: Material's script has run and started


def wait_until_settled(page, path: str) -> None:
    """Wait for what the page shows after it has loaded (the search page's results), then for
    Material's script, which every page loads once it has been drawn (the search page once its
    results are shown)."""
    if path.startswith("search/"):
        page.wait_for_function(
            "document.querySelector('.nb-status') && /找到|没有/.test(document.querySelector('.nb-status').textContent)")
    page.wait_for_function(MATERIAL_RUNS)


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


def enlarge_text(context, page, factor: float) -> None:
    """The reader's browser set to larger text (its default font size, as a person sets it in the
    browser's settings): everything sized in rem and em grows, and so do media-query ems."""
    context.new_cdp_session(page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": round(16 * factor), "fixed": round(13 * factor)}})


# What a reader would find cut off on the screen: text running past the right edge of the
# viewport, and text clipped by its box (an ellipsis, overflow: hidden). Hidden elements, the
# visually-hidden labels and Material's off-screen drawers are left out.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const e of document.querySelectorAll("body *")) {
    if (e.closest("[hidden], .md-sidebar, .md-overlay, [data-md-component=skip], .nb-visually-hidden, .md-dialog")) continue;
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    if (s.display === "none" || s.visibility === "hidden" || !r.width || !r.height) continue;
    const text = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
    if (!text) continue;
    const name = e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "");
    if (r.right > width + 1) found.push(`${name} «${text.slice(0, 20)}» runs to x=${Math.round(r.right)}`);
    const clips = s.overflowX === "hidden" || s.overflowX === "clip" || s.textOverflow === "ellipsis";
    if (clips && e.scrollWidth > e.clientWidth + 1) found.push(`${name} «${text.slice(0, 20)}» cut: ${e.scrollWidth}px in ${e.clientWidth}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, found};
}"""


# axe-core from the npm registry, installed by `make setup` (see the Makefile: pinned, MPL-2.0).
AXE = REPO / ".venv" / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, unique labels).
AXE_RUN = """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, help: v.help,
  nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.any.concat(n.all, n.none).map(c => c.message).join("; "))})))"""

# Contrast of two computed colours, in the page (WCAG relative luminance; alpha blended on `under`).
CONTRAST = """([fg, bg]) => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const blend = (top, under) => { const a = top.length > 3 ? top[3] : 1; return top.slice(0, 3).map((c, i) => c * a + under[i] * (1 - a)); };
  const lum = (c) => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const b = rgb(bg).slice(0, 3), f = blend(rgb(fg), b);
  const [hi, lo] = [lum(f), lum(b)].sort((x, y) => y - x);
  return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}"""


def axe_violations(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make setup` (it installs axe-core from the npm registry)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)
