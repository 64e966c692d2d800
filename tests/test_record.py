"""The site states what a notice states, and nothing more: read as a citizen reads it, from the
built pages (HTML parser), the feeds (feedparser), the open data (JSON), the search index and the
search page (real browser), and the preview a reviewer reads.

Three notices of our own join the fixture site: one whose items state no status, one with stated
totals, one whose totals and items disagree; the fixture's withdrawn notice must be marked
wherever it is listed.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from noticeboard.search.index import columns
from paths import FIXTURE_SITE
from sites import build, copy_project, serve_dir, set_plugin_options

UNSTATED = "notices/2021/2021-09-01-unstated/"
STATED = "notices/2021/2021-09-02-stated/"
DISAGREE = "notices/2021/2021-09-03-disagree/"
WITHDRAWN = "notices/2021/2021-04-01-withdrawn/"
WITHDRAWN_TITLE = "中共某某局党组关于巡视整改情况的通报"
REASON = "内容有误，已重新发布。"

# Items written in the sections (the schema's Section.problems), none with a status; the title
# says 完成 and the measures report 成效, but no item's status is stated, so none is shown.
NOTICE_UNSTATED = """\
title: 中共某区统计局党组关于巡察整改落实完成情况的通报
issuer: {name: 中共某区统计局党组, region: 某市某区}
published: 2021-09-01
kind: report
summary: 区委第二巡察组于2021年3月对区统计局党组开展了常规巡察。现将整改落实情况通报如下。
sections:
  - heading: 一、整改工作的组织落实
    body: 局党组把巡察整改作为重要政治任务，成立整改工作领导小组，逐项明确责任。
  - heading: 二、反馈问题的整改落实
    body: （一）统计数据质量方面
    problems:
      - title: 基层统计台账填报不规范
        category: 统计数据质量方面
        measures: |
          组织全区统计人员集中培训两期，逐户核对企业一套表台账并建立抽查复核机制。
          整改成效：抽查的一百二十家企业台账全部规范。
        department: 综合统计科
      - title: 统计执法检查覆盖面不足
        category: 统计数据质量方面
        measures: 制定年度执法检查计划，对规模以上企业实行随机抽取检查对象、随机选派执法检查人员。
        deadline: 长期坚持
problems:
  - title: 档案室管理制度落实不到位
    measures: 修订档案借阅登记规程，配齐温湿度监测设备，每季度开展一次档案安全自查。
"""

NOTICE_STATED = """\
title: 中共某市园林局党组关于巡察整改进展情况的通报
issuer: {name: 中共某市园林局党组}
published: 2021-09-02
kind: progress
summary: 市委第四巡察组反馈问题二十五个，整改进展如下。
sections:
  - heading: 一、整改进展
    body: 截至目前，反馈的二十五个问题中已完成二十个，其余五个正在推进。
    problems:
      - title: 公园绿地养护合同管理不严
        measures: 全面清理在履行的养护合同，补签考核条款。
progress: {total: 25, done: 20, in_progress: 5}
"""

# The stated totals say all four are done; the items say otherwise. The page shows the totals
# as stated (the importer flags such a notice for review) and each item's own status.
NOTICE_DISAGREE = """\
title: 中共某县交通运输局党组关于巡察整改情况的通报
issuer: {name: 中共某县交通运输局党组}
published: 2021-09-03
kind: report
summary: 县委第三巡察组反馈的四个问题已全部整改完成。
problems:
  - {title: 农村公路养护资金拨付滞后, status: in_progress}
  - {title: 超限超载治理联合执法不足, status: in_progress}
  - {title: 客运站安全检查记录缺失}
  - {title: 工程项目变更审批不规范}
progress: {total: 4, done: 4}
"""


def _write_notices(root: Path) -> None:
    for name, text in [("2021-09-01-unstated", NOTICE_UNSTATED), ("2021-09-02-stated", NOTICE_STATED),
                       ("2021-09-03-disagree", NOTICE_DISAGREE)]:
        (root / f"notices/2021/{name}.yml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site plus the three notices above, built with the search index."""
    root = copy_project(FIXTURE_SITE, tmp_path_factory.mktemp("record"))
    _write_notices(root)
    set_plugin_options(root, search=True)
    build(root, root / "site")
    return root / "site"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> BeautifulSoup:
    return soup(site, url + "index.html").select_one("article")


def meta_rows(site: Path, url: str) -> dict[str, str]:
    return {tr.th.get_text(): tr.td.get_text() for tr in article(site, url).select("table.nb-meta tr")}


def listing_row(page: BeautifulSoup, title: str):
    rows = [tr for tr in page.select("table.nb-listing tbody tr") if tr.select("td")[1].a.get_text() == title]
    assert len(rows) == 1, title
    return rows[0]


def feed_entry(site: Path, path: str, title_part: str):
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo
    found = [e for e in feed.entries if title_part in e.title]
    assert len(found) == 1, (path, title_part)
    return found[0]


def index_docs(site: Path) -> list[dict]:
    """The search index's documents in id order (whole, not the heads beside them)."""
    paths = [p for p in (site / "search/d").rglob("*.json.gz") if not p.name.endswith(".h.json.gz")]
    return [json.loads(gzip.decompress(p.read_bytes())) for p in sorted(paths, key=lambda p: int(p.name.split(".")[0]))]


def index_meta(site: Path) -> dict:
    return json.loads(gzip.decompress((site / "search/meta.json.gz").read_bytes()))


# --- a notice whose items state no status ---------------------------------------------------

def test_unstated_items_show_no_progress_status_anywhere(site):
    page = article(site, UNSTATED)
    badges = [b.get_text() for b in page.select(".nb-badge")]
    assert badges == ["未注明", "未注明", "未注明"]
    assert "推进中" not in page.get_text() and "已完成" not in page.get_text()
    assert meta_rows(site, UNSTATED)["整改进度"] == "未注明 3 项（共 3 项）"
    title = "中共某区统计局党组关于巡察整改落实完成情况的通报"
    for listing in ("index.html", "archive/2021/index.html", "kinds/report/index.html",
                    "issuers/zhong-gong-mou-qu-tong-ji-ju-dang-zu/index.html"):
        row = listing_row(soup(site, listing), title)
        assert row.select("td")[4].get_text() == "整改进度：未注明 3 项（共 3 项）", listing
    for feed in ("feed.xml", "feed.atom"):
        entry = feed_entry(site, feed, title)
        assert "推进中" not in entry.description and "未注明 3 项（共 3 项）" in entry.description
    index = json.loads((site / "api/notices.json").read_text(encoding="utf-8"))
    [summary] = [n for n in index["notices"] if n["title"] == title]
    assert summary["tally"] == {"basis": "counted", "total": 3, "done": 0, "in_progress": 0, "long_term": 0,
                                "unstated": 3, "text": "未注明 3 项（共 3 项）"}
    one = json.loads((site / "api/notices/2021/2021-09-01-unstated.json").read_text(encoding="utf-8"))
    assert [p["status"] for s in one["sections"] for p in s.get("problems", [])] == [None, None]
    assert [p["status"] for p in one["problems"]] == [None]
    [doc] = [d for d in index_docs(site) if d["t"] == title]
    assert doc["p"] == "未注明 3 项（共 3 项）"


def test_the_status_facet_counts_unstated_apart(site):
    meta = index_meta(site)
    titles = [d["t"] for d in index_docs(site)]  # in the index's document order
    bit = {s: 1 << i for i, s in enumerate(meta["statuses"])}
    by_status = {s: sorted(t for t, v in zip(titles, columns(meta)["status"]) if v & b) for s, b in bit.items()}
    assert "中共某区统计局党组关于巡察整改落实完成情况的通报" in by_status["unstated"]
    assert "中共某区统计局党组关于巡察整改落实完成情况的通报" not in by_status["in_progress"]
    # stated totals 20 done + 5 in progress: both, and none left unstated of the 25
    assert "中共某市园林局党组关于巡察整改进展情况的通报" in by_status["done"]
    assert "中共某市园林局党组关于巡察整改进展情况的通报" in by_status["in_progress"]
    # the fixture's nanjing notice states done, in_progress and long_term for its three items
    assert by_status["long_term"] == ["中共南京市大数据管理局党组关于巡察整改进展情况的通报"]


# --- stated totals ----------------------------------------------------------------------------

def test_stated_totals_are_shown_as_stated(site):
    text = "共 25 个问题，已完成 20 个，正在推进 5 个"
    assert meta_rows(site, STATED)["整改进度"] == text
    assert article(site, STATED).select_one(".nb-problem .nb-badge").get_text() == "未注明"
    row = listing_row(soup(site, "archive/2021/index.html"), "中共某市园林局党组关于巡察整改进展情况的通报")
    assert row.select("td")[4].get_text() == f"整改进度：{text}"
    assert text in feed_entry(site, "feed.xml", "园林局").description
    index = json.loads((site / "api/notices.json").read_text(encoding="utf-8"))
    [summary] = [n for n in index["notices"] if "园林局" in n["title"]]
    assert summary["tally"] == {"basis": "stated", "total": 25, "done": 20, "in_progress": 5, "long_term": None,
                                "unstated": None, "text": text}


def test_totals_that_disagree_with_the_items_are_shown_as_stated(site):
    page = article(site, DISAGREE)
    assert meta_rows(site, DISAGREE)["整改进度"] == "共 4 个问题，已完成 4 个"
    assert page.select_one(".nb-progress").get_text() == "整改进度：共 4 个问题，已完成 4 个"
    assert [b.get_text() for b in page.select(".nb-badge")] == ["推进中", "推进中", "未注明", "未注明"]
    one = json.loads((site / "api/notices/2021/2021-09-03-disagree.json").read_text(encoding="utf-8"))
    assert one["progress"] == {"total": 4, "done": 4}
    assert [p["status"] for p in one["problems"]] == ["in_progress", "in_progress", None, None]


# --- each item's text once ------------------------------------------------------------------

def test_each_items_text_appears_once_at_its_place(site):
    page = article(site, UNSTATED)
    text = page.get_text()
    for phrase in ("基层统计台账填报不规范", "逐户核对企业一套表台账", "随机选派执法检查人员", "每季度开展一次档案安全自查"):
        assert text.count(phrase) == 1, phrase
    # the section's items stand after its body, before the next heading
    second = page.find("h2", string="二、反馈问题的整改落实")
    following = second.find_next_siblings()
    titles = [li.select_one(".nb-problem__title").get_text() for el in following[:3] if el.name == "ol" for li in el.select("li")]
    assert titles == ["未注明 基层统计台账填报不规范", "未注明 统计执法检查覆盖面不足"]
    assert page.select_one(".nb-problem__category").get_text() == "统计数据质量方面"
    owners = page.select(".nb-problem__owners")[0]
    assert owners.dt.get_text() == "责任单位" and owners.dd.get_text() == "综合统计科"
    # top-level items keep the 整改问题清单 list
    assert [h.get_text() for h in page.select("h2")][-1] == "整改问题清单"
    assert not page.select("details")  # nothing folded away


def test_an_item_repeating_the_body_is_shown_once(project, tmp_path):
    """A file written before items moved into the sections still repeats their text in the body:
    the page shows it once, and the index holds it once."""
    paragraph = "对照巡察反馈意见逐条建立整改台账，明确整改时限和责任人员，实行销号管理。"
    (project / "notices/2021/2021-09-04-repeat.yml").write_text(f"""\
title: 中共某镇党委关于巡察整改情况的通报
issuer: {{name: 中共某镇党委}}
published: 2021-09-04
kind: report
sections:
  - heading: 一、整改情况
    body: |
      1.关于整改台账不健全的问题
      {paragraph}
problems:
  - title: 整改台账不健全
    measures: |
      {paragraph}
      下一步每月通报台账进度。
""", encoding="utf-8")
    site = tmp_path / "site"
    build(project, site)
    text = article(site, "notices/2021/2021-09-04-repeat/").get_text()
    assert text.count(paragraph) == 1 and text.count("下一步每月通报台账进度。") == 1
    from noticeboard.project import load_project
    from noticeboard.search import search_doc
    from noticeboard.urls import Urls

    [entry] = [e for e in load_project(project).entries if e.slug == "2021-09-04-repeat"]
    assert search_doc(entry, Urls()).text.count(paragraph) == 1


# --- withdrawn notices --------------------------------------------------------------------------

@pytest.mark.parametrize("listing", ["index.html", "archive/2021/index.html", "kinds/publicity/index.html",
                                     "issuers/zhong-gong-mou-mou-ju-dang-zu/index.html"])
def test_withdrawn_is_marked_in_every_listing(site, listing):
    page = soup(site, listing)
    row = listing_row(page, WITHDRAWN_TITLE)
    assert row.select_one(".nb-withdrawn").get_text() == f"已撤回 {REASON}"
    assert row.select("td")[1].a["href"].endswith(WITHDRAWN)  # the URL stays
    others = [tr for tr in page.select("table.nb-listing tbody tr") if tr is not row]
    assert not [tr for tr in others if tr.select_one(".nb-withdrawn")]


@pytest.mark.parametrize("feed", ["feed.xml", "feed.atom", "issuers/zhong-gong-mou-mou-ju-dang-zu/feed.xml",
                                  "issuers/zhong-gong-mou-mou-ju-dang-zu/feed.atom"])
def test_withdrawn_is_marked_in_feeds(site, feed):
    entry = feed_entry(site, feed, WITHDRAWN_TITLE)
    assert entry.title == f"【已撤回】{WITHDRAWN_TITLE}"
    assert entry.description.startswith(f"已撤回：{REASON}")
    assert entry.link.endswith(WITHDRAWN)
    assert not [e for e in feedparser.parse((site / feed).read_bytes()).entries
                if e.link != entry.link and "已撤回" in e.title + e.description]


def test_withdrawn_is_marked_in_open_data_and_the_search_index(site):
    index = json.loads((site / "api/notices.json").read_text(encoding="utf-8"))
    [summary] = [n for n in index["notices"] if n["title"] == WITHDRAWN_TITLE]
    assert summary["status"] == "withdrawn" and summary["withdrawn_reason"] == REASON
    assert {n["withdrawn_reason"] for n in index["notices"] if n is not summary} == {None}
    docs = {d["t"]: d for d in index_docs(site)}
    assert docs[WITHDRAWN_TITLE]["w"] == f"已撤回：{REASON}"
    assert not [t for t, d in docs.items() if "w" in d and t != WITHDRAWN_TITLE]


def test_search_results_mark_withdrawn_and_state_progress_as_the_notice_does(site, browser):
    with serve_dir(site.parent / "site") as base:
        page = browser.new_page()
        try:
            page.goto(base + "search/?q=" + "整改情况的通报")
            page.wait_for_function("/找到|没有/.test(document.querySelector('.nb-status').textContent)")
            hits = page.locator("ol.nb-results > li").evaluate_all(
                "els => els.map(e => [e.querySelector('a').textContent, e.textContent])")
            by_title = dict(hits)
            assert f"已撤回：{REASON}" in by_title[WITHDRAWN_TITLE]
            assert "整改进度：共 4 个问题，已完成 4 个" in by_title["中共某县交通运输局党组关于巡察整改情况的通报"]
            assert not [t for t, text in hits if "已撤回" in text and t != WITHDRAWN_TITLE]
            page.goto(base + "search/?q=" + "统计台账")
            page.wait_for_function("/找到|没有/.test(document.querySelector('.nb-status').textContent)")
            result = page.locator("ol.nb-results > li").first.text_content()
            assert "整改进度：未注明 3 项（共 3 项）" in result and "推进中" not in result
            status = page.locator("select[name=status] option").all_text_contents()
            assert "未注明（1）" in status and not [o for o in status if o.startswith("推进中")]
        finally:
            page.close()


# --- the preview: review flags beside their fields ----------------------------------------------

def test_preview_shows_each_draft_flag_beside_its_field(project, tmp_path):
    (project / "notices/2021/2021-09-05-flagged.yml").write_text("""\
title: 中共某乡党委关于巡察整改情况的通报
issuer: {name: 中共某乡党委}
published: 2021-09-05
kind: report
status: draft
summary: 乡党委对反馈问题逐项整改。
contact:
  phones: ["0745-723658"]
progress: {total: 12, done: 9}
review:
  - "contact.phones[0]：号码比常见的固定电话少一位，请对照原文核对"
  - "progress.total: 原文写“共12个问题”，与所列问题数不一致"
  - "原文第3行起的两行被当作页眉删去，请核对"
""", encoding="utf-8")
    set_plugin_options(project, preview=True)
    site = tmp_path / "site"
    build(project, site)
    page = article(site, "notices/2021/2021-09-05-flagged/")
    box = page.select_one(".nb-review")
    # at the top: before the metadata table and the body
    assert box.find_next("table", class_="nb-meta") is not None
    items = box.select("li")
    assert len(items) == 3
    phone, total, general = items
    assert phone.select_one(".nb-review__field").get_text() == "联系方式 › 电话（第 1 个） contact.phones[0]"
    assert phone.select_one(".nb-review__value").get_text() == "0745-723658"
    assert phone.select_one(".nb-review__message").get_text() == "号码比常见的固定电话少一位，请对照原文核对"
    assert total.select_one(".nb-review__field").get_text().startswith("整改进度 › 问题总数")
    assert total.select_one(".nb-review__value").get_text() == "12"
    assert not general.select_one(".nb-review__field")
    assert general.select_one(".nb-review__message").get_text() == "原文第3行起的两行被当作页眉删去，请核对"
    # a published page never carries the box
    assert not article(site, "notices/2021/2021-07-05-nanjing-dsj/").select_one(".nb-review")
