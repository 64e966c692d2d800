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

from noticeboard.entry import Entry
from noticeboard.project import load_project
from noticeboard.render.escape import md_inline
from noticeboard.render.notice import notice_markdown
from noticeboard.urls import Urls

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
    got = notice_markdown(entries[case], TODAY, Urls())
    expected = GOLDEN / f"{case}.md"
    if request.config.getoption("--update-golden"):
        expected.write_text(got, encoding="utf-8")
    if not expected.exists():
        pytest.fail(f"{expected.name} is missing: write it with --update-golden and review it")
    assert got == expected.read_text(encoding="utf-8")


def test_closed_contact_after_until(entries):
    entry = entries["full"]
    assert "意见反馈渠道已于 2021年7月31日 关闭" in notice_markdown(entry, dt.date(2021, 8, 1), Urls())
    assert "关闭" not in notice_markdown(entry, dt.date(2021, 7, 31), Urls())


def test_hostile_text_never_becomes_html(entries):
    html = markdown.markdown(notice_markdown(entries["hostile"], TODAY, Urls()), extensions=["meta", "tables", "attr_list"])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "svg", "b", "i", "u"])
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        assert not tag.get("href", "").lower().startswith("javascript"), tag
    assert soup.find("a", href="https://example.gov.cn/").text == "ok"  # safe links keep working
    assert "<script>alert(4)</script>" in soup.get_text()  # shown as text


def test_md_inline_is_literal():
    """A value in a Markdown line (title, heading) is its own text under any extension."""
    text = "# *粗* [a](b) <b>x</b> 1. _y_ {: onclick=alert(1) } :smile: ++k++ ~~s~~ |t| &amp; \\"
    out = markdown.markdown(md_inline(text), extensions=["attr_list", "tables", "abbr", "def_list", "md_in_html"])
    p = BeautifulSoup(out, "html.parser").find("p")
    assert p.get_text() == text and not p.find(True) and not p.attrs
