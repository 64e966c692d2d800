"""Notice text made only of plain paragraphs and headings (most of it: one line of prose each) is
written without markdown-it and the allowlist (render/markup.py, ``_plain_blocks``). What it
writes must be what they write, byte for byte; any other text must go through them."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from noticeboard.project import load_project
from noticeboard.render import markup
from noticeboard.render.markup import to_html, to_markdown, to_plain
from paths import FIXTURES, REPO

TODAY = dt.date(2026, 11, 26)


def _converted_html(source: str, floor: int) -> str:
    return markup._html(markup._parse(source, floor))


def _agrees(source: str, floor: int = 3) -> bool:
    """Both ways give the same, and whether the text took the short way."""
    assert to_html(source, floor) == _converted_html(source, floor), repr(source)
    assert to_markdown(source, floor) == markup._converted_markdown(source, floor), repr(source)
    assert to_plain(source) == markup._converted_plain(source), repr(source)
    return markup._plain_blocks(source) is not None


def _texts(project) -> list[str]:
    """Every notice text of ``project`` the pages convert: summaries, bodies, measures (whole and
    paragraph by paragraph)."""
    texts: list[str] = []
    for entry in load_project(project, today=TODAY).entries:
        n = entry.full_notice()
        texts += [n.summary or "", *(s.body or "" for s in n.sections)]
        for p in n.all_problems():
            texts.append(p.measures or "")
            texts += (p.measures or "").splitlines()
    return [t for t in texts if t]


@pytest.mark.parametrize("project", [REPO, FIXTURES / "hostile"], ids=["sample", "hostile"])
def test_the_notice_texts_of_the_sample_and_hostile_sites_convert_as_markdown_it_does(project):
    texts = _texts(project)
    short = sum(_agrees(text) for text in texts)
    assert texts and 0 < short < len(texts)  # prose takes the short way, markup does not


# Text in which a converter reads something: each goes through markdown-it.
NOT_PLAIN = [
    "> 引用", "- 项", "+ 项", "* 项", "1. 项", "2) 项", "= 下", "---", "___", "~~~", "```", "| a |", "[a]: http://x", "<中",
    "a *b*", "a _b_", "a `b`", "a [b](c)", "a ![b](c)", "a <b>", "a <http://e.cn>", "a <x@e.cn>", "a <", "a &amp; b",
    "a &#10; b", "a &b", "    缩进", "\t缩进", " 前空", "后空 ", "\u3000全角空格开头", "a\u00a0b", "a\x0bb", "a\rb",
    "甲\n乙", "甲\n===", "甲\n---", "a | b\n--|--", "# 标题 #", "####### 七", "#标题", "#", "## ", "## *强调*",
]


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_text_with_anything_a_converter_reads_goes_through_markdown_it(text):
    assert markup._plain_blocks(text) is None
    _agrees(text)
    _agrees(f"前文。\n\n{text}\n\n后文。")


def test_plain_text_is_written_as_paragraphs_and_headings():
    assert to_html("整改完成。\n\n  \n建立制度 3 项（2024年）。\n") == "<p>整改完成。</p><p>建立制度 3 项（2024年）。</p>"
    assert to_html('\\*月\\*日，"甲" & 乙 > 丙 <《丁》') == '<p>*月*日，"甲" &amp; 乙 &gt; 丙 &lt;《丁》</p>'
    assert to_markdown("### （一）加强领导\n整改完成。\n\n# 二", 3) == (
        '### （一）加强领导\n\n<div class="nb-text"><p>整改完成。</p></div>\n\n### 二')
    assert to_html(" \n\t\n") == to_markdown(" \n\t\n") == ""
    for text in ["整改完成。\n\n## 二、下一步\n\n继续。", "\\*月\\*日 \\\\ \\a"]:
        assert markup._plain_blocks(text) is not None
        _agrees(text, 2)


def test_text_of_any_shape_converts_as_markdown_it_does():
    """Random texts of prose and every kind of piece that means something to CommonMark, HTML or
    the allowlist: the same either way, and many take the short way."""
    pieces = ["整改", "a", "Z", "0", "12", "1.", "2)", " ", "  ", "\t", "\n", "\n\n", "\n \n", "\r\n", "#", ">", "-", "+", "*",
              "_", "=", "~", "`", "|", "[", "]", "(", ")", "!", "\\", "&", "&amp;", "<", '"', "'", ":", ";", "/", "%", "{", "}",
              "$", "@", "^", ",", ".", "?", "\x00", "\x0c", "\x7f", "\x85", "\u00a0", "\u2028", "\u3000", "\ufeff", "\u200b",
              "\U0001f600", "http://e.cn", "www.e.cn", "a@b.cn", "\ufdd0", "\uffff", "\ufffd", "# ", "### ", "\n## ", "\n#",
              "\\*", "\\\\", "\\a", "<中", "<a", "&x", "&#", "& ", "&#10;", "~~"]
    rng = random.Random(20261126)
    short = 0
    for _ in range(4000):
        prose = rng.random() < 0.5
        parts = [rng.choice(pieces[:5] if prose and rng.random() < 0.8 else pieces) for _ in range(rng.randint(1, 12))]
        short += _agrees("".join(parts), rng.choice([1, 2, 3, 4]))
    assert short > 400
