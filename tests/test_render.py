"""Golden tests of the generated Markdown: one YAML input and one expected .md per case.

Each case is loaded the way a project's notice is (so the issuer slug and URL are the loader's).
A missing or different .md fails. After an intended change, regenerate them with

    .venv/bin/pytest tests/test_render.py --update-golden

and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from noticeboard.project import Entry, load_project
from noticeboard.render.escape import md_block, md_inline, safe_url
from noticeboard.render.notice import notice_markdown

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yml"))
TODAY = dt.date(2021, 7, 20)  # before full.yml's contact.until


@pytest.fixture(scope="module")
def entries(tmp_path_factory) -> dict[str, Entry]:
    """Every case loaded as a project's notice ``notices/<case>.yml``, by case name."""
    root = tmp_path_factory.mktemp("golden")
    (root / "notices").mkdir()
    for case in CASES:
        shutil.copy(GOLDEN / f"{case}.yml", root / "notices" / f"{case}.yml")
    return {e.slug: e for e in load_project(root).entries}


@pytest.mark.parametrize("case", CASES)
def test_golden_markdown(case, entries, request):
    got = notice_markdown(entries[case], TODAY)
    expected = GOLDEN / f"{case}.md"
    if request.config.getoption("--update-golden"):
        expected.write_text(got, encoding="utf-8")
    if not expected.exists():
        pytest.fail(f"{expected.name} is missing: write it with --update-golden and review it")
    assert got == expected.read_text(encoding="utf-8")


def test_closed_contact_after_until(entries):
    entry = entries["full"]
    assert "意见反馈渠道已于 2021年7月31日 关闭" in notice_markdown(entry, dt.date(2021, 8, 1))
    assert "关闭" not in notice_markdown(entry, dt.date(2021, 7, 31))


def test_hostile_text_never_becomes_html(entries):
    html = markdown.markdown(notice_markdown(entries["hostile"], TODAY), extensions=["meta", "tables"])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "svg", "b", "i", "u"])
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        assert not tag.get("href", "").lower().startswith("javascript"), tag
    assert soup.find("a", href="https://example.gov.cn/").text == "ok"  # safe links keep working
    assert "<script>alert(4)</script>" in soup.get_text()  # shown as text


@pytest.mark.parametrize("url, safe", [
    ("https://x.cn", True), ("mailto:a@b.cn", True), ("tel:12388", True), ("../a/", True), ("#x", True),
    ("javascript:alert(1)", False), (" JavaScript:x", False), ("java\tscript:x", False), ("data:text/html,x", False),
    ("vbscript:x", False),
])
def test_safe_url(url, safe):
    assert safe_url(url) is safe


def test_md_inline_is_literal():
    assert markdown.markdown(md_inline("# *粗* [a](b) <b>x</b> 1. _y_")) == \
        "<p># *粗* [a](b) &lt;b&gt;x&lt;/b&gt; 1. _y_</p>"


def test_md_block_keeps_markdown_structure():
    assert markdown.markdown(md_block("**重点**\n\n- 一\n- 二")) == "<p><strong>重点</strong></p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>"
