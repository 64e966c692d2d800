"""The pool workers' Python-Markdown stashes the raw HTML the templates wrote without its HTML
parser (mkdocs_plugin/htmlblocks.py). What it hands on must be what Python-Markdown's own
``html_block`` preprocessor hands on (the same lines, the same stash), so every converted page is
byte for byte MkDocs' conversion; a page of any other shape must go through the parser; and the
page allowlist still runs after it, so that hostile notice text stays text."""

from __future__ import annotations

import datetime as dt
import random

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from noticeboard.mkdocs_plugin import htmlblocks
from noticeboard.mkdocs_plugin.htmlblocks import HtmlBlocks
from noticeboard.project import load_project
from noticeboard.render.markup import to_markdown
from noticeboard.render.notice import notice_markdown
from noticeboard.render.sanitize import clean_page
from noticeboard.site.plan import build_plan
from noticeboard.urls import Urls
from paths import FIXTURES, REPO

EXTENSIONS = ["attr_list", "tables", "toc"]  # the sites' (tests/fixtures/*/mkdocs.yml)
TODAY = dt.date(2026, 11, 26)  # after every fixture notice's date


def _preprocessed(source: str, fast: bool) -> tuple[list[str], list[str]]:
    """What the preprocessors hand the block parser: the lines and the stash."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    if fast:
        assert htmlblocks.install(md)
    lines = source.split("\n")
    for prep in md.preprocessors:
        lines = prep.run(lines)
    return lines, list(md.htmlStash.rawHtmlBlocks)


def _converted(source: str, fast: bool) -> tuple[str, list]:
    md = markdown.Markdown(extensions=EXTENSIONS)
    if fast:
        htmlblocks.install(md)
    return md.convert(source), md.toc_tokens


def _plain(source: str) -> bool:
    """Whether the page takes the way without the parser."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    lines = md.preprocessors["normalize_whitespace"].run(source.split("\n"))
    return HtmlBlocks(md).stash_plain("\n".join(lines)) is not None


def _pages(project) -> dict[str, str]:
    """Every generated page's Markdown body of ``project``: notices' and listings'."""
    loaded = load_project(project, today=TODAY)
    pages = {e.page: notice_markdown(e, TODAY, Urls()) for e in loaded.entries}
    pages |= {uri: page.markdown for uri, page in build_plan(loaded, TODAY, Urls(), notices=False).items()}
    return {uri: get_data(markdown_)[0] for uri, markdown_ in pages.items()}


@pytest.fixture(scope="module")
def hostile_pages() -> dict[str, str]:
    return _pages(FIXTURES / "hostile")


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, str]:
    return _pages(REPO)


def test_the_sample_sites_pages_take_the_short_way_and_convert_as_python_markdown_does(sample_pages):
    plain = [uri for uri, body in sample_pages.items() if _plain(body)]
    # through the parser: the statistics page's charts (SVG), the search page's form (a noscript)
    assert set(sample_pages) - set(plain) <= {"stats/index.md", "search/index.md"}
    assert any(uri.startswith("notices/") for uri in plain) and any(uri.startswith("archive/") for uri in plain)
    for uri, body in sample_pages.items():
        assert _preprocessed(body, True) == _preprocessed(body, False), uri
        assert _converted(body, True) == _converted(body, False), uri


def test_hostile_notices_pages_convert_as_python_markdown_does_and_stay_inert(hostile_pages):
    notices = {uri: body for uri, body in hostile_pages.items() if uri.startswith("notices/")}
    assert notices and all(_plain(body) for body in notices.values())
    for uri, body in hostile_pages.items():
        assert _preprocessed(body, True) == _preprocessed(body, False), uri
        html, toc = _converted(body, True)
        assert (html, toc) == _converted(body, False), uri
        for tag in BeautifulSoup(clean_page(html), "html.parser").find_all(True):
            assert tag.name not in {"script", "style", "iframe", "img", "svg"}, (uri, tag)
            assert not [a for a in tag.attrs if a.lower().startswith("on") or a == "style"], (uri, tag)
            assert not tag.get("href", "").lower().lstrip().startswith(("javascript", "data", "vbscript")), (uri, tag)


# Raw HTML that Python-Markdown's parser does not read as one block ending where the text between
# blank lines ends, or reads otherwise than as written: each page goes through the parser.
NOT_PLAIN = [
    "<div>a</div>b",  # text after the block on its line
    "<div>a</div>\nb",  # on the next line, before the blank line
    "<div>\n\na\n\n</div>",  # a blank line inside the block
    "<div><div>a</div>",  # the first element not closed
    "<div>a</div></div>",  # closed before the part ends
    "<div>a<!-- c --></div>", "<div><![CDATA[x]]></div>", "<div><?php x ?></div>", "<!DOCTYPE html>",
    "<div>&#10</div>", "<div>&#x1Fz;</div>", "<div>&amp</div>", "<div>&#</div>",  # references the parser rewrites or stops at
    "<div><br/></div>", "<hr>", "<hr>\n<p>x</p>", "<DIV>a</DIV>", "<div class=a>x</div>", "<div class='a'>x</div>",
    "<div\nclass=\"a\">x</div>", "<div title=\"a>b\">x</div>", "<div>a < b</div>", "<span>a</span>",
    "  <div>a</div>", "<div><script>alert(1)</script></div>", "<div><style>p{}</style></div>",
    "<div>a</div",
    "# t &#60 x", "a <b>c</b>", "a &x b",
]


@pytest.mark.parametrize("raw", NOT_PLAIN)
def test_other_raw_html_goes_through_the_parser(raw):
    source = f"# 标题\n\n{raw}\n\n## 下\n\n<p>后</p>"
    assert not _plain(source)
    assert _preprocessed(source, True) == _preprocessed(source, False)
    assert _converted(source, True) == _converted(source, False)


def test_a_page_of_notice_text_of_any_shape_converts_as_python_markdown_does():
    """Random pages in the templates' shape (headings, raw HTML blocks between blank lines) with
    random pieces of markup, references and breaks in their text: the same lines, stash and HTML
    either way, and most of them take the short way."""
    pieces = ["字", "a", " ", "\n", "\n\n", "\n  \n", "\t", "&amp;", "&#10;", "&#x1F;", "&", "&#", "&#1", "&lt", "&a;",
              "<p>", "</p>", "<div class=\"nb-text\">", "</div>", "<br>", "<hr>", "<br/>", "<span>", "</span>", "<ol start=\"2\">",
              "</ol>", "<li>", "</li>", "<!-- x -->", "<script>", "</script>", "<b", ">", "</>", "`", "*x*", "{: .c}", "\r\n",
              "\x02", "\x03", "<table>", "</table>", "<td>", "</td>", "<time datetime=\"2024-01-01\">", "</time>"]
    rng = random.Random(20261126)
    plain = 0
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.3:
                parts.append("## 节 " + "".join(rng.choice(["文", "&#40;", "&", "x"]) for _ in range(3)))
            elif rng.random() < 0.7:
                tag = rng.choice(["div", "ol", "section", "table", "p"])
                parts.append(f"<{tag} class=\"c\">" + "".join(rng.choice(pieces[:4] + pieces) for _ in range(rng.randint(0, 8))) + f"</{tag}>")
            else:
                parts.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))))
        source = parts[0] + "".join(rng.choice(["\n\n", "\n\n", "\n", "\n\n\n"]) + part for part in parts[1:])
        plain += _plain(source)
        assert _preprocessed(source, True) == _preprocessed(source, False), source
        assert _converted(source, True) == _converted(source, False), source
    assert plain > 200


def test_notice_text_blocks_from_the_issue_8_reports_take_the_short_way_and_stay_inert():
    from test_sanitize import REPORTED  # the texts that once ran script through MkDocs' Markdown

    for text in REPORTED:
        body = f"# 标题\n\n{to_markdown(text, 2)}\n\n<p class=\"nb-progress\">x</p>"
        assert _plain(body), text
        html, toc = _converted(body, True)
        assert (html, toc) == _converted(body, False), text
        assert not [a for t in BeautifulSoup(clean_page(html), "html.parser").find_all(True) for a in t.attrs if a.startswith("on")]


def test_the_short_way_steps_aside_when_an_extension_replaces_the_parser():
    md = markdown.Markdown(extensions=[*EXTENSIONS, "md_in_html"])
    assert not htmlblocks.install(md)
    assert type(md.preprocessors["html_block"]) is not HtmlBlocks
    plain = markdown.Markdown(extensions=EXTENSIONS)
    assert htmlblocks.install(plain) and type(plain.preprocessors["html_block"]) is HtmlBlocks
    assert list(plain.preprocessors._priority) == list(markdown.Markdown(extensions=EXTENSIONS).preprocessors._priority)
