"""Raw HTML blocks handed to Python-Markdown without its HTML parser reading them again.

A generated page's Markdown is mostly raw HTML that noticeboard itself wrote (the templates'
tables, banners and lists; notice text already converted by markdown-it and allowlisted), each
block between blank lines. Python-Markdown's ``html_block`` preprocessor finds such blocks with
its HTML parser (pure Python, a third of a page's conversion) and puts each into its
``htmlStash``. :class:`HtmlBlocks` takes its place on the pool workers' ``Markdown`` object: it
produces exactly what that preprocessor produces (the same lines, the same stash entries in the
same order) for a page whose every part (the text between blank lines) has one of two plain
shapes, found with regular expressions:

* Markdown text (a heading, a line of text) holding no ``<`` and no ``&`` other than a complete
  character or entity reference or a lone ``&``: the parser passes it through unchanged;
* raw HTML blocks: made only of plain start tags (lower-case names, double-quoted attribute
  values), end tags, text and complete references, each block starting at a line's start with a
  block-level element's start tag and ending at the end of a line with that element's end tag
  (as the parser pairs tags: :meth:`HtmlBlocks._blocks`), the next on the next line, the last
  where the part ends: the parser stashes each whole.

Any other page (a comment, a self-closing tag, a script or other element whose content a parser
reads as text, a block that does not end where its
part ends, an unterminated reference…) goes through Python-Markdown's own preprocessor, as does
every page when another extension replaces that preprocessor (``md_in_html``). Nothing here
decides what HTML is allowed: the page allowlist runs on the converted page as before
(:func:`noticeboard.render.sanitize.clean_page`).
"""

from __future__ import annotations

import re

import markdown
from markdown.preprocessors import HtmlBlockPreprocessor

#: blank lines between two parts (after NormalizeWhitespace a blank line is empty)
_SEPARATOR = re.compile(r"(\n\n+)")  # (\n{2,}) is the same, but twenty times slower to find
#: a complete character or entity reference, or a lone ampersand (the parser passes each unchanged)
_REFERENCE = r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z][-.a-zA-Z0-9]*;|(?![#a-zA-Z]))"
#: Markdown text the parser passes through unchanged
_TEXT = re.compile(rf"(?:[^<&]+|{_REFERENCE})*")
#: a raw HTML part made only of plain start tags, end tags, text and references
_HTML = re.compile(
    r'(?:<[a-z][a-z0-9]*(?: [a-z][-a-z0-9_:.]*(?:="[^"<>`]*")?)*>'  # a start tag
    r"|</[a-z][a-z0-9]*>"  # an end tag
    rf"|[^<&]+|{_REFERENCE})*"  # text, a reference
)
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)")
#: start tags the parser keeps off its stack of open tags (HTMLExtractor.empty_tags)
_EMPTY = frozenset({"hr"})
#: elements whose content an HTML parser reads as text (each Python version has its own list): never plain
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})


class HtmlBlocks(HtmlBlockPreprocessor):
    """Python-Markdown's ``html_block`` preprocessor, its output made without the HTML parser for
    pages of the plain shapes above (module docstring); any other page goes through the parser."""

    def run(self, lines: list[str]) -> list[str]:
        fast = self.stash_plain("\n".join(lines))
        return fast if fast is not None else super().run(lines)

    def stash_plain(self, source: str) -> list[str] | None:
        """``source``'s lines with each raw HTML block stashed, as the parser leaves them; None
        (and nothing stashed) when a part has neither plain shape."""
        parts = _SEPARATOR.split(source)
        blocks: dict[int, list[str]] = {}
        for at in range(0, len(parts), 2):
            part = parts[at]
            if "<" not in part:
                if not _TEXT.fullmatch(part):
                    return None
                continue
            # raw blocks, the last with a blank line after it (which the parser keeps in it)
            if at == len(parts) - 1 or not _HTML.fullmatch(part):
                return None
            found = self._blocks(part)
            if found is None:
                return None
            blocks[at] = found
        for at, found in blocks.items():  # stashed in order, once the whole page is known to qualify
            last = len(found) - 1
            parts[at] = "".join("\n" + self.md.htmlStash.store(block + "\n" if i == last else block) + ("\n\n" if i == last else "\n\n\n")
                                for i, block in enumerate(found))
        return "".join(parts).split("\n")

    def _blocks(self, part: str) -> list[str] | None:
        """The raw blocks Python-Markdown's HTMLExtractor finds in ``part`` (plain HTML, see
        ``_HTML``), if it finds blocks that fill it: each starts at a line's start with a
        block-level element's start tag and ends at the end of a line with the end tag that
        the parser pairs with it (every start tag but ``hr`` pushed on its stack; an end tag
        pops down to the nearest open tag of its name, or is ignored), the next one on the
        next line. None for a part of any other shape."""
        found: list[str] = []
        stack: list[str] = []
        start = 0  # of the next block
        for tag in _TAG.finditer(part):
            slash, name = tag.groups()
            if not stack and (tag.start() != start or slash or name in _EMPTY or not self.md.is_block_level(name)):
                return None
            if not slash:
                if name in _RAW_TEXT:
                    return None
                if name not in _EMPTY:
                    stack.append(name)
            elif name in stack:
                while stack.pop() != name:
                    pass
                if not stack:
                    end = tag.end() + 1  # the plain end tag's ">"
                    found.append(part[start:end])
                    if end == len(part):
                        return found
                    if part[end] != "\n":
                        return None
                    start = end + 1
        return None


def install(md: markdown.Markdown) -> bool:
    """Put :class:`HtmlBlocks` in place of ``md``'s ``html_block`` preprocessor where that is
    Python-Markdown's own (an extension may have replaced it); True if it did."""
    if "html_block" not in md.preprocessors or type(md.preprocessors["html_block"]) is not HtmlBlockPreprocessor:
        return False
    index = md.preprocessors.get_index_for_name("html_block")
    priority = md.preprocessors._priority[index].priority
    md.preprocessors.register(HtmlBlocks(md), "html_block", priority)
    return True
