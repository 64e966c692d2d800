"""Every link of the built site resolves, at the root of a host and under a sub-path: a link
checker over every page (tests/linkcheck.py); feeds name the pages they follow."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from linkcheck import broken_links
from paths import REPO
from sites import build

SUB_PATH = "https://www.example.gov.cn/xxgk/tzgg/"


@pytest.fixture(scope="module", params=["https://www.example.gov.cn/", SUB_PATH], ids=["root", "sub-path"])
def deployed(request, tmp_path_factory) -> tuple[Path, str]:
    """The sample project (mkdocs.yml, docs/, notices/) built for ``site_url``."""
    project = tmp_path_factory.mktemp("deployed") / "project"
    for part in ("docs", "notices", "overrides", "attachments"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, project / part)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [f"site_url: {request.param}" if line.startswith("site_url:") else line for line in config.splitlines()]
    (project / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(project, project / "site")
    return project / "site", request.param


def test_every_link_resolves_to_a_built_file(deployed):
    site, site_url = deployed
    prefix = "/" + site_url.split("/", 3)[3]
    assert broken_links(site, prefix) == {}
    # the checker sees what was broken before: a site-root link under a sub-path, a link above the root
    assert broken_links_of(site, prefix, '<a href="/notices/x/">x</a><a href="../../x/">y</a>') == ["/notices/x/", "../../x/"]


def broken_links_of(site: Path, prefix: str, html: str) -> list[str]:
    probe = site / "about" / "probe.html"
    probe.write_text(html, encoding="utf-8")
    try:
        return broken_links(site, prefix).get("about/probe.html", [])
    finally:
        probe.unlink()


def test_feeds_link_the_pages_they_follow_and_issuer_pages_link_their_feeds(deployed):
    site, site_url = deployed
    channel = feedparser.parse((site / "feed.xml").read_bytes()).feed
    assert channel.link == site_url  # the RSS <link> is the site, not the feed
    issuer_page = next((site / "issuers").glob("*/index.html"))
    feed_links = {a.get_text(): a["href"] for a in BeautifulSoup(issuer_page.read_text(encoding="utf-8"), "html.parser").select("article a[href$='feed.xml'], article a[href$='feed.atom']")}
    assert set(feed_links) == {"RSS 订阅", "Atom 订阅"}
    for href in feed_links.values():
        assert (issuer_page.parent / href).is_file()
    issuer_feed = feedparser.parse((issuer_page.parent / feed_links["RSS 订阅"]).read_bytes()).feed
    assert issuer_feed.link == site_url + issuer_page.parent.relative_to(site).as_posix() + "/"
