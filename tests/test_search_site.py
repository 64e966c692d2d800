"""Search on the built sample site, in a real browser: the header box, phrases, facets, deep links."""

from __future__ import annotations

import random
import re
import urllib.parse

import pytest

from noticeboard.project import load_project
from noticeboard.urls import Urls
from paths import ARTIFACTS, REPO
from sites import serve_dir

PUBLISHED = load_project(REPO).visible()


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings(item)]


# what each notice holds, gathered here without the search code: the expected side of the tests
TEXTS = {e.notice.title: "\n".join([e.issuer.name, *strings(e.notice.model_dump(mode="json"))]) for e in PUBLISHED}


def phrase_from_the_middle(seed: int, length: int) -> tuple[str, str]:
    """A run of Chinese characters from the middle of a notice's body, and that notice's title."""
    rng = random.Random(seed)
    while True:
        entry = rng.choice(PUBLISHED)
        body = "".join(s.body for s in entry.notice.sections)
        runs = [m.group() for m in re.finditer(r"[\u4e00-\u9fff]{%d,}" % (length + 4), body[len(body) // 3:])]
        if runs:
            run = rng.choice(runs)
            start = rng.randrange(2, len(run) - length - 1)
            return run[start:start + length], entry.notice.title


def result_titles(page) -> list[str]:
    return page.locator("ol.nb-results > li a").evaluate_all("els => els.map(e => e.textContent.trim())")


def wait_results(page) -> None:
    page.wait_for_function("document.querySelector('.nb-status') && /找到|没有/.test(document.querySelector('.nb-status').textContent)")


@pytest.mark.parametrize("seed, length", [(1, 4), (2, 5), (3, 6), (4, 3)])
def test_phrase_from_a_notice_finds_it_from_the_header_box(sample_site, browser, seed, length):
    phrase, title = phrase_from_the_middle(seed, length)
    expected = {t for t, text in TEXTS.items() if phrase in text}
    with serve_dir(sample_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + Urls().link(PUBLISHED[0].page))
            page.fill("#nb-header-q", phrase)
            with page.expect_navigation():
                page.press("#nb-header-q", "Enter")
            wait_results(page)
            page.select_option("#nb-sort", "date")
            wait_results(page)
            found = set(result_titles(page))
            assert title in found
            if len(expected) <= 10:
                assert found == expected
            marks = page.locator("ol.nb-results mark").all_inner_texts()
            assert marks and all(phrase in m or m in phrase for m in marks)
        finally:
            page.close()


def test_facets_narrow_results_and_the_deep_link_reloads(sample_site, browser):
    with serve_dir(sample_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + "search/?q=" + urllib.parse.quote("整改"))
            wait_results(page)
            total = int(re.search(r"(\d+)", page.locator(".nb-status").inner_text()).group(1))
            assert total == sum("整改" in text for text in TEXTS.values())
            # the kind facet: pick the value with the smallest count
            options = page.locator("#nb-f-kind option").evaluate_all(
                "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")
            value, label = min(options, key=lambda o: int(re.search(r"（(\d+)）", o[1]).group(1)))
            count = int(re.search(r"（(\d+)）", label).group(1))
            before = page.locator(".nb-status").inner_text()
            page.select_option("#nb-f-kind", value)
            page.wait_for_function(f"new URL(location.href).searchParams.get('kind') === '{value}'")
            page.wait_for_function("t => document.querySelector('.nb-status').textContent !== t", arg=before)
            wait_results(page)
            narrowed = int(re.search(r"(\d+)", page.locator(".nb-status").inner_text()).group(1))
            assert narrowed == count < total
            kinds = {e.notice.title: e.notice.kind.value for e in PUBLISHED}
            titles = result_titles(page)
            assert titles and all(kinds[t] == value for t in titles)
            page.screenshot(path=str(ARTIFACTS / "search-facet.png"), full_page=True)
            url = page.url
            page.reload()
            wait_results(page)
            assert page.url == url and result_titles(page) == titles
            assert page.locator("#nb-f-kind").input_value() == value
        finally:
            page.close()
