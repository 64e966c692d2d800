"""The importer writes what it reads as text: nothing in a received document becomes a link,
markup or script on the site.

:func:`literal` writes one line of body text as Markdown that reads as exactly that line: a line
in which the converter reads nothing (:func:`noticeboard.render.markup.reads_as_itself`) is
written as it is; any other, and any that looks like markup (:data:`LOOKS_LIKE_MARKUP`), has
every ASCII punctuation character backslash-escaped (CommonMark lets a backslash escape each of
them, and then reads none of them as syntax). :func:`markup_flags`
flags each field whose text looks like markup, a link or a script, so that a reviewer compares it
with the source before it is published.
"""

from __future__ import annotations

import re

from noticeboard.importers.review import flag, quote
from noticeboard.render.markup import reads_as_itself

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: Shapes of markup in received text: Markdown links, images and reference definitions, autolinks,
#: HTML tags and comments, attribute lists, script and data URLs, event handlers, character references.
LOOKS_LIKE_MARKUP = re.compile(
    r"\]\s*[(\[:]|<[a-z][a-z0-9+.\-]*:[^\s>]*>|<\s*/?\s*[a-z!?]|\{\s*[:#.]"
    r"|\b(?:java|vb|live)\s*script\s*:|\bdata\s*:\s*[a-z]+/|\bon[a-z]+\s*=|&(?:#\d+|#x[0-9a-f]+|[a-z]+);",
    re.IGNORECASE,
)


def literal(line: str) -> str:
    """One line of received text as Markdown that shows exactly this line."""
    line = line.strip()
    if reads_as_itself(line) and not LOOKS_LIKE_MARKUP.search(line):
        return line
    return _PUNCTUATION.sub(r"\\\1", line)


def _fields(value: object, path: str):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _fields(item, f"{path}[{i}]")


def markup_flags(data: dict) -> list[str]:
    """One review flag for each field of an imported notice whose text looks like markup."""
    out = []
    for path, text in _fields({k: v for k, v in data.items() if k not in ("source", "review")}, ""):
        match = LOOKS_LIKE_MARKUP.search(_UNESCAPE.sub(r"\1", text))
        if match:
            shown = _UNESCAPE.sub(r"\1", text)[max(0, match.start() - 10):match.end() + 30]
            out.append(flag(path, f"含有像链接、标记或脚本的文字{quote(shown, 50)}，已原样作为文字保留（不会成为链接），请对照原文核对"))
    return out
