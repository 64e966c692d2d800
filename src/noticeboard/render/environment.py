"""The Jinja environment for Markdown page templates (not MkDocs' one: StrictUndefined)."""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..labels import CONTACT_LABELS, FIELD_LABELS, PROBLEM_LABELS, PROBLEM_STATUS_LABELS
from .escape import html, html_numbers_whole, html_whole, md_inline
from .markup import to_html, to_markdown


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
        autoescape=False,  # Markdown output: every value goes through md/h/markdown/text_html explicitly
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # md: a value in a Markdown line; h: in HTML; markdown: notice Markdown as page blocks;
    # text_html: notice Markdown inside an HTML block; meta: a front-matter value; h_numbers: h
    # keeping each number whole on a line (addresses); h_whole: h keeping the whole value so
    env.filters.update(md=md_inline, h=html, markdown=to_markdown, text_html=to_html, meta=_meta,
                       h_numbers=html_numbers_whole, h_whole=html_whole)
    # the labels every template shows (noticeboard.labels: one home, derived from the model)
    env.globals.update(field_labels=FIELD_LABELS, problem_labels=PROBLEM_LABELS, status_labels=PROBLEM_STATUS_LABELS,
                       contact_labels=CONTACT_LABELS)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
