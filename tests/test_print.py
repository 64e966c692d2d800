"""A printed notice: 打印日期 is the day it is printed (the build date is another day), and without
JavaScript no date is printed rather than a false one; the printed page is the notice alone
(no header, tabs, search box or 大字 toggle), with its contact card and address. Chromium's own
print (page.pdf) and the print media type."""

from __future__ import annotations

import pytest

from paths import ARTIFACTS
from sites import serve_dir
from site_pages import DESKTOP, SCREENS, site_context

NOTICE = "notices/2021/2021-07-05-nanjing-dsj/"  # the fixture site, built on 2026-01-01 (pinned)
DATE_LINE = ".nb-notice__footer .nb-print-only"

# what shows on the printed page, by the print stylesheet: visible elements and their text
SHOWN = """(selector) => [...document.querySelectorAll(selector)].filter(e => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
}).map(e => e.innerText.trim())"""


@pytest.mark.browser
def test_the_printed_date_is_the_day_of_printing(fixture_site, browser):
    with serve_dir(fixture_site, "/notices/") as base, site_context(browser, base, SCREENS[0]) as context:
        page = context.new_page()
        page.clock.install(time="2031-03-04T09:00:00")
        page.goto(base + NOTICE)
        assert page.evaluate(SHOWN, DATE_LINE) == []  # on the screen, not shown
        page.emulate_media(media="print")
        assert page.evaluate(SHOWN, DATE_LINE) == ["打印日期：2031年3月4日"]
        # printed two days later from the same open tab: the browser prints that day
        page.clock.set_fixed_time("2031-03-06T20:00:00")
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        assert page.evaluate(SHOWN, DATE_LINE) == ["打印日期：2031年3月6日"]
        assert page.locator(DATE_LINE + " time").get_attribute("datetime") == "2031-03-06"
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "notice-print.pdf").write_bytes(pdf)


@pytest.mark.browser
def test_without_javascript_no_date_is_printed_rather_than_the_build_date(fixture_site, browser):
    with serve_dir(fixture_site, "/notices/") as base:
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(base + NOTICE)
            page.emulate_media(media="print")
            printed = page.locator("article.nb-notice").inner_text()
            assert "打印日期" not in printed and "2026-01-01" not in printed and "2026年1月1日" not in printed
            assert "南京市建邺区江东中路265号" in printed  # the notice itself is printed
        finally:
            context.close()


@pytest.mark.browser
def test_the_printed_page_is_the_notice_alone(fixture_site, browser):
    with serve_dir(fixture_site, "/notices/") as base, site_context(browser, base, SCREENS[0]) as context:
        page = context.new_page()
        page.goto(base + NOTICE)
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-tabs", ".nb-header-search", ".nb-mode-toggle", ".md-sidebar", ".md-footer"):
            assert page.evaluate(SHOWN, chrome) == [], f"{chrome} is printed"
        shown = page.evaluate(SHOWN, "h1, table.nb-meta, section.nb-contact, .nb-notice__footer")
        assert len(shown) == 4 and shown[0] == "中共南京市大数据管理局党组关于巡察整改进展情况的通报"
        assert "025-68786874" in shown[2] and "210019" in shown[2]
        # nothing runs past the right edge of the paper (A4 at 96 dpi, less the margins)
        page.set_viewport_size({"width": 700, "height": 1000})
        assert page.evaluate("document.documentElement.scrollWidth") <= 700
        page.screenshot(path=str(ARTIFACTS / "notice-print.png"), full_page=True)
