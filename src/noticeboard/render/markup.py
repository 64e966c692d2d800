"""Notice text (Markdown) to page content that can only be text and structure.

A notice's summary, section bodies and problem measures are Markdown written outside the site (a
received Word file, a pasted web page). They are converted here, never by MkDocs: markdown-it-py
in CommonMark mode with raw HTML off and tables on (no attribute lists, no other extension), and
the HTML passes the notice-text allowlist (:func:`.sanitize.clean_text`). What is placed in the
page's Markdown then has one of two forms in which MkDocs' own Markdown pass (``attr_list`` and
whatever else a site enables) can read nothing:

* a heading at the top level of the text: a Markdown heading line whose text is written with
  :func:`.escape.md_inline` (no ASCII punctuation left), so that MkDocs gives it an id and puts it
  in the table of contents;
* everything else: the sanitized HTML on one line, in ``<div class="nb-text">``: a raw HTML block
  in every Markdown dialect (its line breaks are character references, so no blank line can end
  the block early and let the rest be read as Markdown).

Headings are never above ``floor`` (a section's body sits under the section's ``h2``).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from .escape import md_inline
from .sanitize import clean_text

BLOCK_CLASS = "nb-text"


def _image_as_link(self, tokens: list[Token], idx: int, options, env) -> str:
    """No images from notice text (they would load from anywhere): an image is a link to it."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = token.attrGet("src") or ""
    return f'<a href="{escapeHtml(str(src))}">{escapeHtml(alt or str(src))}</a>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("image", _image_as_link)
    return md


#: ASCII punctuation: what a backslash escapes
_PUNCT = r"!-/:-@\[-`{-~"
#: a line the converter reads as a paragraph of its own text: made of characters that mean nothing
#: to CommonMark inline (none of ``* _ [ ] `` ` ``; ``&`` not before a letter or ``#``; ``<`` only
#: before a non-ASCII character) or a backslash (escaping the punctuation after it), no control
#: character, U+00A0 or surrogate (which the converter or the allowlist rewrite), and no start a
#: block begins with (``# > - + * = _ ~ ` | [ <``, a list number ``1.``)
_PLAIN_LINE = re.compile(
    r"(?![#>\-+*=_~`|\[<]|[0-9]{1,9}[.)])"
    rf"(?:[^\x00-\x1f\x7f-\xa0*_\[\]`&\\<\ud800-\udfff]++|&(?![A-Za-z#])|<(?=[^\x00-\x7f])|\\(?:[{_PUNCT}]|(?![{_PUNCT}])))+"
)
#: an ATX heading line whose text is a plain line (not ending in a ``#``, which could close it)
_PLAIN_HEADING = re.compile(r"(#{1,6})[ \t]+(.*[^#])")
_ESCAPE = re.compile(rf"\\([{_PUNCT}])")


def _text(line: str) -> str:
    """The text the converter reads in a plain line: its escapes undone."""
    return _ESCAPE.sub(r"\1", line) if "\\" in line else line


def _text_html(line: str) -> str:
    """A plain line's text as the converter and the allowlist write it."""
    return html.escape(_text(line), quote=False)


def _plain_blocks(source: str) -> list[tuple[int, str]] | None:
    """``source``'s blocks when it is only plain lines (:data:`_PLAIN_LINE`), each a paragraph
    with a blank line (nothing but spaces and tabs) before and after it or an ATX heading of
    plain text: ``(level, line)``, level 0 for a paragraph. None for any other text (the
    converter's)."""
    blocks: list[tuple[int, str]] = []
    after_blank = True
    for line in source.split("\n"):
        if not line.strip(" \t"):
            after_blank = True
            continue
        if line != line.strip():
            return None
        if line[0] == "#":
            heading = _PLAIN_HEADING.fullmatch(line)
            if heading is None or not _PLAIN_LINE.fullmatch(heading[2]):
                return None
            blocks.append((len(heading[1]), heading[2]))
            after_blank = True  # what follows a heading line starts a new block
            continue
        if not after_blank or not _PLAIN_LINE.fullmatch(line):
            return None
        blocks.append((0, line))
        after_blank = False
    return blocks


def _parse(source: str, floor: int) -> list[Token]:
    tokens = _parser().parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(int(token.tag[1]), floor)}"
    return tokens


def _html(tokens: list[Token]) -> str:
    """Rendered, sanitized, on one line."""
    md = _parser()
    html = clean_text(md.renderer.render(tokens, md.options, {})).strip()
    return html.replace(">\n<", "><").replace("\r", "&#13;").replace("\n", "&#10;")


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child))
    return "".join(parts)


def to_html(source: str | None, floor: int = 3) -> str:
    """Notice Markdown as sanitized HTML on one line (for a place inside an HTML block)."""
    if not source:
        return ""
    plain = _plain_blocks(source)
    if plain is not None and not any(level for level, _ in plain):  # as the converter and the allowlist write it
        return "".join(f"<p>{_text_html(line)}</p>" for _, line in plain)
    return _html(_parse(source, floor))


def to_markdown(source: str | None, floor: int = 3) -> str:
    """Notice Markdown as page Markdown: top-level headings as heading lines, the rest as one-line
    sanitized HTML blocks; parts separated by blank lines."""
    if not source:
        return ""
    plain = _plain_blocks(source)
    if plain is None:
        return _converted_markdown(source, floor)
    parts: list[str] = []  # as the converter and the allowlist write it
    run: list[str] = []
    for level, line in plain + [(1, "")]:
        if not level:
            run.append(f"<p>{_text_html(line)}</p>")
            continue
        if run:
            parts.append(f'<div class="{BLOCK_CLASS}">' + "".join(run) + "</div>")
            run.clear()
        if line:
            parts.append("#" * max(level, floor) + " " + md_inline(_text(line)))
    return "\n\n".join(parts)


def _converted_markdown(source: str, floor: int) -> str:
    """:func:`to_markdown` by the converter and the allowlist, whatever the text."""
    tokens = _parse(source, floor)
    parts: list[str] = []
    run: list[Token] = []

    def flush() -> None:
        if run:
            html = _html(run)
            if html:
                parts.append(f'<div class="{BLOCK_CLASS}">{html}</div>')
            run.clear()

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open" and token.level == 0:
            flush()
            text = md_inline(_inline_text(tokens[i + 1]))
            if text:
                parts.append("#" * int(token.tag[1]) + " " + text)
            i += 3  # heading_open, inline, heading_close
            continue
        run.append(token)
        i += 1
    flush()
    return "\n\n".join(parts)


def to_plain(source: str | None) -> str:
    """Notice Markdown as plain text: the words a reader sees, no markup and no URLs; one line per
    block (feeds, the page's description)."""
    if not source:
        return ""
    plain = _plain_blocks(source)
    if plain is not None:  # the text the converter reads in each block
        return "\n".join(" ".join(text.split()) for text in (_text(line) for _, line in plain) if text.strip())
    return _converted_plain(source)


def _converted_plain(source: str) -> str:
    """:func:`to_plain` by the converter, whatever the text."""
    lines = []
    for token in _parser().parse(source):
        if token.type == "inline":
            lines.append(_inline_text(token))
        elif token.type in ("code_block", "fence"):
            lines.append(token.content)
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def reads_as_itself(line: str) -> bool:
    """True when the converter reads nothing in ``line``: one paragraph of its own text, with no
    link, emphasis, code, entity or escape in it (the importer writes other lines escaped)."""
    tokens = _parser().parse(line)
    if [t.type for t in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return False
    children = tokens[1].children or []
    return all(c.type == "text" for c in children) and "".join(c.content for c in children) == line.strip()
