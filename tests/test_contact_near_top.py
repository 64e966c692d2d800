"""The contact channel is the point of a notice: every notice page says near its top how to comment
(a 如何反映意见 link, on a phone's first screen, with the closing date beside it) and jumps to the
contact card; a phone number, an e-mail address, a postcode or a number in an address is never
split across two lines (and the card still fits a phone at 200% text and in 大字模式)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import ARTIFACTS
from sites import build, serve_dir
from site_pages import PHONE, SCREENS, enlarge_text, site_context

LINK = "table.nb-meta a[href='#nb-contact']"


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _contact_row(soup: BeautifulSoup) -> str | None:
    link = soup.select_one(LINK)
    return None if link is None else " ".join(link.find_parent("td").get_text().split())


def test_the_link_says_until_when_the_channel_is_open_and_that_it_closed(record_site, fixture_site):
    """Built on 2026-01-01 (the pinned date)."""
    assert _contact_row(_soup(record_site, "notices/2024/2024-06-01-gtj-plan")) == "如何反映意见（反馈截止日期：2026年2月10日）"
    assert _contact_row(_soup(record_site, "notices/2025/2025-03-01-wlj-report")) == "如何反映意见（已于 2025年3月31日 截止）"
    assert _contact_row(_soup(fixture_site, "notices/2021/2021-07-05-nanjing-dsj")) == "如何反映意见（已于 2021年8月5日 截止）"
    # a channel with no closing date: the link alone (the page states no date the notice does not)
    assert _contact_row(_soup(record_site, "notices/2024/2024-09-20-wlj-progress")) == "如何反映意见"
    # no contact in the notice: no link to a card that is not there
    soup = _soup(record_site, "notices/2024/2024-05-10-wlj-plan")
    assert soup.select_one(".nb-contact") is None and _contact_row(soup) is None


@pytest.mark.browser
def test_every_notice_page_jumps_to_its_contact_card_from_the_first_phone_screen(sample_site, browser):
    notices = sorted(p.parent.relative_to(sample_site).as_posix() + "/" for p in sample_site.glob("notices/*/*/index.html"))
    with_contact = [p for p in notices if _soup(sample_site, p).select_one(".nb-contact")]
    assert len(with_contact) >= 10
    with serve_dir(sample_site) as base, site_context(browser, base, SCREENS[1]) as context:
        page = context.new_page()
        for path in with_contact:
            page.goto(base + path)
            link = page.locator(LINK)
            assert link.inner_text() == "如何反映意见"
            box = link.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"{path}: the link is at y={box and box['y']}, below the first screen"
            link.click()
            page.wait_for_function("() => location.hash === '#nb-contact'")
            # the card's heading and its first way to reach the issuer are on the screen, below the header
            heading = page.locator("#nb-contact + h2").bounding_box()
            header = page.locator(".md-header").bounding_box()
            first = page.locator(".nb-contact__list dd").first.bounding_box()
            assert heading["y"] >= header["y"] + header["height"] - 1, f"{path}: the heading is under the header"
            assert first["y"] + first["height"] <= PHONE["height"], f"{path}: the contact card is not on the screen"


# A contact block shaped like the ones received: numbers with hyphens and spaces, a long e-mail
# address, an address with building, floor and room numbers, opening hours.
CONTACT = """contact:
  invitation: 欢迎社会各界对整改落实情况进行监督，如有意见建议请通过以下方式反映。
  phones: ["0791-86889658", "0791 8688 9659", "12388"]
  emails: [xunchazhenggai.yijianfankui@jiangxi-example.gov.cn, jd@example.gov.cn]
  address: 某某省某某市红谷滩区赣江中大道1688号政务服务中心B座12层1203室（邮编330038）
  postcode: "330038"
  hours: 工作日上午8:30-12:00，下午14:30-17:30
"""

# Every number and address in the card as a Range in the page: how many lines it is laid out on,
# and whether it could fit one line of its box at all.
PIECES = r"""(pattern) => {
  const found = [], re = new RegExp(pattern, "g");
  for (const dd of document.querySelectorAll(".nb-contact__list dd")) {
    const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
    let text = "", nodes = [];
    for (let n; (n = walker.nextNode());) { nodes.push([n, text.length]); text += n.textContent; }
    const at = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
    for (const m of text.matchAll(re)) {
      const range = document.createRange();
      range.setStart(...at(m.index)); range.setEnd(...at(m.index + m[0].length - 1)); range.setEnd(range.endContainer, range.endOffset + 1);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      const width = [...range.getClientRects()].reduce((w, r) => w + r.width, 0);
      found.push({text: m[0], lines: tops.size, fits: width <= dd.clientWidth});
    }
  }
  return found;
}"""
# phone numbers (with their hyphen or spaces), e-mail addresses, and every run of digits
WHOLE = r"0791[- ][0-9 ]+|12388|[\w.-]+@[\w.-]+|[0-9]+(?:[-:][0-9]+)*"


@pytest.mark.browser
@pytest.mark.parametrize("text, large", [(1, False), (2, False), (1, True)], ids=["phone", "phone-text-200", "phone-large"])
def test_numbers_and_addresses_are_never_split_across_lines(project, browser, text, large):
    notice = project / "notices" / "2021" / "2021-07-05-nanjing-dsj.yml"
    yaml = notice.read_text(encoding="utf-8")
    start, end = yaml.index("contact:\n"), yaml.index("attachments:")
    notice.write_text(yaml[:start] + CONTACT + yaml[end:], encoding="utf-8")
    build(project, project / "site")
    with serve_dir(project / "site", "/notices/") as base, site_context(browser, base, SCREENS[1]) as context:
        if large:
            context.add_init_script("try { localStorage.setItem('nb.mode:' + '/notices/', 'large') } catch (e) {}")
        page = context.new_page()
        enlarge_text(context, page, text)
        page.goto(base + "notices/2021/2021-07-05-nanjing-dsj/#nb-contact")
        assert (page.evaluate("document.documentElement.dataset.nbMode") == "large") is large
        pieces = page.evaluate(PIECES, WHOLE)
        seen = {p["text"] for p in pieces}
        assert {"0791-86889658", "0791 8688 9659", "xunchazhenggai.yijianfankui@jiangxi-example.gov.cn", "1688", "1203", "330038", "8:30-12:00"} <= seen
        split = [p["text"] for p in pieces if p["lines"] > 1 and p["fits"]]
        assert not split, f"split across lines although they fit one: {split}"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"contact-{'large' if large else f'text{text * 100}'}.png"))
