"""The sanitizer contract (render/sanitize.py) and the conversion of notice Markdown (render/markup.py).

What the allowlist keeps and removes, which URLs survive, and that what markup.py places in a
page stays inert when MkDocs' own Markdown pass (with attr_list and friends) reads the page.
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from noticeboard.render.markup import to_html, to_markdown, to_plain
from noticeboard.render.sanitize import LINK_REL, TEXT_TAGS, URL_SCHEMES, clean_page, clean_text

SITE_EXTENSIONS = ["attr_list", "tables", "toc", "abbr", "def_list", "md_in_html"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def site_pass(page_markdown: str) -> str:
    """What MkDocs makes of page Markdown with the site's extensions (and a few more)."""
    return markdown.markdown(page_markdown, extensions=SITE_EXTENSIONS)


def assert_inert(html: str) -> None:
    for tag in soup(html).find_all(True):
        assert tag.name in TEXT_TAGS | {"div"}, tag
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            assert name in {"href", "rel", "class", "start", "id"}, tag
        href = tag.get("href")
        if href is not None:
            assert href.split(":", 1)[0].lower() in URL_SCHEMES, tag


def test_structure_is_kept():
    html = to_html("**重点** *强调* `代码`\n\n- 一\n- 二\n\n3. 三\n\n> 引用\n\n|a|b|\n|-|-|\n|1|2|\n\n    pre\n\n---")
    s = soup(html)
    assert [t.name for t in s.find_all(True)] == [
        "p", "strong", "em", "code", "ul", "li", "li", "ol", "li", "blockquote", "p",
        "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td", "pre", "code", "hr"]
    assert s.find("ol")["start"] == "3"


@pytest.mark.parametrize("href", [
    "https://www.example.gov.cn/a?b=1#c", "http://example.cn/", "mailto:jw@example.gov.cn", "tel:12388",
])
def test_allowed_links_keep_their_url_and_get_rel(href):
    a = soup(clean_text(f'<a href="{href}">x</a>')).find("a")
    assert a["href"] == href and a["rel"] == LINK_REL.split()


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
    "jav&#x0A;ascript:alert(1)", "\x01javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.cn/", "blob:https://x/1",
    "../../issuers/x/", "/notices/", "#top", "//evil.example/", "?q=1", "ｊａｖａｓｃｒｉｐｔ:alert(1)",
])
def test_other_urls_lose_their_href(href):
    a = soup(clean_text(f'<a href="{href}">x</a>')).find("a")
    assert "href" not in a.attrs and a.get_text() == "x"


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>", "<style>*{display:none}</style>", "<iframe src=https://x></iframe>",
    "<object data=https://x></object>", "<svg onload=alert(1)><circle/></svg>", "<math><mi>x</mi></math>",
    "<template><img src=x onerror=alert(1)></template>",
])
def test_active_elements_go_with_their_content(payload):
    assert clean_text(payload + "留") == "留"


@pytest.mark.parametrize("payload", [
    '<img src=x onerror=alert(1)>', '<p onclick="alert(1)" style="position:fixed" class="md-header" id="x">t</p>',
    '<form action="https://x"><input name=a><button formaction=javascript:alert(1)>b</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<base href="https://evil/">',
    '<a href="https://x" target="_blank" ping="https://t" download>x</a>', '<div style="background:url(javascript:x)">d</div>',
    '<p style="width:expression(alert(1))">e</p>', '<details open ontoggle=alert(1)>x</details>',
    '<video><source onerror=alert(1)></video>', '<link rel=stylesheet href=https://x>',
    '<![CDATA[<script>alert(1)</script>]]>', "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", '<!--<script>alert(1)</script>-->',
])
def test_no_attribute_or_element_outside_the_list(payload):
    out = clean_text(payload)
    assert_inert(out)
    assert "<script" not in out and "style=" not in out


def test_page_pass_keeps_the_templates_markup_and_drops_the_rest():
    ours = ('<table class="nb-meta"><caption>基本信息</caption><tbody><tr><th scope="row">类型</th>'
            '<td><a href="../../kinds/report/">报告</a></td></tr></tbody></table>'
            '<div class="nb-banner" role="note"><time datetime="2021-01-01">1月1日</time></div>'
            '<nav class="nb-pager" aria-label="分页"><a href="page/2/" rel="next">下一页</a></nav>')
    assert clean_page(ours) == ours
    assert clean_page('<div onclick="x" style="y"><script>1</script><a href="javascript:x">j</a></div>') == "<div><a>j</a></div>"


# Each was reported (issue 8) to run script on the built page through MkDocs' attr_list or link forms.
REPORTED = [
    "正文\n{: autofocus tabindex=0 onfocus=alert(document.domain) }",
    "[[x]](javascript:alert(1))", "[x\ny](javascript:alert(1))", "[x\\]](javascript:alert(1))",
    "[x](\njavascript:alert(1))", "[r]:\njavascript:alert(1)\n\n[r] 与 [c][r]", "- [r]: javascript:alert(1)\n\n[r]",
    "1. [r]: javascript:alert(1)\n\n[c][r]", "*x*{: onmouseover=alert(1)}", "## h {: onclick=alert(1)}",
    "[ok](https://example.gov.cn/){: onclick=alert(1)}", "{: href=javascript:alert(1) }",
    "段落\n{: style=position:fixed;top:0;left:0;width:100%;height:100% }",
    "# 标题 {#id .cls onclick=alert(1)}\n\n正文 {: #x }", "<https://a.cn>{: onclick=alert(1)}",
    "![图](javascript:alert(1))", "![图](https://x/y.png){: onerror=alert(1)}", "<javascript:alert(1)>",
    "[x](data:text/html,<script>alert(1)</script>)", "[x](&#106;avascript:alert(1))", "[x](java%0ascript:alert(1))",
    "[x]( javascript:alert(1) \"t\")", "[x](<javascript:alert(1)>)", "[[[[[[x]]]]]](javascript:alert(1))",
    "`code`{: onclick=alert(1)}", "> 引用\n{: onclick=alert(1)}", "- 项\n{: onclick=alert(1)}",
    "|a|\n|-|\n|b|\n{: onclick=alert(1)}", "正文 <!-- {: onclick=alert(1)} -->", "*[HTML]: {: onclick=alert(1)}",
    "术语\n: 定义 {: onclick=alert(1)}", '<div markdown="1">*x*{: onclick=alert(1)}</div>',
]


@pytest.mark.parametrize("text", REPORTED)
@pytest.mark.parametrize("floor", [2, 3])
def test_notice_markdown_stays_inert_through_the_site_pass(text, floor):
    html = site_pass(to_markdown(text, floor))
    for tag in soup(html).find_all(True):
        assert tag.name in TEXT_TAGS | {"div", "h1"}, tag  # h1 only if floor allowed it: it does not
        assert tag.name != "h1"
        for name in tag.attrs:
            assert name in {"href", "rel", "class", "start", "id"}, tag
        if tag.get("href") is not None:
            assert tag["href"].split(":", 1)[0].lower() in URL_SCHEMES, tag


def test_headings_become_plain_heading_lines_in_the_toc():
    md = markdown.Markdown(extensions=SITE_EXTENSIONS)
    html = md.convert(to_markdown("# （一）总体 {: onclick=alert(1) } *强调*\n\n正文\n\n### 3. [链](https://x.cn)", 3))
    heads = soup(html).find_all(["h3"])
    assert [h.get_text() for h in heads] == ["（一）总体 {: onclick=alert(1) } 强调", "3. 链"]
    assert all(set(h.attrs) == {"id"} and not h.find(True) for h in heads)
    assert [t["name"] for t in md.toc_tokens] and len(md.toc_tokens) == 2


def test_a_text_block_cannot_be_ended_early_by_its_own_lines():
    """Blank lines inside code keep the HTML block whole: the rest is never read as Markdown."""
    page = to_markdown("    代码\n\n\n    {: onclick=alert(1)}\n    # 不是标题\n\n正文", 3)
    assert page.count("\n") == 0
    assert "onclick=" not in "".join(str(t.attrs) for t in soup(site_pass(page)).find_all(True))


def test_plain_text_keeps_words_and_drops_urls_and_markup():
    assert to_plain("**重点**：见[方案](https://x.cn/a)与<b>标签</b>\n\n- 一\n- 二") == "重点：见方案与<b>标签</b>\n一\n二"
    assert to_plain("[x](javascript:alert(1))") == "[x](javascript:alert(1))"
