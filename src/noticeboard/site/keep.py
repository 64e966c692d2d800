"""What a warm build may keep of the last one's files besides its pages (feeds, open data): the
core says which files and from what they are made; the plugin (mkdocs_plugin/reuse.py) links
them from the live site when the last build made them from the same key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .cache import Store


@dataclass(frozen=True)
class Keep:
    """``take(dests, key)``: the site's files ``dests`` are taken from the last build, all or
    none, when it made them from ``key`` (False: write them; what is taken is never written
    into). ``notices``: each notice's content key by its page (``notices/<year>/<slug>.md``),
    a hash of everything its page, its feed item and its open data are made from. ``store``:
    the build cache, where parts of files made from many notices are kept by their keys."""

    take: Callable[[list[str], str], bool]
    notices: Mapping[str, str]
    store: Store | None = None
