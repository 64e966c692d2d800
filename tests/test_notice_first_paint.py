"""A notice page on a phone: its text is drawn before Material's script is fetched, in real
Chromium at phone size, on the sample site's notice and on a long one.

Before: Material's bundle (114 kB) was a deferred script, fetched with the page and, on a loaded
phone, run before the page had been drawn; Lighthouse's phone then counted it into the largest
paint (2.6 s against a first paint of 1.8 s), and its run and Material's start made one long task.

What a reader uses works before the script arrives (the drawer, the 如何反映意见 link, the table
of contents, the 大字 toggle) and with it (the colour switch)."""

from __future__ import annotations

import json
import shutil
import textwrap
from urllib.parse import urlsplit

import pytest
import yaml

from paths import REPO
from sites import build, serve_dir
from site_pages import MATERIAL_RUNS, SCREENS, page_kinds, site_context

PHONE = SCREENS[1]
BUNDLE = "**/assets/javascripts/bundle.*.min.js"


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    """The sample project with one long notice of my own: 40 items in three sections, each with
    its measures, and a contact card at the end."""
    root = tmp_path_factory.mktemp("long")
    project = root / "project"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "notices", "overrides"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, project / part)
    para = "对照反馈意见逐条制定整改措施，明确责任领导、责任部门和完成时限，建立台账、销号管理，确保件件有着落、事事有回音。"
    sections = []
    for s, heading in enumerate(("一、关于政治建设方面", "二、关于作风建设方面", "三、关于制度执行方面")):
        problems = [{"title": f"第{s + 1}类第{i + 1}个问题整改不到位", "status": ("done", "in_progress")[i % 2],
                     "measures": "\n\n".join([para * 3] * 2)} for i in range(14 if s < 2 else 12)]
        sections.append({"heading": heading, "body": para * 2, "problems": problems})
    notice = {
        "title": "中共示例县某局党组关于巡察整改情况的通报（长篇）",
        "issuer": {"name": "中共示例县某局党组", "region": "示例省示例县"},
        "published": "2021-05-20", "kind": "report", "status": "published",
        "summary": para, "sections": sections,
        "contact": {"invitation": "欢迎监督。", "phones": ["0000-7654321"], "emails": ["jubangongshi@example.gov.cn"]},
    }
    (project / "notices" / "2021" / "2021-05-20-chang-pian.yml").write_text(
        yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(project, root / "site")
    return root / "site"


LONG = "notices/2021/2021-05-20-chang-pian/"


def test_a_notice_is_drawn_before_materials_script_is_asked_for(sample_site, long_site, browser):
    """On the sample site's notice and a long one: the page's largest text is painted, and the
    page has loaded, before Material's script is requested; then it runs (nbLater.ready)."""
    for site, path in ((sample_site, page_kinds(sample_site)["notice"]), (long_site, LONG)):
        with serve_dir(site) as base, site_context(browser, base, PHONE) as context:
            page = context.new_page()
            page.add_init_script(textwrap.dedent("""
                window.nbPaints = [];
                new PerformanceObserver(l => l.getEntries().forEach(e => nbPaints.push(e.startTime)))
                  .observe({type: "largest-contentful-paint", buffered: true});
            """))
            page.goto(base + path, wait_until="load")
            page.wait_for_function(MATERIAL_RUNS)
            timing = page.evaluate("""() => {
                const nav = performance.getEntriesByType("navigation")[0];
                const bundle = performance.getEntriesByType("resource").find(r => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(r.name));
                return {paints: nbPaints, load: nav.loadEventEnd, asked: bundle && bundle.startTime};
            }""")
            assert timing["asked"] is not None, f"{path}: Material's script was never fetched"
            assert timing["paints"] and max(timing["paints"]) < timing["asked"], (path, timing)
            assert timing["load"] <= timing["asked"], (path, timing)


def test_a_notice_reads_and_works_without_materials_script(long_site, browser):
    """Material's script never arriving (a network that drops it): at phone size the drawer
    opens with the site's sections, the 大字 toggle works and the contact card is reached."""
    with serve_dir(long_site) as base, site_context(browser, base, PHONE) as context:
        page = context.new_page()
        page.route(BUNDLE, lambda route: route.abort())
        page.goto(base + LONG, wait_until="load")
        assert page.locator("h1").is_visible()
        page.get_by_role("button", name="大字").click()
        assert page.evaluate("document.documentElement.dataset.nbMode") == "large"
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-sidebar--primary a.md-nav__link[href$='archive/']").wait_for(state="visible")
        page.keyboard.press("Escape")
        page.goto(base + LONG + "#nb-contact")
        page.wait_for_function("document.querySelector('.nb-contact').getBoundingClientRect().top < innerHeight")


def test_once_materials_script_runs_the_colour_switch_works_on_a_notice(sample_site, browser):
    """At phone size, once Material's script has run on a notice page: the colour switch changes
    the scheme, and the next page keeps it."""
    path = page_kinds(sample_site)["notice"]
    with serve_dir(sample_site) as base, site_context(browser, base, PHONE) as context:
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_function(MATERIAL_RUNS)
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.goto(base + "archive/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"


@pytest.mark.parametrize("remembered", [
    {"index": 1, "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo"}},
    {"index": 4, "color": {"media": "(prefers-color-scheme: light)", "scheme": "sepia", "primary": "teal", "accent": "lime"}},
], ids=["another-colour", "another-scheme"])
def test_a_scheme_remembered_from_an_older_palette_is_drawn_in_the_sites_colours(sample_site, browser, remembered):
    """A reader's choice remembered from a palette entry the site no longer offers (an older
    configuration): before Material's script (held back) the notice page is drawn in the site's
    own entry at that position (the last, for a position past the end), as Material's script
    then draws it, not in Material's default colours."""
    path = page_kinds(sample_site)["notice"]
    look = "() => [document.body.dataset.mdColorScheme, document.body.dataset.mdColorPrimary, getComputedStyle(document.querySelector('.md-header')).backgroundColor]"
    with serve_dir(sample_site) as base:
        key = urlsplit(base).path + ".__palette"
        with site_context(browser, base, PHONE, "dark") as context:  # the site's own slate entry, for comparison
            page = context.new_page()
            page.goto(base + path)
            page.wait_for_function(MATERIAL_RUNS)
            expected = page.evaluate(look)
        with site_context(browser, base, PHONE) as context:
            context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(remembered))})")
            page = context.new_page()
            held, released = [], []
            page.route(BUNDLE, lambda route: route.continue_() if released else held.append(route))
            with page.expect_request(BUNDLE):  # asked for, held back
                page.goto(base + path, wait_until="load")
            assert page.evaluate("typeof window.document$") == "undefined"
            before = page.evaluate(look)
            released.append(True)
            for route in held:
                route.continue_()
            page.wait_for_function(MATERIAL_RUNS)
            assert before == expected == page.evaluate(look), (before, expected)
