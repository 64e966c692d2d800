"""Every link of the built site resolves, at the root of a host, under a sub-path, without
directory URLs (pages as files: ``notices/2021/x.html``) and without a site_url: a link checker
over every page (tests/linkcheck.py), and every URL the site gives out elsewhere (feeds, open
data, the sitemap, the search index, a former URL's redirect); feeds name the pages they follow. Without directory URLs the site
is read in Chromium from disk, and searched over a server that maps no folder to its index.html."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from linkcheck import broken_links, refresh_urls, resolves, target_file
from noticeboard import urls
from noticeboard.urls import Urls
from paths import REPO
from sites import build, serve_dir

SUB_PATH = "https://www.example.gov.cn/xxgk/tzgg/"

# a notice whose URL changed once and whose attachments have names a URL must encode
ODD_NAMES = ("q?x=1#f.pdf", "整改 清单（2021）.pdf", "100%.pdf")
FORMER, SLUG = "2021-09-30-ce-shi-ju-old", "2021-09-30-ce-shi-ju"
ODD_NOTICE = f"""\
title: 中共测试市测试局党组关于巡察整改情况的通报
former_slugs: [{FORMER}]
issuer: {{name: 中共测试市测试局党组, region: 测试省测试市}}
published: 2021-09-30
kind: report
summary: 现将巡察整改情况予以公布。
sections:
  - heading: 一、整改情况
    body: 已完成全部整改任务。
attachments:
""" + "".join(f"  - {{title: 附件{i}, file: 'attachments/2021/{name}'}}\n" for i, name in enumerate(ODD_NAMES, 1))


@dataclass(frozen=True)
class Deployed:
    site: Path
    site_url: str
    urls: Urls

    @property
    def prefix(self) -> str:
        return urlsplit(self.site_url).path or "/"

    @property
    def folders(self) -> bool:
        return self.urls.directory_urls

    def page(self, page: str) -> Path:
        return self.site / self.urls.file(page)

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup(self.page(page).read_text(encoding="utf-8"), "html.parser")

    def leads_to(self, here: str, link: str) -> Path | None:
        """The built file ``link`` leads to (absolute URLs of the site, or relative to ``here``)."""
        if self.site_url and link.startswith(self.site_url):
            link = self.prefix + link[len(self.site_url):]
        return target_file(self.site, self.prefix, here, link, folders=self.folders)


CONFIGS = {"root": ("https://www.example.gov.cn/", True), "sub-path": (SUB_PATH, True), "no-directory-urls": (SUB_PATH, False),
           "no-site-url": ("", True)}  # no site_url: absolute URLs from the host's root


@pytest.fixture(scope="module")
def deploy(tmp_path_factory):
    """``deploy(site_url, directory_urls)``: the sample project (mkdocs.yml, docs/, notices/) and
    one notice more (:data:`ODD_NOTICE`) built for ``site_url``, with or without directory URLs
    (each built once)."""
    built: dict[tuple[str, bool], Deployed] = {}

    def get(site_url: str, directory_urls: bool) -> Deployed:
        if (site_url, directory_urls) not in built:
            built[site_url, directory_urls] = _deploy(tmp_path_factory.mktemp("deployed") / "project", site_url, directory_urls)
        return built[site_url, directory_urls]

    return get


def _deploy(project: Path, site_url: str, directory_urls: bool) -> Deployed:
    for part in ("docs", "notices", "overrides", "attachments"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, project / part)
    (project / "notices" / "2021" / f"{SLUG}.yml").write_text(ODD_NOTICE, encoding="utf-8")
    for i, name in enumerate(ODD_NAMES):
        path = project / "attachments" / "2021" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 attachment " + bytes([48 + i]))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [f"site_url: {site_url}" if line.startswith("site_url:") else line for line in config.splitlines() if site_url or not line.startswith("site_url:")]
    if not directory_urls:
        lines.append("use_directory_urls: false")
    (project / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(project, project / "site")
    return Deployed(project / "site", site_url, Urls(directory_urls, site_url))


@pytest.fixture(scope="module", params=list(CONFIGS.values()), ids=list(CONFIGS))
def deployed(request, deploy) -> Deployed:
    return deploy(*request.param)


def test_every_link_resolves_to_a_built_file(deployed):
    assert broken_links(deployed.site, deployed.prefix, folders=deployed.folders) == {}
    # the checker sees what was broken before: a site-root link under a sub-path, a link above the
    # root, and without directory URLs a link to a folder
    probe = '<a href="/notices/x/">x</a><a href="../../x/">y</a><a href="../archive/">z</a><meta http-equiv="refresh" content="0; url=../nowhere.html">'
    expected = ["/notices/x/", "../../x/"] + ([] if deployed.folders else ["../archive/"]) + ["../nowhere.html"]
    assert broken_links_of(deployed, probe) == expected


def broken_links_of(deployed: Deployed, html: str) -> list[str]:
    probe = deployed.site / "about" / "probe.html"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text(html, encoding="utf-8")
    try:
        return broken_links(deployed.site, deployed.prefix, folders=deployed.folders).get("about/probe.html", [])
    finally:
        probe.unlink()


def test_pages_are_where_mkdocs_puts_them(deployed):
    notice = urls.notice(2021, SLUG)
    if deployed.folders:
        assert deployed.urls.file(notice) == f"notices/2021/{SLUG}/index.html"
    else:
        assert deployed.urls.file(notice) == f"notices/2021/{SLUG}.html"
        assert not (deployed.site / "notices" / "2021" / SLUG).exists()
    for page in (urls.HOME, urls.ARCHIVE, urls.archive_year(2021), notice, urls.SEARCH, urls.STATS):
        assert deployed.page(page).is_file(), page
    # the page's own canonical address (MkDocs', where site_url is set) is the one the site links
    canonical = deployed.soup(notice).find("link", rel="canonical")
    assert (canonical is not None) is bool(deployed.site_url)
    if canonical is not None:
        assert deployed.leads_to(deployed.urls.file(notice), canonical["href"]) == deployed.page(notice)


def test_attachments_with_any_name_are_linked_and_served(deployed):
    here = urls.notice(2021, SLUG)
    links = [a["href"] for a in deployed.soup(here).select("ul.nb-attachments a")]
    assert [deployed.leads_to(deployed.urls.file(here), link) for link in links] == \
           [deployed.site / "attachments" / "2021" / name for name in ODD_NAMES]
    assert all("?" not in link and "#" not in link and " " not in link for link in links)


def test_a_former_url_sends_visitors_to_the_notice(deployed):
    former = deployed.page(urls.notice(2021, FORMER))
    assert former.is_file()  # at the address the notice had, in this configuration
    here = former.relative_to(deployed.site).as_posix()
    [refresh] = refresh_urls(BeautifulSoup(former.read_text(encoding="utf-8"), "html.parser"))
    assert deployed.leads_to(here, refresh) == deployed.page(urls.notice(2021, SLUG))


def test_every_url_in_feeds_open_data_and_the_sitemap_resolves(deployed):
    given = []
    for feed in [*deployed.site.rglob("feed.xml"), *deployed.site.rglob("feed.atom")]:
        parsed = feedparser.parse(feed.read_bytes())
        given += [(feed, link.href) for link in parsed.feed.get("links", [])]
        given += [(feed, link.href) for item in parsed.entries for link in item.get("links", [])]
    assert len({f for f, _ in given}) >= 4
    for data in (deployed.site / "api").rglob("*.json"):  # every string that is a URL of the site
        given += [(data, url) for url in re.findall('"(' + re.escape(deployed.site_url or "/") + '[^"]*)"', data.read_text(encoding="utf-8"))]
    assert any(f.name == "notices.json" for f, _ in given)
    sitemap = deployed.site / "sitemap.xml"
    given += [(sitemap, loc) for loc in re.findall("<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))]
    unresolved = [(f.relative_to(deployed.site).as_posix(), url) for f, url in given
                  if not url.startswith(deployed.site_url) or deployed.leads_to("", url) is None]
    assert unresolved == []


def test_every_search_result_link_resolves(deployed):
    """A result links ``new URL(doc.u, data-root)`` (search.js), from the search page."""
    page = deployed.urls.file(urls.SEARCH)
    root = deployed.soup(urls.SEARCH).select_one("#nb-search")["data-root"]
    docs = list((deployed.site / "search" / "d").rglob("*.json.gz"))
    assert len(docs) >= 25
    links = [json.loads(gzip.decompress(d.read_bytes()))["u"] for d in docs]
    assert [u for u in links if not resolves(deployed.site, deployed.prefix, page, root + u, folders=deployed.folders)] == []
    assert deployed.leads_to(page, root + deployed.urls.link(urls.notice(2021, SLUG))) == deployed.page(urls.notice(2021, SLUG))


def test_feeds_link_the_pages_they_follow_and_issuer_pages_link_their_feeds(deployed):
    channel = feedparser.parse((deployed.site / "feed.xml").read_bytes()).feed
    assert deployed.leads_to("", channel.link) == deployed.page(urls.HOME)  # the RSS <link> is the site, not the feed
    issuer = urls.issuer(next((deployed.site / "issuers").glob("*/index.html")).parent.name)
    here = deployed.urls.file(issuer)
    feed_links = {a.get_text(): a["href"] for a in deployed.soup(issuer).select("article a[href$='feed.xml'], article a[href$='feed.atom']")}
    assert set(feed_links) == {"RSS 订阅", "Atom 订阅"}
    for href in feed_links.values():
        assert deployed.leads_to(here, href) is not None
    issuer_feed = feedparser.parse(deployed.leads_to(here, feed_links["RSS 订阅"]).read_bytes()).feed
    assert deployed.leads_to("", issuer_feed.link) == deployed.page(issuer)


def test_without_directory_urls_the_site_reads_from_disk_and_searches_without_folder_mapping(deploy, browser):
    """Home → a notice → the archive from a file:// URL; the search page fetches its index, which a
    browser refuses from file:// (a page from disk may not fetch() another file), so the search is
    tried over a server that maps no folder to its index.html, from a result to its notice."""
    site = deploy(*CONFIGS["no-directory-urls"])
    page = browser.new_page()
    try:
        page.goto(site.page(urls.HOME).as_uri())
        first = page.locator("table.nb-listing tbody a").first
        title = first.inner_text()
        first.click()
        assert page.url.endswith(".html") and page.locator("article h1").inner_text() == title
        page.locator("article table.nb-meta a").first.click()  # the issuer's page
        assert page.url.endswith("/index.html")
        page.locator("nav a:text-is('通报归档')").first.click()
        assert page.url == site.page(urls.ARCHIVE).as_uri()
        assert page.locator("article h1").inner_text() == "通报归档"
    finally:
        page.close()
    with serve_dir(site.site, site.prefix, folders=False) as base:
        page = browser.new_page()
        try:
            page.goto(base + site.urls.link(urls.HOME))
            page.fill("#nb-header-q", "整改")
            with page.expect_navigation():
                page.press("#nb-header-q", "Enter")
            assert page.url.startswith(base + "search/index.html?q=")
            page.wait_for_function("document.querySelector('.nb-status') && /找到/.test(document.querySelector('.nb-status').textContent)")
            hit = page.locator("ol.nb-results > li a").first
            title = hit.inner_text()
            hit.click()
            assert page.url.endswith(".html") and page.locator("article h1").inner_text() == title
        finally:
            page.close()



def test_a_site_without_search_links_no_search_page(fixture_site):
    """The fixture project (site_url https://example.org/notices/, search: false)."""
    assert not (fixture_site / "search").exists()
    assert broken_links(fixture_site, "/notices/") == {}
