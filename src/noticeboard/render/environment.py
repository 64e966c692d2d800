"""The Jinja environment for Markdown page templates (not MkDocs' one: StrictUndefined)."""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .escape import html, md_block, md_inline


def _meta(value: object) -> str:
    """A front-matter value. Material places ``page.meta.title``/``description`` into the page
    unescaped (MkDocs' Jinja has no autoescape), so the value is HTML-escaped here; it is then
    written as a JSON string, which is valid YAML."""
    return json.dumps(html(value), ensure_ascii=False)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("noticeboard", "templates/markdown"),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown output: every value goes through md/md_block/h explicitly
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md_inline, md_block=md_block, h=html, meta=_meta)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
