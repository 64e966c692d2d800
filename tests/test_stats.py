"""The archive in figures: ``/stats/`` charts (SVG written at build time, no script) each with its
data table, the same figures as CSV and JSON under ``/api/``. A real `mkdocs build --strict` of
tests/fixtures/record on 2026-01-01 (its scheduled notice not yet out), read through an HTML
parser and in Chromium at phone size, light and dark, with axe-core and in print."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import ARTIFACTS
from site_pages import PHONE, Screen, site_context
from sites import serve_dir
from test_accessibility import CONTRAST, axe_violations

# What the fixture's notices state, counted by hand (the expected side, not the code's):
# 2024: the 文旅局 plan (4 items, none stated), its progress report (4 items: 1 done, 2 in
# progress, 1 long-term) and the 规划局 plan (1 item, unstated); 2025: the 文旅局 final report
# (共 4 个问题，已完成 3 个，长期坚持 1 个), the 卫健委 publicity (no items) and a withdrawn
# notice (not counted). The 文旅局's three notices list the same 4 problems: counted once.
EXPECTED = {
    "notices-per-year": [["2024", "3"], ["2025", "2"]],
    "notices-per-kind": [["plan", "2"], ["progress", "1"], ["report", "1"], ["publicity", "1"]],
    "problems-per-year": [["2024", "5", "1"], ["2025", "0", "2"]],
    "unstated-share": [["2024", "9", "5", "55.6"], ["2025", "4", "0", "0.0"]],
    "series-open": [["2024", "1", "1"], ["2025", "1", "0"]],
}
TABLES = {  # as the page's tables show them (row label, values…)
    "notices-per-year": [["2024 年", "3"], ["2025 年", "2"]],
    "notices-per-kind": [["整改方案", "2"], ["整改进展情况通报", "1"], ["整改情况报告", "1"], ["整改情况公示", "1"]],
    "problems-per-year": [["2024 年", "5", "1"], ["2025 年", "0", "2"]],
    "unstated-share": [["2024 年", "9", "5", "55.6%"], ["2025 年", "4", "0", "0.0%"]],
    "series-open": [["2024 年", "1", "1"], ["2025 年", "1", "0"]],
}


@pytest.fixture
def site(record_site) -> Path:
    return record_site


def stats_page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "stats/index.html").read_text(encoding="utf-8"), "html.parser")


def cell_value(cell) -> str:
    """A table cell's figure, without the column's name that phones show beside it."""
    return "".join(t for t in cell.find_all(string=True) if not t.find_parent(class_="nb-figure__label"))


def test_each_chart_has_its_data_table_beside_it(site):
    page = stats_page(site)
    figures = page.select("figure.nb-figure")
    assert [f["id"] for f in figures] == list(TABLES)
    for fig in figures:
        rows = [[cell_value(c) for c in tr.find_all(["th", "td"])] for tr in fig.select("table tbody tr")]
        # each figure is also named in its cell, for the phone's one-row-per-card layout
        assert [s.get_text() for s in fig.select("tbody tr:first-child td .nb-figure__label")] == [
            th.get_text() + "：" for th in fig.select("thead th")[1:]]
        assert rows == TABLES[fig["id"]], fig["id"]
        svg = fig.select_one(".nb-figure__chart svg")
        assert svg["role"] == "img" and svg.find("title").get_text() == fig.find_previous("h2").get_text()
        assert fig.select_one(".nb-figure__data table")  # the table is beside, in the same figure
    assert page.select_one(".nb-intro").get_text().startswith("截至 2026年1月1日（本站构建日期），本站共有 5 篇通报")
    assert not page.find_all("script", src=lambda s: s and "stats" in s)  # nothing to run for the charts


def test_bars_are_drawn_to_scale(site):
    fig = stats_page(site).select_one("figure#notices-per-year svg")
    widths = [float(r["width"]) for r in fig.select("rect.nb-chart__c0")]
    assert len(widths) == 2 and widths[0] / widths[1] == pytest.approx(3 / 2, rel=0.01)
    share = stats_page(site).select_one("figure#unstated-share svg")
    rest, part = [float(r["width"]) for r in share.select("rect.nb-chart__part")][:2]
    assert part / (rest + part) == pytest.approx(5 / 9, rel=0.01)  # 2024: 5 of 9 unstated


def test_the_same_figures_as_csv_and_json(site):
    page = stats_page(site)
    data = json.loads((site / "api/stats.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-01-01"
    by_key = {f["key"]: f for f in data["figures"]}
    assert list(by_key) == list(EXPECTED)
    for key, rows in EXPECTED.items():
        link = page.select_one(f"figure#{key} .nb-figure__download a")["href"]
        path = (site / "stats" / link).resolve()
        assert path == (site / f"api/stats/{key}.csv").resolve()
        # a full URL, as every other URL in the open data (site_url: https://example.org/board/)
        assert by_key[key]["csv"] == f"https://example.org/board/api/stats/{key}.csv"
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert table[0] == [c["key"] for c in by_key[key]["columns"]]
        assert table[1:] == rows, key
        assert [[str(v) for v in r.values()] for r in by_key[key]["rows"]] == rows
    assert by_key["notices-per-kind"]["labels"]["plan"] == "整改方案"


def test_stats_page_on_a_phone_light_dark_and_in_print(site, browser):
    found = {}
    with serve_dir(site) as base:
        for scheme in ("light", "dark"):
            with site_context(browser, base, Screen("phone", PHONE, True), scheme) as context:
                tab = context.new_page()
                tab.goto(base + "stats/")
                assert tab.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
                assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
                charts = tab.locator("figure.nb-figure svg.nb-chart")
                assert charts.count() == 5 and all(charts.nth(i).is_visible() for i in range(5))
                # each chart fits the screen: its box lies within the viewport's width
                assert tab.evaluate("Math.max(...[...document.querySelectorAll('svg.nb-chart')].map(s => s.getBoundingClientRect().right))") <= PHONE["width"]
                tab.screenshot(path=str(ARTIFACTS / f"stats-phone-{scheme}.png"), full_page=True)
                bg = tab.evaluate("getComputedStyle(document.body).backgroundColor")
                fills = tab.evaluate("[...new Set([...document.querySelectorAll('svg.nb-chart rect')].map(r => getComputedStyle(r).fill))]")
                assert len(fills) == 4  # the four colours the charts use
                for fill in fills:
                    assert tab.evaluate(CONTRAST, [fill, bg]) >= 3, f"{scheme}: bar {fill} on {bg}"
                text = tab.evaluate("getComputedStyle(document.querySelector('svg.nb-chart text')).fill")
                assert tab.evaluate(CONTRAST, [text, bg]) >= 4.5, f"{scheme}: chart text {text} on {bg}"
                if violations := axe_violations(tab):
                    found[f"stats {scheme}"] = violations
                tab.goto(base + "inspections/wlj-2024-03-15/")
                if violations := axe_violations(tab):
                    found[f"series {scheme}"] = violations
                assert not context.outside
        with site_context(browser, base, Screen("phone", PHONE, True)) as context:
            tab = context.new_page()
            tab.goto(base + "stats/")
            tab.emulate_media(media="print")
            assert tab.locator("figure#series-open svg").is_visible() and tab.locator("figure#series-open table").is_visible()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
