"""Real-browser tests of pages: Debian's chromium through Playwright, on the built site."""

from __future__ import annotations

from paths import ARTIFACTS
from sites import serve_dir

NOTICE = "notices/2021/2021-07-05-nanjing-dsj/"


def test_notice_page_in_a_browser(fixture_site, browser):
    with serve_dir(fixture_site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(base + NOTICE)
            table = page.locator("table.nb-meta")
            assert table.is_visible()
            assert table.locator("tr", has_text="巡察组").locator("td").inner_text() == "市委第三巡察组"
            tel = page.locator('section.nb-contact a[href="tel:025-68786874"]')
            mail = page.locator('section.nb-contact a[href="mailto:dsjglj@nj.gov.cn"]')
            assert tel.is_visible() and mail.is_visible()
            assert tel.inner_text() == "025-68786874"
            # this site builds no search page (search: false): no header search box leads to one
            # (the box on a site with search: test_search_site.py)
            assert page.locator(".nb-header-search").count() == 0
            page.screenshot(path=str(ARTIFACTS / "notice-desktop.png"), full_page=True)
        finally:
            page.close()


def test_notice_page_on_a_phone_and_in_print(fixture_site, browser):
    with serve_dir(fixture_site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        try:
            page.goto(base + NOTICE)
            # nothing wider than the screen: no sideways scrolling on a phone
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.locator('a[href="tel:12388"]').is_visible()
            page.screenshot(path=str(ARTIFACTS / "notice-phone.png"), full_page=True)
            page.emulate_media(media="print")
            assert page.locator(".nb-header-search").is_hidden()
            assert page.locator("table.nb-meta").is_visible()
        finally:
            page.close()
