"""A notice pasted as HTML source (a content system's source view, a saved page's code) read as
the text a browser shows: one line per paragraph, heading, list item, table row or <br>, the
entities decoded; scripts, styles and comments dropped, never run or kept.

A text is taken for HTML source only when most of its lines are markup: at least three block tags
(<p>, <div>, <h1>, <br>, <li>, <tr>, …) and half of its lines opening with a tag. A notice that
merely quotes a tag (联系<b>办公室</b>) is read as it is written, its markup kept as text.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article",
           "header", "footer", "blockquote", "pre", "dt", "dd", "ul", "ol", "body", "title")
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(_BLOCKS) + r"|br)\b[^<>]*>", re.I)
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")
MIN_BLOCK_TAGS = 3
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")   # lxml refuses a str that declares its encoding


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML source rather than a notice that quotes some markup."""
    if len(_BLOCK_TAG.findall(text)) < MIN_BLOCK_TAGS:
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return sum(line.startswith("<") for line in lines) * 2 >= len(lines)


def html_text(text: str) -> str:
    """The text of HTML source as a browser lays it out, one block a line."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except (etree.ParserError, ValueError):
        return text
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCKS, "td", "th"):
        if element.tag in ("td", "th"):
            element.tail = "\t" + (element.tail or "")   # a table's cells, as tables.py reads them
        else:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    lines = (line.strip(" \t") for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
