"""ASCII slugs for URLs, from Chinese names (pinyin) or file names."""

from __future__ import annotations

import re

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """``中共大庆市委统战部`` → ``zhonggong-daqing-shiwei-tongzhanbu``-like ASCII, cut at a '-'."""
    if not text.isascii():
        # imported here: its tables are ~55 MB in each process, and a build's workers and index
        # only ever slugify ASCII (file names, keys), which pinyin leaves as it is
        from pypinyin import lazy_pinyin

        text = "-".join(lazy_pinyin(text, errors=lambda chars: [chars]))
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "x"
