"""What ``noticeboard serve`` keeps of its last full build, so that a saved notice re-renders only
the pages it touches (:meth:`NoticeboardPlugin.refresh`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..site.plan import Page


@dataclass
class LastBuild:
    config: MkDocsConfig
    files: Files
    plan: dict[str, Page]  # the generated pages (but the notices' own) as last written
    redirects: dict[str, str]
    static: dict[str, str]  # the static files added (package assets, attachments): uri → path
    jobs: dict[str, tuple]  # each notice page: what it was made from (NoticeboardPlugin._jobs)
    nav: Any = None
    env: Any = None  # MkDocs' Jinja environment of the theme
    complete: bool = False  # the build got to its end (on_post_build)
