"""What a warm build may keep of the last one's files besides its pages (feeds, open data): the
core says which files and from what they are made; the plugin (mkdocs_plugin/reuse.py) links
them from the live site when the last build made them from the same key."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .cache import Store, content_key

JOBS = "jobs"  # the build cache's kind of notice jobs' results (mkdocs_plugin/reuse.py: NoticeWork)
OPENDATA = "opendata"  # and of their open-data files, by the same keys


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


def unpack(data: bytes | None) -> dict[str, str]:
    """The texts :func:`pack` packed, by their keys; ``{}`` for none or for anything else (a
    foreign or damaged entry is no entry)."""
    if not data:
        return {}
    try:
        text = data.decode("utf-8")
        head, _, body = text.partition("\n")
        listed = json.loads(head)
        out, at = {}, 0
        for key, size in zip(listed[::2], listed[1::2]):
            out[key] = body[at:at + size]
            at += size
    except (UnicodeDecodeError, ValueError, TypeError):
        return {}
    if at != len(body) or len(listed) % 2 or not all(isinstance(k, str) for k in out):
        return {}
    return out


def pack(texts: Mapping[str, str]) -> bytes:
    """``texts`` (many, each JSON or Markdown made from some notices) as one cache entry: a line
    of their keys and lengths, then the texts one after the other; written and read back
    (:func:`unpack`) without escaping each text into a JSON string, as a JSON object of them was."""
    head = json.dumps([part for key, text in texts.items() for part in (key, len(text))])
    return (head + "\n" + "".join(texts.values())).encode("utf-8")


def kept_parts(store: Store | None, kind: str, items: Iterable[tuple[str | None, Callable[[], str]]]) -> list[str]:
    """The texts of ``items`` (each its key, None where it is not kept, and what makes it), each
    taken from the build cache's one entry of ``kind`` where kept there under its key, else
    made; the entry is written again, with this build's texts only, when their keys changed."""
    known = unpack(store.get(kind, content_key(kind))) if store is not None else {}
    made: dict[str, str] = {}
    parts = []
    for key, make in items:
        part = known.get(key) if key is not None else None
        if part is None:
            part = make()
        if key is not None:
            made[key] = part
        parts.append(part)
    if store is not None and made.keys() != known.keys():
        store.put(kind, content_key(kind), pack(made))
    return parts


def keep_job(store: Store, key: str, page: str, front: str, search: str | None, opendata: bytes) -> None:
    """Keep under ``key`` what a notice job made (by the worker that made it): the key of its
    converted page, its front matter, its search document, and its open-data file's bytes as written."""
    store.put(OPENDATA, key, opendata)
    store.put(JOBS, key, json.dumps({"page": page, "front": front, "search": search}, ensure_ascii=False).encode("utf-8"))
