"""The site's own words and links in mkdocs.yml, which the theme writes into every page.

Material writes some of them into the HTML as they are, unescaped: ``site_name`` in ``<title>``,
``site_description`` and ``site_author`` in ``<meta content="…">``, ``copyright`` in the footer
(it is meant to hold HTML), ``repo_url`` and ``extra.homepage`` as links, other ``extra`` values
where the theme uses them. A settings file is copied between sites and edited by many hands, so
these are held to what a page can show safely:

* the plain-text settings may not hold ``<``, ``>`` or ``"`` (they would end the tag or the
  attribute they are written in): an error says so;
* a link may have no other scheme than http, https, mailto or tel, however it is spelt
  (``java&#115;cript:``, ``java\\tscript:``); nor may any ``extra`` value hold HTML;
* none of them, nor the publisher options of the footer, may hold the characters notice text may
  not (control and bidirectional characters: ``characters.py``);
* ``copyright`` passes through the generated pages' allowlist (``render/sanitize.py``): links and
  inline markup stay, script, handlers, styles and other schemes go.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterator

from ..characters import problem as character_problem
from ..render.sanitize import URL_SCHEMES, clean_page

PLAIN = ("site_name", "site_description", "site_author")
LINKS = ("repo_url", "edit_uri", "site_url")
_BREAKS_OUT = re.compile(r'[<>"]')
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_NEVER = {"javascript", "vbscript", "livescript", "data", "file", "jar", "view-source", "blob", "filesystem"}
_TAG = re.compile(r"<\s*[/!?a-z]", re.I)


def _scheme(value: str) -> str | None:
    """The scheme a browser would read in ``value`` as a link (entities decoded, blanks dropped)."""
    m = _SCHEME.match(_INVISIBLE.sub("", html.unescape(value)).lower())
    return m.group(1) if m else None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _bad_link(path: str, value: str) -> str | None:
    scheme = _scheme(value)
    if scheme is None or scheme in URL_SCHEMES:
        return None
    # any other scheme in a value with no blanks reads as a link; the script schemes anywhere
    if scheme in _NEVER or not re.search(r"\s", value.strip()):
        return (f"{path}: {value!r} is a {scheme}: link; a link on the site's pages must be http, https, mailto "
                "or tel, or a path on the site")
    return None


def site_text_problems(config: Any) -> list[str]:
    """What in mkdocs.yml's site settings a page could not show safely, one line each (no
    line numbers: MkDocs does not keep them)."""
    out = []
    options = config["plugins"]["noticeboard"].config if "noticeboard" in config["plugins"] else {}
    texts = [(key, config.get(key)) for key in (*PLAIN, "copyright")]
    texts += list(_strings(dict(options.get("publisher") or {}), "plugins.noticeboard.publisher"))
    texts += list(_strings(dict(config.get("extra") or {}), "extra"))
    for key, value in texts:  # invisible instructions, as in notice text (characters.py)
        bad = character_problem(value, multiline=False) if isinstance(value, str) else None
        if bad:
            out.append(f"{key}: {bad}")
    for key in PLAIN:
        value = config.get(key)
        if isinstance(value, str) and _BREAKS_OUT.search(value):
            out.append(f"{key}: {value!r} holds '<', '>' or '\"'; the theme writes {key} into every page's HTML as it is: "
                       "write plain text (“” 《》 are fine)")
    for key in LINKS:
        value = config.get(key)
        problem = _bad_link(key, value) if isinstance(value, str) else None
        if problem:
            out.append(problem)
    for path, value in _strings(dict(config.get("extra") or {}), "extra"):
        problem = _bad_link(path, value)
        if problem:
            out.append(problem)
        elif _TAG.search(value):
            out.append(f"{path}: {value!r} holds HTML; the theme writes extra values into pages as they are: write text")
    return out


def clean_copyright(config: Any) -> None:
    """``copyright`` reduced to what a generated page may hold (it is written into every footer)."""
    if isinstance(config.get("copyright"), str):
        config["copyright"] = clean_page(config["copyright"])
