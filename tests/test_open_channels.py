"""Channels open now: ``/open/`` and the home page's block list the notices whose channel is open
on the build date, soonest closing first, with tel:/mailto: links; a channel leaves the list the
day after its ``until``. Real `mkdocs build --strict` builds of tests/fixtures/record on dates
set through SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import RECORD_SITE
from sites import build_on, copy_project, set_plugin_options

PUBLICITY = "中共青禾市卫生健康委员会党组关于巡察整改情况的公示"  # until 2026-01-15
PLAN = "中共青禾市规划和自然资源局党组关于巡察反馈意见的整改方案"  # until 2026-02-10
# never listed: a contact without until, one whose until has passed, a withdrawn notice's
NOT_LISTED = ("文化和旅游局", "（已撤回）")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = copy_project(RECORD_SITE, tmp_path_factory.mktemp("open"))
    set_plugin_options(target, search=False)
    return target


@pytest.fixture(scope="module")
def sites(project, tmp_path_factory) -> dict[dt.date, Path]:
    """The project built on the last day of the publicity's channel, the day after, and after
    every channel has closed."""
    out = {}
    for day in (dt.date(2026, 1, 15), dt.date(2026, 1, 16), dt.date(2026, 2, 11)):
        out[day] = tmp_path_factory.mktemp(f"site-{day}")
        build_on(day, project, out[day])
    return out


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def cards(scope) -> list[dict]:
    return [{
        "title": li.select_one(".nb-channel__title a").get_text(),
        "meta": li.select_one(".nb-channel__meta").get_text(),
        "tel": [a["href"] for a in li.select('a[href^="tel:"]')],
        "mailto": [a["href"] for a in li.select('a[href^="mailto:"]')],
    } for li in scope.select("li.nb-channel")]


def test_open_page_lists_open_channels_soonest_closing_first_with_ways_to_reach(sites):
    site = sites[dt.date(2026, 1, 15)]
    open_page = page(site, "open")
    assert open_page.select_one(".nb-intro").get_text().startswith("截至 2026年1月15日（本站构建日期），以下 2 篇通报")
    assert open_page.select_one(".nb-intro time")["datetime"] == "2026-01-15"
    assert cards(open_page) == [
        {"title": PUBLICITY, "meta": "中共青禾市卫生健康委员会党组 · 截止 2026年1月15日 （今天截止）",
         "tel": ["tel:0000-4567890"], "mailto": ["mailto:wjw-gs@example.gov.cn"]},
        {"title": PLAN, "meta": "中共青禾市规划和自然资源局党组 · 截止 2026年2月10日 （还剩 26 天）",
         "tel": ["tel:0000-3456789", "tel:12388"], "mailto": ["mailto:gtj-jd@example.gov.cn"]},
    ]
    text = open_page.get_text()
    assert not [t for t in NOT_LISTED if t in text]
    link = open_page.select_one(".nb-channel__title a")["href"]
    assert (site / "open" / link / "index.html").resolve() == (site / "notices/2025/2025-12-20-wjw-publicity/index.html").resolve()


def test_home_page_block_lists_the_same_channels(sites):
    site = sites[dt.date(2026, 1, 15)]
    block = page(site, "").select_one("section.nb-open-block")
    assert [c["title"] for c in cards(block)] == [PUBLICITY, PLAN]
    assert "截至 2026年1月15日（本站构建日期）" in block.get_text()
    # links relative to the home page (the site may live under a sub-path: no '../' above it)
    assert block.select_one(".nb-more a")["href"] == "open/"
    assert block.select_one(".nb-channel__title a")["href"] == "notices/2025/2025-12-20-wjw-publicity/"


def test_a_channel_leaves_the_list_the_day_after_until(sites):
    site = sites[dt.date(2026, 1, 16)]
    assert [c["title"] for c in cards(page(site, "open"))] == [PLAN]
    assert [c["title"] for c in cards(page(site, "").select_one("section.nb-open-block"))] == [PLAN]
    # and its own page says the channel has closed
    notice = page(site, "notices/2025/2025-12-20-wjw-publicity")
    assert "意见反馈渠道已于 2026年1月15日 关闭" in notice.select_one("section.nb-contact").get_text()


def test_when_every_channel_has_closed_the_page_says_so(sites):
    site = sites[dt.date(2026, 2, 11)]
    open_page = page(site, "open")
    assert not open_page.select("li.nb-channel")
    assert open_page.select_one(".nb-intro").get_text() == "截至 2026年2月11日（本站构建日期），没有意见反馈渠道仍在开放的通报。"
    block = page(site, "").select_one("section.nb-open-block")
    assert not block.select("li.nb-channel") and "没有意见反馈渠道仍在开放的通报" in block.get_text()
