"""The search document's plain text (search/documents.py, ``plain``) runs each of its patterns only
where the character that pattern starts with is in the text: the same text as running them all."""

from __future__ import annotations

import random

from noticeboard.search import documents
from noticeboard.search.documents import plain


def _every_pattern(markdown: str) -> str:
    text = documents._LINK.sub(r"\1", markdown)
    text = documents._TAG.sub("", text)
    text = documents._MARK.sub(r"\1", text)
    text = documents._EMPH.sub("", text)
    return documents._BLANK.sub("\n", text).strip()


def test_plain_text_is_what_every_pattern_makes_of_any_text():
    pieces = ["整改", "a", " ", "  ", "\t", "\n", "\n\n", "\n \n", "#", "## ", "> ", ">", "- ", "* ", "+ ", "*", "**", "_", "__",
              "`", "[", "]", "(", ")", "![", "<", ">", "<b>", "</b>", "[链接](http://e.cn)", "\u3000"]
    rng = random.Random(20261126)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert plain(text) == _every_pattern(text), repr(text)
    assert plain("## 一、情况\n\n**已完成**，见[通知](http://e.cn)。") == "一、情况\n已完成，见通知。"
