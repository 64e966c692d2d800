"""The Jinja environment for Markdown page templates (not MkDocs' one: StrictUndefined)."""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .escape import html, md_block, md_inline


def _yaml_str(value: object) -> str:
    """A front-matter scalar: JSON strings are valid YAML."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


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
    env.filters.update(md=md_inline, md_block=md_block, h=html, yaml_str=_yaml_str)
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
