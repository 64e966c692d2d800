"""Convert the generated notice pages' Markdown ahead of MkDocs, on every core, through the
build cache.

Python-Markdown is two thirds of a MkDocs build (measured on the synthetic archives of
scripts/benchmark.py). MkDocs converts pages one by one in one process, building a new
``Markdown`` object per page; here the same conversion (the site's ``markdown_extensions`` and
``mdx_configs``) runs in a pool of worker processes that each reuse one ``Markdown`` object,
followed by the page allowlist (:func:`noticeboard.render.sanitize.clean_page`).

Memory stays bounded: the workers are started fresh (``spawn``, not a fork of the build's full
heap), each writes its page's HTML and table of contents into the build cache
(:mod:`noticeboard.site.cache`) and sends back only the key. The plugin reads one page's HTML
from there when MkDocs writes that page and lets it go afterwards. Keys hash the page's Markdown
and the Markdown settings, so a warm build or a ``mkdocs serve`` rebuild reconverts only the
pages whose Markdown changed. Only generated notice pages go this way: their links are raw
HTML, which MkDocs' link rewriting leaves alone anyway.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from ..pool import pool_map
from ..render.sanitize import clean_page
from ..site.cache import Store, content_key

KIND = "pages"
_worker: tuple[markdown.Markdown, Store] | None = None


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_tokens: list[dict[str, Any]]


def _init(extensions: list, configs: dict, store_root: str) -> None:
    global _worker
    _worker = (markdown.Markdown(extensions=extensions, extension_configs=configs), Store(Path(store_root)))


def _convert_to_store(job: tuple[str, str]) -> str:
    key, source = job
    assert _worker is not None
    md, store = _worker
    md.reset()
    body, _meta = get_data(source)
    html = clean_page(md.convert(body))  # the page allowlist (render/sanitize.py), here on every core
    store.put(KIND, key, json.dumps({"html": html, "toc": list(getattr(md, "toc_tokens", []))}, ensure_ascii=False).encode("utf-8"))
    return key


def front_matter(source: str) -> str:
    """The YAML front matter block of ``source`` (what MkDocs needs of a prerendered page)."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 4)
        if end >= 0:
            return source[: end + 5]
    return ""


class Prerenderer:
    """Converts pages into ``store``; :meth:`get` reads one back."""

    def __init__(self, store: Store):
        self.store = store
        self.converted = 0  # pages the last convert() converted (the rest came from the store)

    def key(self, source: str, extensions: list, configs: dict) -> str:
        return content_key(source, repr(extensions), json.dumps(configs, sort_keys=True, default=repr))

    def convert(self, sources: dict[str, str], extensions: list, configs: dict) -> dict[str, str]:
        """``{src_uri: key}`` for ``sources`` (``{src_uri: Markdown}``), each converted into the
        store unless a sound entry is there already."""
        keys = {uri: self.key(s, extensions, configs) for uri, s in sources.items()}
        todo = {keys[uri]: s for uri, s in sources.items() if not self.store.has(KIND, keys[uri])}
        self.converted = len(todo)
        # fresh workers ("spawn"): a small heap each, not a copy of this one
        pool_map(_convert_to_store, list(todo.items()), initializer=_init,
                 initargs=(extensions, configs, str(self.store.root)), start="spawn")
        return keys

    def get(self, key: str) -> Rendered | None:
        """The converted page under ``key``; None if its entry is gone or went bad since
        :meth:`convert` (the cache folder deleted during the build)."""
        data = self.store.get(KIND, key)
        if data is None:
            return None
        value = json.loads(data)
        return Rendered(value["html"], value["toc"])
