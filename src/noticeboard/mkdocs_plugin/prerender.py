"""Convert the generated notice pages' Markdown ahead of MkDocs, on every core, with a cache.

Python-Markdown is two thirds of a MkDocs build (measured: plain MkDocs 1.6.1 + Material 9.8.1
took 52.6 s for 10,000 generated notice pages, two thirds of it converting Markdown). MkDocs
converts pages one by one in one process, building a new ``Markdown`` object per page; here the
same conversion (the site's ``markdown_extensions`` and ``mdx_configs``) runs in a pool of worker
processes that each reuse one ``Markdown`` object, and the plugin hands MkDocs the finished HTML and table of
contents, after the page allowlist (:func:`noticeboard.render.sanitize.clean_page`). Results
are cached by the page's Markdown, so ``mkdocs serve`` reconverts only the
notices that changed. Only generated notice pages go this way: their links are raw HTML, which
MkDocs' link rewriting leaves alone anyway.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from ..pool import pool_map
from ..render.sanitize import clean_page

_worker_md: markdown.Markdown | None = None


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_tokens: list[dict[str, Any]]


def _init(extensions: list, configs: dict) -> None:
    global _worker_md
    _worker_md = markdown.Markdown(extensions=extensions, extension_configs=configs)


def _convert(source: str) -> Rendered:
    assert _worker_md is not None
    _worker_md.reset()
    body, _meta = get_data(source)
    html = clean_page(_worker_md.convert(body))  # the page allowlist (render/sanitize.py), here on every core
    return Rendered(html, list(getattr(_worker_md, "toc_tokens", [])))


def key(source: str) -> str:
    return hashlib.blake2b(source.encode("utf-8"), digest_size=16).hexdigest()


class Prerenderer:
    """Holds converted pages by source hash across builds of one ``mkdocs serve`` session."""

    def __init__(self) -> None:
        self.cache: dict[str, Rendered] = {}

    def convert(self, sources: dict[str, str], extensions: list, configs: dict) -> None:
        """Convert every source not yet cached; drop cached pages no longer in ``sources``."""
        wanted = {key(s): s for s in sources.values()}
        self.cache = {k: v for k, v in self.cache.items() if k in wanted}
        todo = [(k, s) for k, s in wanted.items() if k not in self.cache]
        if not todo:
            return
        results = pool_map(_convert, [s for _, s in todo], initializer=_init, initargs=(extensions, configs))
        self.cache.update(zip((k for k, _ in todo), results))

    def get(self, source: str, *, keep: bool) -> Rendered | None:
        """The converted page; ``keep=False`` drops it from the cache (a one-off build: MkDocs
        holds the HTML from here on, so it is not kept twice)."""
        return self.cache.get(key(source)) if keep else self.cache.pop(key(source), None)
