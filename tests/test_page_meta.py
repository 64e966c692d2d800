"""Every page carries the metadata government portals and their crawlers read (the 政府网站发展指引
page conventions: SiteName, SiteDomain, SiteIDCode, ColumnName; on a notice ArticleTitle, PubDate,
ContentSource, Keywords, Description, Url), the standard description and canonical link, and
lang="zh-CN"; from mkdocs.yml and the notice, escaped once whatever the notice holds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from paths import REPO
from sites import build

GOV_SITE = ("SiteName", "SiteDomain", "SiteIDCode")
GOV_ARTICLE = ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description", "Url")


def head(path: Path) -> tuple[BeautifulSoup, dict[str, list[str]]]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    metas: dict[str, list[str]] = {}
    for m in soup.head.find_all("meta", attrs={"name": True}):
        metas.setdefault(m["name"], []).append(m.get("content"))
    return soup, metas


def one(metas: dict[str, list[str]], name: str) -> str:
    values = metas.get(name, [])
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def test_a_notice_page_carries_the_portal_metadata(fixture_site):
    """The fixture site: site_url https://example.org/notices/, no publisher: block (no SiteIDCode)."""
    soup, metas = head(fixture_site / "notices/2021/2021-07-05-nanjing-dsj/index.html")
    assert soup.html["lang"] == "zh-CN"
    url = "https://example.org/notices/notices/2021/2021-07-05-nanjing-dsj/"
    assert {name: one(metas, name) for name in ("SiteName", "SiteDomain", "ColumnName", *GOV_ARTICLE)} == {
        "SiteName": "测试站点",
        "SiteDomain": "example.org",
        "ColumnName": "整改进展情况通报",
        "ArticleTitle": "中共南京市大数据管理局党组关于巡察整改进展情况的通报",
        "PubDate": "2021-07-05",
        "ContentSource": "中共南京市大数据管理局党组",
        "Keywords": "中共南京市大数据管理局党组,整改进展情况通报,巡察,市委第十轮巡察,市委第三巡察组",
        "Description": metas["description"][0],
        "Url": url,
    }
    assert metas["description"][0].startswith("根据市委统一部署，2020年11月26日至2021年1月22日")
    assert "SiteIDCode" not in metas  # not configured: not shown
    assert soup.head.find("link", rel="canonical")["href"] == url


def test_every_page_names_the_site_and_its_column(sample_site):
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    code = next(p["noticeboard"] for p in config["plugins"] if isinstance(p, dict) and "noticeboard" in p)["publisher"]["site_code"]
    pages = sorted(sample_site.rglob("*.html"))
    notices = 0
    for path in pages:
        soup, metas = head(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a former URL's redirect page
        where = path.relative_to(sample_site).as_posix()
        assert soup.html["lang"] == "zh-CN", where
        assert (one(metas, "SiteName"), one(metas, "SiteDomain"), one(metas, "SiteIDCode")) == (config["site_name"], "notices.example.gov.cn", code), where
        assert one(metas, "description"), where
        if where != "404.html":
            assert one(metas, "ColumnName"), where
            assert soup.head.find("link", rel="canonical")["href"].startswith(config["site_url"]), where
        if where.startswith("notices/"):
            notices += 1
            for name in GOV_ARTICLE:
                assert one(metas, name), f"{where}: {name}"
            assert one(metas, "Url") == soup.head.find("link", rel="canonical")["href"]
        else:
            assert not set(GOV_ARTICLE[:3]) & metas.keys(), where  # article metadata only on articles
    assert notices >= 20
    assert one(head(sample_site / "index.html")[1], "ColumnName") == "首页"
    assert one(head(sample_site / "archive/index.html")[1], "ColumnName") == "通报归档"


# Values that would end the attribute or the element if not escaped, or be read twice if escaped twice.
TITLE = '关于"整改"<script>alert(1)</script>&amp;的通报\'><meta name=x content=y>'
ISSUER = '测试机构"><img src=x onerror=alert(2)> & 分局'


def test_hostile_values_are_escaped_once(project):
    notice = project / "notices/2021/2021-07-05-nanjing-dsj.yml"
    text = notice.read_text(encoding="utf-8")
    text = text.replace("title: 中共南京市大数据管理局党组关于巡察整改进展情况的通报", "title: " + yaml.safe_dump(TITLE, allow_unicode=True).splitlines()[0])
    text = text.replace("issuer: nanjing-dsj", "issuer: {name: " + yaml.safe_dump(ISSUER, allow_unicode=True).splitlines()[0] + ", region: 测试省}")
    text = text.replace("summary: |\n  根据", "summary: |\n  <b>摘要</b> \"引号\" & 根据")
    notice.write_text(text, encoding="utf-8")
    build(project, project / "site")
    soup, metas = head(project / "site/notices/2021/2021-07-05-nanjing-dsj/index.html")
    assert one(metas, "ArticleTitle") == TITLE
    assert one(metas, "ContentSource") == ISSUER
    assert one(metas, "Keywords").startswith(ISSUER + ",")
    assert one(metas, "Description").startswith('<b>摘要</b> "引号" & 根据')  # the summary's text, markup-looking text as text
    assert one(metas, "Description") == one(metas, "description")
    assert "x" not in metas and not soup.head.find_all(["script", "img"], src=True) and not soup.head.find_all("img")
