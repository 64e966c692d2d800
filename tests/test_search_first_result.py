"""How soon the search page shows its first results, on a phone on a slow network: what the
results need is asked for first and waits for nothing else. Tried in Chromium on the sample site,
with one response held back (as a slow network holds it), so what waits on what shows without
timing anything.

Material's script (114 kB) is asked for only once the first results are on screen: on a phone on
a slow network it was fetched beside the index's files, and the first result waited for it
(Lighthouse's phone: 3.4 s to the first result, 2.4 s since, the machine loaded alike).

Before: search.js ran only after Material's script (deferred scripts run in order, and it stood
after it), and only then asked for the index's manifest; Lighthouse's phone measured the first
result at the end of that chain. With Material's instant navigation turned on, every page loaded
search.js and search.css for the one search page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from paths import REPO
from sites import build, serve_dir
from site_pages import MATERIAL_RUNS, SCREENS, page_kinds, site_context

SEARCH = "search/?q=%E6%95%B4%E6%94%B9"  # 整改: found in every notice of the sample site
FOUND = "document.querySelector('.nb-hit-title a') && /找到/.test(document.querySelector('.nb-status').textContent)"
MATERIAL_JS = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
SEARCH_FILES = ("/assets/noticeboard/search.js", "/assets/noticeboard/search.css")


def _path(url: str) -> str:
    return urlsplit(url).path


def test_materials_script_is_asked_for_only_once_the_first_results_are_shown(sample_site, browser):
    """The results' files held back (a slow network): the page has asked for them and loaded, and
    Material's script (114 kB, the header's menus and colour switch) has not been asked for; once
    the results are on the page it is, and it runs."""
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        held, bundles, released = [], [], []

        def hold(route):  # what the first results are made of: held until released
            if released:
                route.continue_()
            else:
                held.append(route)

        page.route("**/search/d/**", hold)
        page.on("request", lambda r: bundles.append(r.url) if MATERIAL_JS.search(_path(r.url)) else None)
        with page.expect_request(lambda r: "/search/d/" in _path(r.url)):
            page.goto(base + SEARCH, wait_until="commit")
        page.wait_for_load_state("load")
        assert not page.locator(".nb-hit").count()
        assert not bundles, "Material's script was asked for before the results were shown"
        released.append(True)
        for route in held:
            route.continue_()
        page.wait_for_function(FOUND)
        page.wait_for_function("typeof window.document$ !== 'undefined' && document.documentElement.classList.contains('js')")
        assert len(bundles) == 1 and page.locator(".nb-hit").count() == 10


def test_after_the_first_results_the_header_works_as_on_every_page(sample_site, browser):
    """At phone size, once the results are shown: the colour switch changes the scheme and the
    next page keeps it (Material's script), the menu opens the drawer with the site's sections,
    and the header's search button opens the search page."""
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        page.goto(base + SEARCH)
        page.wait_for_function(FOUND)
        page.wait_for_function(MATERIAL_RUNS)
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.locator("label.md-header__button[for=__drawer]").click()
        drawer = page.locator(".md-sidebar--primary a.md-nav__link[href$='archive/']")
        drawer.wait_for(state="visible")
        drawer.click()
        page.wait_for_url("**/archive/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"  # remembered
        page.goto(base + SEARCH)
        page.wait_for_function(FOUND)
        page.wait_for_function(MATERIAL_RUNS)
        page.locator(".nb-header-search__button").click()  # at phone size the box is its button
        page.wait_for_url("**/search/?q=")
        page.wait_for_function("/共 \\d+ 篇通报/.test(document.querySelector('.nb-status').textContent)")
        assert page.input_value("#nb-q") == ""


def test_a_phone_set_to_dark_gets_the_dark_scheme_before_materials_script(sample_site, browser):
    """A first visit from a phone set to dark, Material's script held back: the results are
    drawn in the dark scheme (slate) already, not light and then dark once it runs."""
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1], "dark") as context:
        page = context.new_page()
        held, released = [], []

        def hold(route):  # Material's script: held until released (its request may come after the results are drawn)
            if released:
                route.continue_()
            else:
                held.append(route)

        page.route("**/assets/javascripts/bundle.*.min.js", hold)
        page.goto(base + SEARCH, wait_until="commit")
        page.wait_for_function(FOUND)
        page.wait_for_function("document.querySelector('.nb-hit')")
        assert page.evaluate("typeof window.document$") == "undefined"
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        released.append(True)
        for route in held:
            route.continue_()
        page.wait_for_function(MATERIAL_RUNS)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"


def test_without_search_js_materials_script_still_comes(sample_site, browser):
    """search.js not arriving (a network that drops it): Material's script is loaded with the
    page all the same, and the colour switch works."""
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        page.route("**/assets/noticeboard/search.js", lambda route: route.abort())
        page.goto(base + SEARCH, wait_until="load")
        page.wait_for_function(MATERIAL_RUNS)
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")


def test_the_index_is_asked_for_before_search_js_has_arrived(sample_site, browser):
    """search.js held back: the page has already asked for the index's manifest (from its head,
    before its stylesheets), and search.js, once here, takes that answer rather than asking again."""
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        held, manifests, released = [], [], []

        def hold(route):  # search.js: held until released
            if released:
                route.continue_()
            else:
                held.append(route)

        page.route("**/assets/noticeboard/search.js", hold)
        page.on("request", lambda r: manifests.append(r.url) if _path(r.url).endswith("/search/manifest.json") else None)
        with page.expect_request(lambda r: _path(r.url).endswith("/search/manifest.json")):
            page.goto(base + SEARCH, wait_until="commit")
        assert not page.locator(".nb-hit").count()
        released.append(True)
        for route in held:
            route.continue_()
        page.wait_for_function(FOUND)
        assert len(manifests) == 1, manifests


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory) -> Path:
    """The sample project built with Material's instant navigation turned on."""
    project = tmp_path_factory.mktemp("instant") / "project"
    for part in ("docs", "notices", "overrides"):
        shutil.copytree(REPO / part, project / part)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["features"].append("navigation.instant")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(project, project / "site")
    return project / "site"


def test_with_instant_navigation_only_the_search_page_loads_the_search_files(instant_site, browser):
    """With ``navigation.instant``, the home page and a notice load neither search.js nor
    search.css; the 检索 tab brings the search page in without loading it (Material's instant
    navigation), styled and searching; so does coming back to it after another page."""
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    sitemap = (instant_site / "sitemap.xml").read_text(encoding="utf-8")
    with serve_dir(instant_site) as base, site_context(browser, base, SCREENS[0]) as context:
        # Material's instant navigation follows the links its sitemap lists, matched by scheme and
        # host but not port: served here on a loopback port, the sitemap names the pages there
        context.route("**/sitemap.xml", lambda r: r.fulfill(body=sitemap.replace(site_url, base), content_type="application/xml"))
        page = context.new_page()
        loaded = []
        page.on("request", lambda r: loaded.append(_path(r.url)) if _path(r.url).endswith(SEARCH_FILES) else None)
        for path in ("", page_kinds(instant_site)["notice"]):
            page.goto(base + path, wait_until="load")
            page.wait_for_function(MATERIAL_RUNS)  # instant navigation is Material's: it starts after the first paint
        assert not loaded, loaded
        page.evaluate("window.nbNotReloaded = true")
        for _ in range(2):
            page.locator("nav.md-tabs a:text-is('检索')").click()
            page.wait_for_function("document.querySelector('.nb-status') && /共 \\d+ 篇通报/.test(document.querySelector('.nb-status').textContent)")
            assert page.evaluate("window.nbNotReloaded") is True  # brought in, not loaded
            assert page.evaluate("getComputedStyle(document.querySelector('.nb-q-row')).display") == "flex"  # search.css
            page.fill("#nb-q", "整改")
            page.wait_for_function(FOUND)
            assert page.locator("#nb-search").count() == 1 and page.locator(".nb-hit").count() == 10
            page.locator("nav.md-tabs a:text-is('通报归档')").click()
            page.wait_for_function("!document.getElementById('nb-search')")
        assert sorted(set(loaded)) == sorted(SEARCH_FILES)
