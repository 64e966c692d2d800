"""How soon the search page shows its first results, on a phone on a slow network: what the
results need is asked for first and waits for nothing else. Tried in Chromium on the sample site,
with one response held back (as a slow network holds it), so what waits on what shows without
timing anything.

Before: search.js ran only after Material's script (deferred scripts run in order, and it stood
after it), and only then asked for the index's manifest; Lighthouse's phone measured the first
result at the end of that chain. With Material's instant navigation turned on, every page loaded
search.js and search.css for the one search page."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from paths import REPO
from sites import build, serve_dir
from site_pages import SCREENS, page_kinds, site_context

SEARCH = "search/?q=%E6%95%B4%E6%94%B9"  # 整改: found in every notice of the sample site
FOUND = "document.querySelector('.nb-hit-title a') && /找到/.test(document.querySelector('.nb-status').textContent)"
SEARCH_FILES = ("/assets/noticeboard/search.js", "/assets/noticeboard/search.css")


def _path(url: str) -> str:
    return urlsplit(url).path


def test_the_first_results_show_while_materials_script_is_still_on_its_way(sample_site, browser):
    """Material's script (114 kB, the header's menus and colour switch) held back: the results of a
    query from the address are on the page all the same."""
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        held = []
        page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
        page.goto(base + SEARCH, wait_until="commit")
        page.wait_for_function(FOUND)
        assert held, "the page did not ask for Material's script"
        assert page.evaluate("typeof window.document$") == "undefined"  # still held: not run
        for route in held:
            route.continue_()
        page.wait_for_function("typeof window.document$ !== 'undefined'")
        assert page.locator(".nb-hit").count() == 10


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
