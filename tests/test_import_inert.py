"""The importer writes what it reads as text (importers/inert.py): no received line becomes a
link, markup or script, and a line that looks like one is flagged for review."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from noticeboard.importers.assemble import import_text
from noticeboard.importers.inert import literal
from noticeboard.render.markup import to_html

NOTICE = """中共某某县水务局党组关于巡察整改情况的通报

根据县委统一部署，县委第一巡察组于2021年9月对县水务局党组开展了巡察。现将整改情况公布如下。

一、整改工作开展情况

局党组召开专题会议，研究整改工作。
{line}

中共某某县水务局党组
2021年12月1日
"""


def shown(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(to_html(markdown), "html.parser")


@pytest.mark.parametrize("line", [
    "详见[[整改方案]](javascript:alert(document.domain))",
    "见[方案](https://example.gov.cn/fa.pdf)与![图](https://example.gov.cn/t.png)",
    "联系<b onmouseover=alert(1)>办公室</b>或<script>alert(1)</script>",
    "全文见<https://example.gov.cn/>，其余同上{:onclick=alert(1)}",
    "[r]: javascript:alert(1)",
    "整改<!--注释-->落实<![CDATA[x]]>",
])
def test_a_received_line_that_looks_like_markup_is_kept_as_text_and_flagged(line):
    result = import_text(NOTICE.format(line=line), "received.txt")
    body = result.data["sections"][0]["body"]
    page = shown(body)
    assert not page.find("a") and not page.find(["b", "script", "img"])
    assert line in page.get_text()
    assert result.data["status"] == "draft"
    assert any(f.startswith("sections[0].body: ") and "链接" in f for f in result.review)


@pytest.mark.parametrize("line", [
    "*重点*与**加粗**", "1. 不是列表", "# 不是标题", "> 不是引用", "- 不是列表项", "`不是代码`", "---",
    "a_b_c 与 2*3*4", "反斜杠\\结尾\\", "<<中国共产党章程>>", "1）整改（2021-2022年）：完成；100%",
])
def test_literal_shows_exactly_the_line(line):
    page = shown(literal(line))
    assert [t.name for t in page.find_all(True)] == ["p"] and page.get_text() == line


def test_plain_lines_are_written_as_they_are():
    for line in ("根据县委统一部署，2021年9月1日至10月1日开展巡察（第一轮）。", "共3项，已完成2项：一是……"):
        assert literal(line) == line


def test_a_plain_notice_gets_no_markup_flag():
    result = import_text(NOTICE.format(line="二是建立台账，逐项销号。"), "received.txt")
    assert not [f for f in result.review if "链接" in f]
