"""The public's site as deployed: nothing requested outside it (Google is blocked in mainland China),
Chinese throughout, the publisher's footer. Built with ``mkdocs build --strict``, read in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sites import serve_dir
from site_pages import SCREENS, page_kinds, site_context, wait_until_settled

# Elements whose URL the browser fetches by itself when it shows the page (links a reader follows
# are not requests: a footer link to the ICP register is fine).
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "track": ("src",),
}
FETCHED_LINK_RELS = {"stylesheet", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload", "icon", "manifest"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def _outside(url: str) -> bool:
    """A URL that leaves the site: any scheme and host, or protocol-relative (data: stays inside)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def fetched_urls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    urls = []
    for tag in soup.find_all(True):
        if tag.name == "link" and FETCHED_LINK_RELS & {r.lower() for r in tag.get("rel", [])}:
            urls.append(tag.get("href", ""))
        for attr in FETCHED.get(tag.name, ()):
            value = tag.get(attr)
            if value:
                urls += [part.split()[0] for part in value.split(",")] if attr == "srcset" else [value]
        urls += CSS_URL.findall(tag.get("style", ""))
    for style in soup.find_all("style"):
        urls += CSS_URL.findall(style.get_text())
    return urls


def test_no_built_file_makes_the_browser_fetch_from_outside_the_site(sample_site):
    offending = {}
    for path in sorted(sample_site.rglob("*")):
        if path.suffix == ".html":
            urls = fetched_urls(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            urls = CSS_URL.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        if bad := [u for u in urls if _outside(u)]:
            offending[path.relative_to(sample_site).as_posix()] = bad
    assert not offending
    # the check itself sees what Material would add without noticeboard
    assert fetched_urls('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')


@pytest.mark.browser
def test_every_page_kind_requests_nothing_outside_the_site(sample_site, browser):
    kinds = page_kinds(sample_site)
    assert {"home", "notice", "archive-year", "issuer", "kind", "search", "about", "inspections", "inspection", "open", "stats"} <= kinds.keys()
    with serve_dir(sample_site) as base:
        # both screens and both colour schemes (the accessibility test repeats this in all four)
        for screen, scheme in zip(SCREENS, ("light", "dark")):
            with site_context(browser, base, screen, scheme) as context:
                page = context.new_page()
                for kind, path in kinds.items():
                    page.goto(base + path)
                    wait_until_settled(page, path)
                    page.wait_for_load_state("networkidle")  # and whatever it fetches after that
                    assert not context.outside, f"{kind} page on a {screen.name} requested {context.outside}"


def test_every_page_footer_is_the_publishers_and_names_no_generator(sample_site):
    for path in sorted(sample_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "Made with" not in text and "Material for MkDocs" not in text, path
    footer = BeautifulSoup((sample_site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("footer .nb-publisher")
    lines = [" ".join(p.stripped_strings) for p in footer.find_all("p")]
    assert lines[0] == "主办单位：示例省委巡视工作领导小组办公室"
    assert "电话： 0000-12345678" in lines[1] and "邮箱： xunshi@example.gov.cn" in lines[1]
    assert lines[2] == "网站标识码：0000000000 示ICP备00000000号 示公网安备 00000000000000号"
    assert footer.find("a", string="示ICP备00000000号")["href"] == "https://beian.miit.gov.cn/"
    assert footer.find("a", string="示公网安备 00000000000000号")["href"].endswith("code=00000000000000")
    assert footer.find("a", href="tel:0000-12345678")


def test_a_site_without_a_publisher_shows_its_name_in_the_footer(fixture_site):
    footer = BeautifulSoup((fixture_site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("footer .nb-publisher")
    assert [" ".join(p.stripped_strings) for p in footer.find_all("p")] == ["测试站点"]


@pytest.mark.parametrize("site, prefix, search", [("fixture_site", "/notices/", False), ("sample_site", "/", True)])
def test_a_missing_page_says_so_in_chinese_and_offers_a_way_on(request, browser, site, prefix, search):
    """The fixture site is deployed under a sub-path (site_url https://example.org/notices/)."""
    site = request.getfixturevalue(site)
    with serve_dir(site, prefix) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None)
        response = page.goto(base + "notices/2099/no-such-notice/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "页面不存在"
        assert page.title().startswith("页面不存在")
        assert not failed and not context.outside  # its styles and scripts load at that depth
        links = page.locator("article a").all_inner_texts()
        assert ("检索通报" in links) is search
        if search:
            page.click("article >> text=检索通报")
            assert page.locator("h1").inner_text() == "检索通报"
            page.go_back()
        page.click("article >> text=通报归档")
        assert page.url == base + "archive/"
        assert page.locator("h1").inner_text() == "通报归档"
