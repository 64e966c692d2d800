"""WCAG AA on every page kind, light and dark, desktop and phone: axe-core run in Chromium on the
built sample site, and contrast measured where axe does not look (typed text, focus rings)."""

from __future__ import annotations

import json

import pytest

from paths import ARTIFACTS
from sites import serve_dir
from site_pages import CONTRAST, SCREENS, axe_violations, page_kinds, site_context, wait_until_settled


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_axe_finds_no_violation_on_any_page_kind(sample_site, browser, screen, scheme):
    kinds = page_kinds(sample_site)
    found = {}
    with serve_dir(sample_site) as base, site_context(browser, base, screen, scheme) as context:
        page = context.new_page()
        for kind, path in kinds.items():
            page.goto(base + path)
            wait_until_settled(page, path)
            assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
            if violations := axe_violations(page):
                found[kind] = violations
        assert not context.outside
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_axe_finds_no_violation_on_withdrawn_closed_and_hostile_notices(fixture_site, browser, screen):
    """The fixture site: a withdrawn notice (banner), a closed contact channel with every problem
    status, a notice of hostile text, and a site without a palette (Material's default colours)."""
    found = {}
    with serve_dir(fixture_site, "/notices/") as base, site_context(browser, base, screen) as context:
        page = context.new_page()
        for slug in ("2021-04-01-withdrawn", "2021-07-05-nanjing-dsj", "2021-06-11-xss-test"):
            page.goto(f"{base}notices/2021/{slug}/")
            if violations := axe_violations(page):
                found[slug] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_contrast_where_axe_does_not_look(sample_site, browser):
    """Text typed into the header search box, and the focus rings in the header and the text,
    measured from computed colours in both schemes: text 4.5:1, focus rings 3:1 (WCAG 1.4.11)."""
    measured = {}
    with serve_dir(sample_site) as base:
        for scheme in ("light", "dark"):
            with site_context(browser, base, SCREENS[0], scheme) as context:
                page = context.new_page()
                page.goto(base + page_kinds(sample_site)["notice"])
                box = page.locator("#nb-header-q")
                box.fill("公务用车")
                typed = box.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
                placeholder = page.evaluate(
                    "[getComputedStyle(document.querySelector('#nb-header-q'), '::placeholder').color,"
                    " getComputedStyle(document.querySelector('#nb-header-q')).backgroundColor]")
                header_bg = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
                page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
                page.keyboard.press("Tab")  # from the search box to the next control in the header
                while not page.evaluate("!!document.activeElement.closest('.md-tabs, .md-header')"):
                    page.keyboard.press("Tab")
                header_ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
                link = page.locator("section.nb-contact a").first
                contact = link.evaluate("e => getComputedStyle(e).color")
                link.focus()
                page.keyboard.press("Shift+Tab")
                page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
                text_ring = link.evaluate("e => getComputedStyle(e).outlineColor")
                measured[scheme] = {
                    "typed text in the header search box": page.evaluate(CONTRAST, typed),
                    "its placeholder": page.evaluate(CONTRAST, placeholder),
                    "focus ring in the header": page.evaluate(CONTRAST, [header_ring, header_bg]),
                    "focus ring on a link in the text": page.evaluate(CONTRAST, [text_ring, page_bg]),
                    "phone/e-mail in the contact card": page.evaluate(CONTRAST, [contact, page_bg]),
                }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "contrast.json").write_text(json.dumps(measured, ensure_ascii=False, indent=1), encoding="utf-8")
    for scheme, values in measured.items():
        for what, ratio in values.items():
            assert ratio >= (3 if "focus ring" in what else 4.5), f"{scheme}: {what} {ratio}:1"
