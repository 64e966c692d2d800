"""Reading the public site on a phone and with large text, in Chromium: no sideways scroll, nothing
cut off, the search page's results on the first screen, and the 大字模式 toggle (large text, high
contrast) that is remembered. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from paths import ARTIFACTS
from sites import serve_dir
from site_pages import (CONTRAST, CUT_OFF, DESKTOP, PHONE, SCREENS, Screen, axe_violations, enlarge_text,
                        page_kinds, site_context, wait_until_settled)

SITE_NAME = "巡视巡察整改情况通报"  # the sample site's site_name (mkdocs.yml)


def _shot(page, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


@pytest.mark.parametrize("screen, text, large", [
    (SCREENS[1], 1, False),   # a phone as it comes
    (SCREENS[1], 2, False),   # a phone with the browser's text at 200%
    (SCREENS[0], 2, False),   # a desktop with the browser's text at 200%
    (SCREENS[1], 1, True),    # a phone in 大字模式
    (SCREENS[0], 1, True),    # a desktop in 大字模式
], ids=["phone", "phone-text-200", "desktop-text-200", "phone-large", "desktop-large"])
def test_no_page_scrolls_sideways_or_cuts_anything_off(sample_site, browser, screen, text, large):
    found = {}
    with serve_dir(sample_site) as base, site_context(browser, base, screen) as context:
        if large:
            context.add_init_script("try { localStorage.setItem('nb.mode:' + '/', 'large') } catch (e) {}")
        page = context.new_page()
        enlarge_text(context, page, text)
        for kind, path in page_kinds(sample_site).items():
            page.goto(base + path)
            wait_until_settled(page, path)
            assert (page.evaluate("document.documentElement.dataset.nbMode") == "large") is large
            result = page.evaluate(CUT_OFF)
            if result["scrollWidth"] > screen.viewport["width"] or result["found"]:
                found[kind] = result
            if kind in ("notice", "search", "archive-year"):
                label = f"{kind}-{screen.name}" + (f"-text{text * 100:.0f}" if text != 1 else "") + ("-large" if large else "")
                _shot(page, label)
    assert not found, found


def test_search_page_on_a_phone_fits_and_shows_results_on_the_first_screen(sample_site, browser):
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        page.goto(base + "search/?q=%E6%95%B4%E6%94%B9")  # 整改
        wait_until_settled(page, "search/")
        _shot(page, "search-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        selects = page.locator(".nb-search select").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
        assert len(selects) >= 6 and max(selects) <= PHONE["width"]  # every filter on the screen
        first = page.locator(".nb-results > li").first.bounding_box()
        assert first["y"] + 40 <= PHONE["height"], f"the first result starts at y={first['y']}"


def test_site_name_is_whole_in_the_header_on_a_phone(sample_site, browser):
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        page.goto(base + page_kinds(sample_site)["notice"])
        page.mouse.wheel(0, 3000)  # Material would swap in the page's title, cut with "…"
        page.wait_for_timeout(300)
        title = page.locator(".md-header__title")
        assert title.inner_text().strip() == SITE_NAME
        assert title.evaluate("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= innerWidth")
        _shot(page, "header-phone")


def test_listing_figures_are_labelled_on_a_phone(sample_site, browser):
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        page.goto(base + page_kinds(sample_site)["archive-year"])
        cells = page.locator("table.nb-listing tbody td:nth-child(5)").all_inner_texts()
        assert cells and all(c.startswith("整改进度：") for c in cells)


def _reading(page) -> dict:
    return page.evaluate("""() => {
      const p = document.querySelector(".nb-text p, .md-content__inner > p"), s = getComputedStyle(p);
      const td = document.querySelector("table.nb-meta td");
      return {size: parseFloat(s.fontSize), leading: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
              colours: [s.color, getComputedStyle(document.body).backgroundColor],
              valueChars: td ? td.clientWidth / parseFloat(getComputedStyle(td).fontSize) : null};
    }""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", [Screen("phone", PHONE, True), Screen("desktop", DESKTOP, False)], ids=lambda s: s.name)
def test_large_text_mode_is_a_visible_toggle_that_is_remembered(sample_site, browser, screen, scheme):
    kinds = page_kinds(sample_site)
    with serve_dir(sample_site) as base, site_context(browser, base, screen, scheme) as context:
        page = context.new_page()
        page.goto(base + kinds["notice"])
        toggle = page.get_by_role("button", name="大字")
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
        before = _reading(page)
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        after = _reading(page)
        # the norm's intent: main text of at least 18 pt (24 px), line spacing of at least 1.3,
        # high contrast; the 基本信息 values keep room for a phrase on each line
        assert after["size"] >= 24 > before["size"] and after["leading"] >= 1.3
        assert page.evaluate(CONTRAST, after["colours"]) >= 15
        assert after["valueChars"] >= 10
        _shot(page, f"large-notice-{screen.name}-{scheme}")
        # remembered: on another page, and after a reload
        page.goto(base + kinds["archive-year"])
        assert page.evaluate("document.documentElement.dataset.nbMode") == "large"
        assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
        assert not axe_violations(page)
        page.goto(base + kinds["search"])
        wait_until_settled(page, kinds["search"])
        assert not axe_violations(page)
        _shot(page, f"large-search-{screen.name}-{scheme}")
        page.reload()
        assert page.evaluate("document.documentElement.dataset.nbMode") == "large"
        # and off again, remembered too
        page.get_by_role("button", name="大字").click()
        page.goto(base + kinds["notice"])
        assert page.evaluate("document.documentElement.dataset.nbMode") is None
        assert _reading(page)["size"] == before["size"]
