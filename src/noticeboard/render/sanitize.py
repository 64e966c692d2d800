"""The allowlists: what HTML may reach a page. Everything not listed here is removed (nh3, the
bindings of Rust's ammonia, parses the HTML as a browser does and rebuilds it from the lists).

Two lists, both the contract:

* **Notice text** (:func:`clean_text`): the HTML that :mod:`.markup` makes from a notice's
  Markdown. Structure only (paragraphs, lists, emphasis, code, quotes, tables, headings, links):
  no ``class``, ``id``, ``style`` or event attribute, no image, form, frame, script or style.
  Links keep ``href`` only when it is an absolute ``http``/``https``/``mailto``/``tel`` URL.
  Relative URLs are removed (the link's text stays, as text): a notice is also published in feeds
  and JSON, where a relative URL has no base; on the site it would resolve differently under a
  sub-path or with ``use_directory_urls: false`` and escape MkDocs' link validation; and text
  pasted from another site carries that site's relative links, which are broken here.
  Attachments have their own field.
* **A generated page** (:func:`clean_page`): a second pass over the whole content of every page
  made from notice data (notice pages, listings), as defence in depth. It allows what the
  templates write (tables, banners, the contact card, pagers, ``class``/``id``/``role``/``aria-*``)
  and relative URLs (the site's own links), and still no script, style, event attribute or
  other URL scheme. A template that starts writing a new tag or attribute must add it here
  (the sample site's test fails until it does).
"""

from __future__ import annotations

import nh3

#: Tags notice text may produce.
TEXT_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
})
#: Attributes notice text may carry, per tag (``rel`` is set on every link, see LINK_REL).
TEXT_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "ol": {"start"}}
#: The only URL schemes a link may have; anything else (javascript:, data:, vbscript:, file:…) goes.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Set on every link in notice text: it leads off the site and is the author's, not the site's.
LINK_REL = "nofollow noopener noreferrer"
#: Removed with their content, not only their tags.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "textarea", "title", "noscript", "xmp", "noembed", "noframes", "iframe", "object", "svg", "math"})

#: Tags of a generated page's content: notice text's, and what the page templates write.
PAGE_TAGS = TEXT_TAGS | {
    "h1", "div", "span", "section", "nav", "details", "summary", "dl", "dt", "dd", "time",
    "caption", "small", "sup", "sub", "del", "ins", "mark",
}
#: Attributes of a generated page's content (``rel`` as the templates and LINK_REL set it).
PAGE_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "role", "lang", "title", "aria-label", "aria-current", "aria-hidden", "aria-describedby"},
    "a": {"href", "rel"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
}

_TEXT = nh3.Cleaner(
    tags=set(TEXT_TAGS), clean_content_tags=set(DROP_WITH_CONTENT), attributes=TEXT_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES), url_relative="deny", link_rel=LINK_REL, strip_comments=True,
)
_PAGE = nh3.Cleaner(
    tags=set(PAGE_TAGS), clean_content_tags=set(DROP_WITH_CONTENT), attributes=PAGE_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
)


def clean_text(html: str) -> str:
    """Notice text's HTML, reduced to the notice-text allowlist."""
    return _TEXT.clean(html)


def clean_page(html: str) -> str:
    """A generated page's content HTML, reduced to the page allowlist."""
    return _PAGE.clean(html)
