"""An inspection's notices together on the built site (real `mkdocs build --strict` of
tests/fixtures/record): the series page with its timeline and each problem's status over time,
each notice's place in its series, the index, the series feed and open data; the series page in
Chromium at phone size."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from paths import ARTIFACTS
from site_pages import PHONE, Screen, site_context
from sites import serve_dir

SERIES = "inspections/wlj-2024-03-15/"
PLAN = "notices/2024/2024-05-10-wlj-plan/"
PROGRESS = "notices/2024/2024-09-20-wlj-progress/"
REPORT = "notices/2025/2025-03-01-wlj-report/"
TITLE = "中共青禾市文化和旅游局党组：市委第七轮巡察（市委第三巡察组）"


@pytest.fixture
def site(record_site) -> Path:
    return record_site


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def target(site: Path, url: str, href: str) -> str:
    """Where a relative link on the page at ``url`` leads, as a site URL."""
    return (site / url / href).resolve().relative_to(site.resolve()).as_posix() + "/"


def test_series_page_timeline_states_each_notices_progress_and_dates(site):
    p = page(site, SERIES)
    assert p.find("h1").get_text() == TITLE
    events = [" ".join(li.get_text(" ", strip=True).split()) for li in p.select("ol.nb-timeline > li")]
    assert events == [
        "2023年11月6日至2024年1月12日 市委第三巡察组开展巡察",
        "2024年3月15日 市委第三巡察组反馈巡察意见",
        "2024年5月10日 整改方案 整改方案 中共青禾市文化和旅游局党组关于市委第三巡察组反馈意见的整改方案 整改进度：未注明 4 项（共 4 项）",
        "2024年9月20日 进展 整改进展情况通报 中共青禾市文化和旅游局党组关于巡察整改进展情况的通报 "
        "整改进度：已完成 1 项，推进中 2 项，长期坚持 1 项（共 4 项）",
        "2025年3月1日 完成 整改情况报告 中共青禾市文化和旅游局党组关于巡察整改落实完成情况的报告 整改进度：共 4 个问题，已完成 3 个，长期坚持 1 个",
    ]
    links = [target(site, SERIES, a["href"]) for a in p.select(".nb-timeline__title a")]
    assert links == [PLAN, PROGRESS, REPORT]


def test_series_page_shows_each_problems_status_over_time(site):
    p = page(site, SERIES)
    tracks = {li.select_one(".nb-track__title").get_text(): [b.get_text() for b in li.select(".nb-badge")]
              for li in p.select("li.nb-track")}
    assert tracks == {
        "意识形态工作责任制落实不到位问题": ["未注明", "已完成", "已完成"],
        "部分文旅专项资金拨付滞后，资金监管存在薄弱环节": ["未注明", "推进中", "已完成"],
        "干部队伍年龄结构老化问题": ["未注明", "长期坚持", "长期坚持"],
        "公务接待工作不规范": ["未注明", "推进中", "已完成"],  # pinned by id: the wordings share little
    }
    first = p.select_one("li.nb-track .nb-track__points a")
    assert target(site, SERIES, first["href"]) == PLAN and first.get_text() == "2024年5月10日"


def test_each_notice_page_shows_its_place_and_links_to_the_others(site):
    for url, stage in ((PLAN, "整改方案"), (PROGRESS, "进展"), (REPORT, "完成")):
        block = page(site, url).select_one("nav.nb-series")
        assert block.select_one(".nb-series__lead a").get_text() == TITLE
        assert target(site, url, block.select_one(".nb-series__lead a")["href"]) == SERIES
        steps = {li.select_one(".nb-stage__label").get_text(): li for li in block.select("li.nb-stage")}
        assert list(steps) == ["反馈", "整改方案", "进展", "完成"]
        assert steps["反馈"].find("time")["datetime"] == "2024-03-15"
        current = block.select_one('[aria-current="page"]')
        assert current.find_parent("li") is steps[stage] and "（本篇）" in current.get_text()
        others = {target(site, url, a["href"]) for a in block.select("a.nb-stage__notice")}
        assert others == {PLAN, PROGRESS, REPORT} - {url}


def test_a_series_with_no_final_report_shows_the_stage_still_empty(site):
    block = page(site, "notices/2024/2024-06-01-gtj-plan/").select_one("nav.nb-series")
    assert "第 1 篇通报（共 1 篇）" in block.get_text()
    assert [li.get_text(" ", strip=True) for li in block.select("li.nb-stage")][2:] == ["进展 尚无通报", "完成 尚无通报"]


def test_index_lists_every_series_and_how_many_are_still_open(site):
    p = page(site, "inspections/")
    assert p.select_one(".nb-intro").get_text().startswith("共 3 次巡视巡察的整改通报，其中 2 次的最近一篇通报尚未表明整改全部完成。")
    titles = [a.get_text() for a in p.select(".nb-series-index__title a")]
    assert titles[0] == "中共青禾市卫生健康委员会党组：市委第五巡察组巡察" and TITLE in titles


def test_series_feed_announces_its_notices(site):
    feed = feedparser.parse((site / SERIES / "feed.xml").read_bytes())
    assert feed.feed.title.startswith(TITLE)
    assert [e.link for e in feed.entries] == [f"https://example.org/board/{u}" for u in (REPORT, PROGRESS, PLAN)]
    atom = feedparser.parse((site / SERIES / "feed.atom").read_bytes())
    assert len(atom.entries) == 3
    # the page offers it
    assert page(site, SERIES).select_one('.nb-feeds a[href="feed.xml"]')


def test_open_data_carries_the_series(site):
    notices = json.loads((site / "api/notices.json").read_text(encoding="utf-8"))["notices"]
    ref = {"slug": "wlj-2024-03-15", "title": TITLE, "url": f"https://example.org/board/{SERIES}"}
    assert {n["slug"]: n["inspection_series"] for n in notices if n["slug"].endswith(("wlj-plan", "wlj-progress", "wlj-report"))} == {
        "2024-05-10-wlj-plan": ref, "2024-09-20-wlj-progress": ref, "2025-03-01-wlj-report": ref}
    one = json.loads((site / "api/notices/2024/2024-09-20-wlj-progress.json").read_text(encoding="utf-8"))
    assert one["inspection_series"] == ref
    data = json.loads((site / "api/inspections.json").read_text(encoding="utf-8"))
    [wlj] = [s for s in data["inspections"] if s["slug"] == "wlj-2024-03-15"]
    assert wlj["complete"] is True and wlj["inspection"]["feedback"] == "2024-03-15"
    assert [(n["slug"], n["stage"], n["tally"]["basis"]) for n in wlj["notices"]] == [
        ("2024-05-10-wlj-plan", "plan", "counted"), ("2024-09-20-wlj-progress", "progress", "counted"),
        ("2025-03-01-wlj-report", "complete", "stated")]
    jiedai = next(p for p in wlj["problems"] if p["id"] == "jiedai")
    assert [s["status"] for s in jiedai["statuses"]] == [None, "in_progress", "done"]


def test_series_page_reads_on_a_phone_without_sideways_scrolling(site, browser):
    with serve_dir(site) as base:
        with site_context(browser, base, Screen("phone", PHONE, True)) as context:
            tab = context.new_page()
            tab.goto(base + SERIES)
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            assert tab.locator("ol.nb-timeline > li").count() == 5
            assert tab.locator("li.nb-track").first.is_visible()
            tab.screenshot(path=str(ARTIFACTS / "series-phone.png"), full_page=True)
            # from the series page to a notice and, from its place in the series, to the next one
            tab.locator(".nb-timeline__title a").nth(1).click()
            tab.wait_for_url("**/" + PROGRESS)
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            tab.locator("nav.nb-series a.nb-stage__notice").last.click()
            tab.wait_for_url("**/" + REPORT)
            assert tab.locator("h1").first.inner_text() == "中共青禾市文化和旅游局党组关于巡察整改落实完成情况的报告"
            assert not context.outside
