"""What a page makes a reader's browser fetch before it can draw, counted in bytes and requests
(not in time, which depends on the machine): Material's stylesheet trimmed to what the site's
pages use, and trimmed without changing how any page looks; the search page's stylesheet and
script on the search page only; no script that holds the first paint."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sites import serve_dir
from site_pages import SCREENS, page_kinds, site_context, wait_until_settled

from noticeboard.mkdocs_plugin.material import PALETTE, TRIMMED, below
from noticeboard.site.assets import THEME_DIR

SEARCH_ASSETS = ("assets/noticeboard/search.js", "assets/noticeboard/search.css")
# Before: Material's whole stylesheet (134 kB), its palette (12 kB), noticeboard.css, readers.css
# and search.css held the first paint of a notice page (178 kB), and Material's bundle and
# search.js (147 kB) were fetched and run before the page was parsed. Then 97 kB on the sample
# site, no script; now 88 kB (the palette's stylesheet trimmed to the site's colours, 12 kB → 2.5 kB).
RENDER_BLOCKING_BUDGET = 96 * 1024
JAVASCRIPT = ("", "text/javascript", "application/javascript")  # the types a browser runs as a classic script, which holds the parser

# How an element looks, for every element and its ::before and ::after (Material draws its icons
# there): its computed style, property by property (not custom properties, which show only
# through the properties that read them, nor transitions).
STYLES = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const cs = getComputedStyle(el, pseudo);
      if (pseudo && cs.content === "none") continue;
      const props = [];
      for (const p of cs) if (!p.startsWith("--") && !p.startsWith("transition") && !p.startsWith("animation")) props.push(p + ": " + cs.getPropertyValue(p));
      out.push([el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join(".") + (pseudo || ""), props]);
    }
  }
  return out;
}"""


def _requests(browser, base: str, path: str, screen) -> tuple[list[str], list[str]]:
    """The site's URLs a page requests as it loads and settles (and those outside the site)."""
    with site_context(browser, base, screen) as context:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url))
        page.goto(base + path, wait_until="load")
        wait_until_settled(page, path)
        return seen, list(context.outside)


def test_the_search_page_alone_loads_the_search_files(sample_site, browser):
    """search.js and search.css on the search page, on no other page kind; the header search box
    (on every page) sends its query to the search page as a plain form, and no page fetches
    anything outside the site."""
    kinds = page_kinds(sample_site)
    loaded, outside = {}, {}
    with serve_dir(sample_site) as base:
        for kind, path in kinds.items():
            seen, away = _requests(browser, base, path, SCREENS[1])
            loaded[kind] = sorted(a for a in SEARCH_ASSETS if any(url.split("?")[0].endswith(a) for url in seen))
            if away:
                outside[kind] = away
    assert loaded.pop("search") == sorted(SEARCH_ASSETS)
    assert not any(loaded.values()), {k: v for k, v in loaded.items() if v}
    assert not outside, outside


def test_the_header_search_box_works_without_script(sample_site, browser):
    """From a notice page with JavaScript off, the header box takes the reader to the search page
    with the query in its address."""
    with serve_dir(sample_site) as base:
        context = browser.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(base + page_kinds(sample_site)["notice"])
            page.fill("#nb-header-q", "整改")
            with page.expect_navigation():
                page.press("#nb-header-q", "Enter")
            assert page.url.split("?")[0] == base + "search/" and "q=%E6%95%B4%E6%94%B9" in page.url
        finally:
            context.close()


def test_a_notice_page_holds_its_first_paint_for_little(sample_site, browser):
    """What a notice page must fetch before it draws (its stylesheets; scripts without defer or
    async) stays within the budget, and no page has a script that holds the first paint (in the
    page as it arrives: a script the page adds once it has loaded holds nothing)."""
    kinds = page_kinds(sample_site)
    blocking = {}
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        for kind, path in kinds.items():
            arrived = BeautifulSoup(page.goto(base + path).text(), "html.parser")
            blocking[kind] = page.evaluate("""() => ({
              styles: [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => !l.media || matchMedia(l.media).matches).map(l => l.href)})""")
            blocking[kind]["scripts"] = [s["src"] for s in arrived.select("script[src]")
                                         if not s.has_attr("defer") and not s.has_attr("async") and s.get("type", "text/javascript") in JAVASCRIPT]
        notice = blocking["notice"]
        sizes = {url: len(page.request.get(url).body()) for url in notice["styles"]}
    assert not {k: b["scripts"] for k, b in blocking.items() if b["scripts"]}
    assert sum(sizes.values()) <= RENDER_BLOCKING_BUDGET, json.dumps(sizes, indent=1)
    assert any(url.endswith(TRIMMED) for url in sizes)


@pytest.mark.parametrize(("screen", "scheme"), [(SCREENS[1], "light"), (SCREENS[0], "dark")], ids=["phone-light", "desktop-dark"])
def test_the_trimmed_stylesheet_draws_every_page_as_materials_whole_one(sample_site, browser, screen, scheme):
    """Each page kind, loaded and settled (Material's script has run, the search page shows its
    results), looks the same with Material's whole stylesheet and whole palette in place of the
    trimmed ones: the same computed style for every element, property by property, light and dark."""
    stylesheets = below([str(THEME_DIR), *_material_dirs()]) / "assets" / "stylesheets"
    whole = sorted(stylesheets.glob("main.*.min.css"))[-1]
    whole_palette = sorted(stylesheets.glob("palette.*.min.css"))[-1]
    assert len((sample_site / TRIMMED).read_bytes()) < 0.7 * len(whole.read_bytes())
    assert len((sample_site / PALETTE).read_bytes()) < 0.5 * len(whole_palette.read_bytes())
    kinds = page_kinds(sample_site)
    differ = {}
    with serve_dir(sample_site) as base, site_context(browser, base, screen, scheme) as context:
        page = context.new_page()
        page.emulate_media(reduced_motion="reduce")
        for kind, path in kinds.items():
            looks = []
            for swap in (False, True):
                if swap:
                    page.route("**/" + TRIMMED, lambda r: r.fulfill(path=str(whole), content_type="text/css"))
                    page.route("**/" + PALETTE, lambda r: r.fulfill(path=str(whole_palette), content_type="text/css"))
                page.goto(base + path)
                wait_until_settled(page, path)
                looks.append(_settled_styles(page))
                page.unroute("**/" + TRIMMED)
                page.unroute("**/" + PALETTE)
            trimmed, full = looks
            if trimmed != full:
                changed = [(a[0], sorted(set(a[1]) ^ set(b[1]))[:6]) for a, b in zip(trimmed, full) if a != b]
                differ[kind] = changed[:5] or f"{len(trimmed)} elements, {len(full)} with the whole stylesheet"
    assert not differ, json.dumps(differ, ensure_ascii=False, indent=1)


def _settled_styles(page, tries: int = 20) -> list:
    """Every element's computed style once two readings a few frames apart agree: Material's script
    sets the sidebars' heights in animation frames after the page has loaded, later on a busy machine."""
    frames = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))"
    last = page.evaluate(STYLES)
    for _ in range(tries):
        page.evaluate(frames)
        now = page.evaluate(STYLES)
        if now == last:
            return now
        last = now
    return last


def _material_dirs() -> list[str]:
    from mkdocs.theme import Theme

    return Theme(name="material").dirs


def test_the_site_ships_no_stylesheet_that_no_page_links(sample_site):
    """Every stylesheet in the built site is linked by one of its pages: Material's whole
    stylesheet and palette (134 kB and 12 kB, and their source maps), which the pages replace by
    the trimmed ones, are not copied into it."""
    linked = set()
    for html in sample_site.rglob("*.html"):
        for link in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("link[rel=stylesheet][href]"):
            linked.add((html.parent / urlsplit(link["href"]).path).resolve())
    shipped = {p.resolve() for p in sample_site.rglob("*.css")}
    assert linked and not shipped - linked, sorted(str(p.relative_to(sample_site.resolve())) for p in shipped - linked)
    assert not list(sample_site.rglob("*.css.map"))
