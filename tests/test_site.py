"""A real ``mkdocs build --strict`` of a test site, checked through an HTML parser and feedparser."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from sites import build, serve_dir, set_plugin_options

NOTICE = "notices/2021/2021-07-05-nanjing-dsj/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_notice_page_metadata_table(fixture_site):
    page = soup(fixture_site, NOTICE)
    assert page.find("h1").get_text() == "中共南京市大数据管理局党组关于巡察整改进展情况的通报"
    rows = {tr.th.get_text(): tr.td.get_text() for tr in page.select("table.nb-meta tr")}
    assert rows == {
        "发布机构": "中共南京市大数据管理局党组", "发布日期": "2021年7月5日", "联系方式": "如何反映意见（已于 2021年8月5日 截止）",
        "更新日期": "2021年7月8日",
        "类型": "整改进展情况通报", "文号": "宁数党〔2021〕5号", "巡视/巡察": "巡察", "轮次": "市委第十轮巡察",
        "巡察组": "市委第三巡察组", "巡察时间": "2020年11月26日至2021年1月22日", "反馈时间": "2021年2月7日",
        "整改进度": "已完成 1 项，推进中 1 项，长期坚持 1 项（共 3 项）",
    }
    assert page.select_one("html")["lang"].startswith("zh")


def test_notice_page_contact_card_links(fixture_site):
    card = soup(fixture_site, NOTICE).select_one("section.nb-contact")
    assert [a["href"] for a in card.select('a[href^="tel:"]')] == ["tel:025-68786874", "tel:12388"]
    assert [a["href"] for a in card.select('a[href^="mailto:"]')] == ["mailto:dsjglj@nj.gov.cn"]
    details = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in card.find_all("dt")}
    assert details["通信地址"] == "南京市建邺区江东中路265号新城大厦C座11层"
    assert details["邮政编码"] == "210019" and details["联系人"] == "办公室"
    # contact.until is 2021-08-05 and the build's "now" is pinned to 2026: the channel is closed
    assert "意见反馈渠道已于 2021年8月5日 关闭" in card.get_text()


def test_problems_attachments_revisions(fixture_site):
    page = soup(fixture_site, NOTICE)
    items = page.select("ol.nb-problems > li")
    assert [li.select_one(".nb-badge").get_text() for li in items] == ["已完成", "推进中", "长期坚持"]
    assert page.select_one(".nb-progress").get_text() == "整改进度：已完成 1 项，推进中 1 项，长期坚持 1 项（共 3 项）"
    link = page.select_one(".nb-attachments a")
    assert link.get_text() == "整改责任清单"
    assert (fixture_site / NOTICE).parent.joinpath(link["href"]).resolve() == (fixture_site / "attachments/2021/list.pdf").resolve()
    assert (fixture_site / "attachments/2021/list.pdf").read_bytes().startswith(b"%PDF")
    assert "更正联系电话" in page.select_one(".nb-revisions").get_text()


def test_notice_pages_are_not_in_the_navigation(fixture_site):
    home = soup(fixture_site, "index.html")
    nav_links = [a["href"] for a in home.select("nav.md-nav--primary a[href]")]
    assert not [h for h in nav_links if "notices/" in h]
    # ...but the home page lists the latest published notices
    latest = [a.get_text() for a in home.select("table.nb-listing tbody tr td:nth-of-type(2) a")]
    assert latest[0] == "中共南京市大数据管理局党组关于巡察整改进展情况的通报"
    assert len(latest) == 3


def test_drafts_are_nowhere_in_the_public_build(fixture_site):
    assert not (fixture_site / "notices/2021/2021-05-01-draft-secret").exists()
    for path in fixture_site.rglob("*"):
        if path.is_file() and path.suffix != ".gz" and "assets" not in path.parts:
            text = path.read_bytes().decode("utf-8", "replace")
            assert "甲乙丙丁" not in text and "draft-secret" not in text, path


def test_hostile_notice_text_is_shown_as_text(fixture_site):
    page = soup(fixture_site, "notices/2021/2021-06-11-xss-test/index.html")
    article = page.select_one("article")
    assert not article.find_all(["script", "img", "iframe"])
    for tag in page.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        assert not str(tag.get("href", "")).strip().lower().startswith("javascript"), tag
    assert "<script>alert('title')</script>" in page.find("h1").get_text()
    assert "<img src=x onerror=alert(2)>" in article.get_text()
    assert page.title.get_text().startswith("关于<script>")


def test_withdrawn_notice_keeps_its_url_with_a_banner(fixture_site):
    page = soup(fixture_site, "notices/2021/2021-04-01-withdrawn/index.html")
    assert page.select_one(".nb-banner--withdrawn").get_text() == "本通报已撤回。内容有误，已重新发布。"


def test_feeds_parse_and_list_published_notices(fixture_site):
    rss = feedparser.parse((fixture_site / "feed.xml").read_bytes())
    atom = feedparser.parse((fixture_site / "feed.atom").read_bytes())
    assert rss.version == "rss20" and atom.version == "atom10"
    assert not rss.bozo and not atom.bozo
    expected = ["https://example.org/notices/notices/2021/2021-07-05-nanjing-dsj/",
                "https://example.org/notices/notices/2021/2021-06-11-xss-test/",
                "https://example.org/notices/notices/2021/2021-04-01-withdrawn/"]
    assert [e.link for e in rss.entries] == expected
    assert [e.link for e in atom.entries] == expected
    issuer = feedparser.parse((fixture_site / "issuers/nanjing-dsj/feed.xml").read_bytes())
    assert [e.title for e in issuer.entries] == ["中共南京市大数据管理局党组关于巡察整改进展情况的通报"]


def test_open_data(fixture_site):
    index = json.loads((fixture_site / "api/notices.json").read_text(encoding="utf-8"))
    assert index["count"] == 3
    first = index["notices"][0]
    assert first["title"] == "中共南京市大数据管理局党组关于巡察整改进展情况的通报"
    assert first["tally"] == {"basis": "counted", "total": 3, "done": 1, "in_progress": 1, "long_term": 1,
                              "unstated": 0, "text": "已完成 1 项，推进中 1 项，长期坚持 1 项（共 3 项）"}
    one = json.loads((fixture_site / "api/notices/2021/2021-07-05-nanjing-dsj.json").read_text(encoding="utf-8"))
    assert one["contact"]["postcode"] == "210019" and one["inspection"]["start"] == "2020-11-26"
    schema = json.loads((fixture_site / "api/schema.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False


def test_sitemap_lists_every_published_notice(fixture_site):
    sitemap = (fixture_site / "sitemap.xml").read_text(encoding="utf-8")
    for slug in ("2021-07-05-nanjing-dsj", "2021-06-11-xss-test", "2021-04-01-withdrawn"):
        assert f"notices/2021/{slug}/" in sitemap
    assert "draft" not in sitemap


def test_listings_paginate_with_stable_urls(project, tmp_path):
    source = (project / "notices/2021/2021-07-05-nanjing-dsj.yml").read_text(encoding="utf-8")
    for i in range(1, 61):
        text = source.replace("published: 2021-07-05", f"published: 2021-{(i % 10) + 3:02d}-10").replace("updated: 2021-07-08\n", "")
        text = text.replace("revisions:\n  - {date: 2021-07-08, note: 更正联系电话}\n", "").replace("  until: 2021-08-05\n", "")
        text = text.replace("title: 中共", f"title: 第{i}号中共").replace("former_slugs: [2021-07-05-nanjing-dsjglj]\n", "")
        (project / f"notices/2021/gen-{i:03d}.yml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build(project, site)
    first = soup(site, "archive/2021/index.html")
    second = soup(site, "archive/2021/page/2/index.html")
    assert first.select_one(".nb-total").get_text() == "共 63 篇，第 1 / 2 页"
    assert len(first.select("table.nb-listing tbody tr")) == 50
    assert len(second.select("table.nb-listing tbody tr")) == 13
    prev = (site / "archive/2021/page/2" / second.select_one('a[rel="prev"]')["href"]).resolve()
    assert prev == (site / "archive/2021").resolve()  # back to page 1
    # the year links on page 2 go to each year's page, not somewhere under page/2/
    years = [(site / "archive/2021/page/2" / a["href"]).resolve() for a in second.select("ul.nb-facets a")]
    assert years and all(y.parent == (site / "archive").resolve() and (y / "index.html").is_file() for y in years)
    assert soup(site, "issuers/nanjing-dsj/page/2/index.html").select_one(".nb-total").get_text() == "共 61 篇，第 2 / 2 页"


def test_preview_build_shows_drafts_with_banner(project, tmp_path):
    set_plugin_options(project, preview=True)
    site = tmp_path / "site"
    build(project, site)
    draft = soup(site, "notices/2021/2021-05-01-draft-secret/index.html")
    assert draft.select_one(".nb-preview").get_text().startswith("预览")
    assert draft.select_one(".nb-banner--draft")
    assert soup(site, "index.html").select_one(".nb-preview")
    assert "甲乙丙丁" in draft.get_text()


def test_a_former_slug_redirects_to_the_notice(fixture_site, browser):
    redirect = soup(fixture_site, "notices/2021/2021-07-05-nanjing-dsjglj/index.html")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../2021-07-05-nanjing-dsj/"
    # site_url is set (https://example.org/notices/): the canonical address is whole, as on the notice page itself
    canonical = soup(fixture_site, "notices/2021/2021-07-05-nanjing-dsj/index.html").find("link", rel="canonical")["href"]
    assert redirect.find("link", rel="canonical")["href"] == canonical == "https://example.org/notices/notices/2021/2021-07-05-nanjing-dsj/"
    with serve_dir(fixture_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + "notices/2021/2021-07-05-nanjing-dsjglj/")
            page.wait_for_url(base + "notices/2021/2021-07-05-nanjing-dsj/")
            assert page.locator("h1").inner_text() == "中共南京市大数据管理局党组关于巡察整改进展情况的通报"
        finally:
            page.close()
