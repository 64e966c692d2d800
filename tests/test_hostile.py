"""The hostile corpus (tests/fixtures/hostile): notices whose every text field (title, summary,
section headings and bodies, problems, issuer name and region, inspection, contact, attachment
titles, revisions, the withdrawal reason) carries script, markup and link payloads: the ones
reported in issue 8 and the classic shapes (event handlers, svg/math, entity- and
whitespace-obfuscated javascript:, data:/vbscript:, style and CSS expressions, frames and objects,
form actions, meta refresh, Markdown link/image/autolink/reference forms, nested brackets,
attribute lists in every position, comments, CDATA, unicode look-alikes, other extensions' syntax).

Built with the real ``mkdocs build --strict`` (attr_list on, as for the hand-written pages), then:
a parser scan of every page and feed, and every page opened in Chromium with every link and
handler-like element focused, hovered and clicked, dialogs hooked.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from paths import FIXTURES
from site_pages import DESKTOP, Screen, site_context
from sites import built_copy, serve_dir

HOSTILE = FIXTURES / "hostile"
NOTICE_FILES = [p for p in (HOSTILE / "notices").rglob("*.yml") if p.name != "issuers.yml"]
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "cite", "background",
                  "ping", "manifest", "codebase", "longdesc", "usemap", "lowsrc", "dynsrc", "srcset"}
# What a payload would call; the page's own scripts call none of them.
TRAPS = ("alert", "confirm", "prompt", "print")
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"  # Chromium's own


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    return built_copy(HOSTILE, tmp_path_factory.mktemp("hostile"))


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _scheme(url: str) -> str | None:
    m = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return m.group(1).lower() if m else None


SITE_URL = yaml.safe_load((HOSTILE / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
PREFIX = urlsplit(SITE_URL).path  # the 404 page and the pages' own addresses are absolute, from site_url


def _normalised(script: str) -> str:
    """An inline script with the page's way to the site root taken out (it differs by page)."""
    script = re.sub(r'"(?:%s|(?:\.\./)*\.\.?)"' % PREFIX, '""', script)
    return re.sub(r"(?:\.\./)+|%s" % PREFIX, "", script)


def own_inline_scripts(site: Path) -> set[str]:
    """The inline scripts of the hand-written home page (Material's own, the theme's), and those in
    the search page's head and at the end of its body (the theme's: it asks for the index's
    manifest, and loads Material's script after the first results, theme/base.html): no notice's
    text reaches any."""
    scripts = []
    for page, part, recursive in (("index.html", "html", True), ("search/index.html", "head", True), ("search/index.html", "body", False)):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        scripts += soup.find(part).find_all("script", recursive=recursive)
    return {_normalised(s.get_text()) for s in scripts if not s.get("src")}


def findings(site: Path, path: Path, own: set[str]) -> list[str]:
    """Everything on one built page that could run script, navigate to another scheme or restyle it."""
    rel = path.relative_to(site).as_posix()
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    out = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                out.append(f"{rel}: <{tag.name} {name}=…>")
            if name.lower() in URL_ATTRIBUTES and _scheme(value) not in SAFE_SCHEMES | {None}:
                out.append(f"{rel}: <{tag.name} {name}={value!r}>")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            target = (tag.get("content") or "").split("url=", 1)[-1]
            if _scheme(target) not in SAFE_SCHEMES | {None}:
                out.append(f"{rel}: meta refresh to {target!r}")
        if tag.name in ("base", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea", "select") \
                and tag.find_parent(class_="md-content") and not rel.startswith("search/"):  # its form is the site's
            out.append(f"{rel}: <{tag.name}> in the content")
        if tag.name == "script":
            src = tag.get("src")
            if src:
                src_path = urlsplit(src).path
                target = (site / src_path.removeprefix(PREFIX) if src_path.startswith(PREFIX) else path.parent / src_path).resolve()
                if not (target.is_file() and target.is_relative_to((site / "assets").resolve())):
                    out.append(f"{rel}: foreign script {src!r}")
            elif _normalised(tag.get_text()) not in own:
                out.append(f"{rel}: foreign inline script {tag.get_text()[:60]!r}")
    for tag in soup.select(".md-content [style], .md-content style"):
        out.append(f"{rel}: style in the content: <{tag.name} style={tag.get('style')!r}>")
    return out


def test_corpus_builds_into_every_page_kind(hostile_site):
    notices = sorted(p.parent.name for p in hostile_site.glob("notices/2024/*/index.html"))
    assert len(notices) == len(NOTICE_FILES)
    for listing in ("archive/2024", "issuers/issuer-attr-list", "kinds/progress", "search"):
        assert (hostile_site / listing / "index.html").is_file(), listing


def test_no_page_has_a_handler_a_foreign_script_another_scheme_or_a_style(hostile_site):
    own = own_inline_scripts(hostile_site)
    found = [f for path in pages(hostile_site) for f in findings(hostile_site, path, own)]
    assert found == []


def test_payloads_are_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "notices/2024/2024-01-attr-list/index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one(".md-content").get_text()
    assert "{: autofocus tabindex=0 onfocus=alert(document.domain) }" in text
    assert "{: onclick=alert(document.domain)}" in page.select_one(".md-content h2").get_text()
    issuer = BeautifulSoup((hostile_site / "issuers/issuer-attr-list/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "{: autofocus tabindex=0 onfocus=alert(document.domain) }" in issuer.select_one(".md-content").get_text()
    html = BeautifulSoup((hostile_site / "notices/2024/2024-04-html/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "<script>alert(document.domain)</script>" in html.select_one(".md-content").get_text()


def test_the_site_settings_payloads_are_text_and_the_copyright_keeps_only_its_link(hostile_site):
    page = BeautifulSoup((hostile_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    copyright = page.select_one(".md-copyright__highlight")
    assert [(a.get("href"), a.get_text()) for a in copyright.find_all("a")] == [("https://example.gov.cn/", "关于本站"), (None, "点击")]
    assert copyright.find(["img", "script"]) is None
    footer = page.select_one(".nb-publisher").get_text()
    assert "主办单位\"><script>alert(document.domain)</script><img src=x onerror=alert(document.domain)>" in footer
    record = BeautifulSoup((hostile_site / "notices/2024/2024-07-issuer-record/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "记录机构&quot;><script>alert(document.domain)</script>" in record.select_one(".md-content").get_text()
    assert "记录机构&quot;><script>alert(document.domain)</script>" in record.find("meta", attrs={"name": "ContentSource"})["content"]
    assert record.title.get_text().startswith("关于记录字段的测试通报 </title><script>alert(document.domain)</script>")


def _feed_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    names = {"description", "{http://www.w3.org/2005/Atom}summary", "{http://www.w3.org/2005/Atom}content"}
    return [el.text or "" for el in root.iter() if el.tag in names]


def test_feed_descriptions_are_plain_text(hostile_site):
    feeds = sorted(hostile_site.rglob("feed.xml")) + sorted(hostile_site.rglob("feed.atom"))
    assert len(feeds) >= 2 * 7
    texts = [t for f in feeds for t in _feed_texts(f)]
    assert texts
    for text in texts:
        # what a reader renders as HTML: no element at all, only the words
        assert BeautifulSoup(text, "html.parser").find(True) is None, text[:200]
    assert any("<script>alert(document.domain)</script>" in BeautifulSoup(t, "html.parser").get_text() for t in texts)


PROBE = """() => {
  const handler = el => [...el.attributes].some(a => /^on/i.test(a.name));
  const els = [...document.querySelectorAll('body *')].filter(el =>
      handler(el) || el.closest('.md-content') && el.matches('a, [tabindex], [autofocus], summary, details, button, input, select, textarea'));
  els.forEach((el, i) => el.setAttribute('data-nb-probe', i));
  return els.map(el => el.tagName === 'A' ? (el.href || '') : '');
}"""
TRAP = """() => { window.__nbFired = [];
  for (const name of %r) { const real = window[name];
    window[name] = function (...args) { window.__nbFired.push(name + ':' + args.join(',')); return real.apply(this, args); }; }
}""" % (list(TRAPS),)


@pytest.mark.browser
def test_nothing_fires_in_chromium(hostile_site, browser):
    urls = [p.relative_to(hostile_site).parent.as_posix() + "/" for p in pages(hostile_site)]
    urls = [u.removeprefix("./") for u in urls] + ["search/?q=alert", "search/?q=javascript", "search/?q=script"]
    with serve_dir(hostile_site) as base:
        with site_context(browser, base, Screen("desktop", DESKTOP, False)) as context:
            context.add_init_script(f"({TRAP})()")
            page = context.new_page()
            dialogs: list[str] = []
            navigations: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.type} {d.message}"), d.dismiss()))
            page.on("framenavigated", lambda f: navigations.append(f.url))
            page.on("request", lambda r: r.is_navigation_request() and navigations.append(r.url))
            clicked: set[str] = set()
            fired: list[str] = []
            covered = 0

            def open_(url: str) -> list[str]:
                page.goto(base + url)
                page.wait_for_load_state("load")
                return page.evaluate(PROBE)

            for url in urls:
                targets = open_(url)
                for i, href in enumerate(targets):
                    probe = page.locator(f'[data-nb-probe="{i}"]')
                    if probe.count() == 0:  # the page was left and reopened: probe again
                        open_(url)
                    covered += 1
                    probe.evaluate("el => { el.focus(); el.scrollIntoView({block: 'center'}); }")
                    visible = probe.is_visible()
                    if visible:
                        probe.hover(timeout=15000, force=True)
                    if href and href in clicked:
                        continue
                    clicked.add(href)
                    before = page.url
                    if visible:  # a real click; tel:/mailto: hand off to the system (no navigation)
                        probe.click(timeout=15000, force=True)
                    else:  # not displayed (e.g. in a closed <details>, a message not shown yet): its click still runs
                        # a scripted click on a link to another page navigates after the call returns: wait for it
                        leaves = href.startswith(("http:", "https:")) and href.split("#")[0] != before.split("#")[0]
                        with page.expect_navigation() if leaves else contextlib.nullcontext():
                            probe.evaluate("el => el.click()")
                    page.wait_for_load_state("load")
                    fired += page.evaluate("window.__nbFired || []")
                    if page.url != before:
                        open_(url)
                fired += page.evaluate("window.__nbFired || []")
                # nothing lies over the site: the header's middle is the header's
                assert page.evaluate("""() => { const h = document.querySelector('.md-header'); const r = h.getBoundingClientRect();
                    return h.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)); }"""), url
    assert dialogs == [] and fired == []
    # tel:/mailto: are the contact card's hand-offs; a link off the site is blocked by the context
    # (the frame then shows chrome-error://); nothing else, and no javascript:/data: at all
    # (an attachment opens in Chromium's built-in PDF viewer)
    assert [u for u in navigations if urlsplit(u).scheme not in SAFE_SCHEMES | {"about", "chrome-error"}
            and not u.startswith(PDF_VIEWER)] == []
    # what left the site for the web is only the notices' own https links, when clicked (blocked
    # here; whether a click's navigation starts before the test moves on depends on timing, so a
    # clicked link may or may not show); chrome:// and chrome-extension:// requests are the PDF
    # viewer's own resources, and the site's own published address (site_url: a page's 本页地址,
    # the 404 page's links) is the site. Nothing else: no image, frame or script off the site loads.
    assert {u for u in context.outside if urlsplit(u).scheme in ("http", "https")
            and not u.startswith(SITE_URL)} <= {"https://example.gov.cn/"} | clicked
    assert covered > 100 and len(clicked) > 30


# Facet values no index has, among them the names every JavaScript object inherits
HOSTILE_FACETS = "status=constructor&kind=__proto__&issuer=hasOwnProperty&year=toString&region=valueOf&type=__defineGetter__"


@pytest.mark.browser
def test_search_ignores_unknown_facets_and_clamps_pages(hostile_site, browser):
    with serve_dir(hostile_site) as base:
        with site_context(browser, base, Screen("desktop", DESKTOP, False)) as context:
            page = context.new_page()
            page.goto(base + "search/?" + HOSTILE_FACETS)
            page.wait_for_function("/共|找到|没有/.test(document.querySelector('.nb-status').textContent)")
            options = page.locator(".nb-facets option").all_inner_texts()
            # an unknown value is no filter: the page is as with none, and no select offers it
            assert page.locator(".nb-status").inner_text().startswith(f"共 {len(NOTICE_FILES)} 篇通报"), options
            assert not [o for o in options if re.search(r"function|object|constructor|__proto__|hasOwnProperty|toString|valueOf|__define", o)]
            assert all(page.locator(f"#nb-f-{f}").input_value() == "" for f in ("status", "kind", "issuer", "year"))
            # a page beyond the last shows the last, with its hits
            page.goto(base + "search/?q=%E6%B5%8B%E8%AF%95&page=99999999999999999999")
            page.wait_for_function("/找到|没有/.test(document.querySelector('.nb-status').textContent)")
            assert page.locator(".nb-hit").count() > 0, page.locator(".nb-status").inner_text()
            page.goto(base + "search/?q=%E6%B5%8B%E8%AF%95&page=-3")
            page.wait_for_function("/找到|没有/.test(document.querySelector('.nb-status').textContent)")
            assert page.locator(".nb-hit").count() > 0
