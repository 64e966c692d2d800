"""A stylesheet trimmed to the class names a site can use.

Material's stylesheet (137 kB) styles every feature Material has (admonitions, code highlighting,
content tabs, its own search, blog, …); a page of this site uses a fifth of it, and a phone on a
slow network waits for all of it before it draws anything. :func:`trim` keeps a rule's selector
unless it names a class that occurs nowhere in what the site can put on a page: its templates,
the scripts its pages load (Material's bundle adds classes as it runs), the Markdown extensions'
sources (the classes they write) and the pages' content. Names built at run time from a prefix
(``"md-tag--" ~ x`` in a template, ``md-tag--${x}`` in a script) keep every class with that
prefix. A selector is dropped only when it certainly cannot match: classes inside ``:not()``,
``:is()`` and the like, attributes, ids and elements never drop one. Then a custom property
(``--md-version-icon: url(data:…)``) that nothing left reads with ``var()`` goes too.
:func:`trim_values` trims Material's palette stylesheet (a rule per colour it offers) the same
way, to the values the site's palette can give the attributes it reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import tinycss2
from tinycss2.ast import AtRule, Declaration, IdentToken, LiteralToken, QualifiedRule, SquareBracketsBlock, StringToken

_NAME = re.compile(r"-{0,2}[A-Za-z_][A-Za-z0-9_-]*")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
# a class name that a template or a script completes at run time: md-tag--{{ … }}, "md-tag--" ~ x, md-tag--${x}
_PREFIX = re.compile(r"""(-?[A-Za-z_][A-Za-z0-9_-]*[-_])(?:\{\{|\$\{|["']\s*[~+])""")
# a script's string literals; what they select (.class, #id, [attribute]) is not what they add
_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`""")
_SELECTED = re.compile(r"[.#]-?[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]*\]")
_NESTED = {"media", "supports", "container", "layer", "document", "scope"}


class Names:
    """Every name (CSS identifier) that occurs in the texts given, and the prefixes of names made at run time."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.names: set[str] = set()
        self.prefixes: set[str] = set()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        self.names.update(_NAME.findall(text))
        self.prefixes.update(_PREFIX.findall(text))

    def add_script(self, js: str) -> None:
        """The names a script may give an element: those in its strings, not those it selects by."""
        for parts in _STRING.findall(js):
            self.names.update(_NAME.findall(_SELECTED.sub(" ", "".join(parts))))
        self.prefixes.update(_PREFIX.findall(js))

    def add_reads(self, css: str) -> None:
        """The custom properties another stylesheet reads (``var(--x)``): kept where they are set."""
        self.names.update(_VAR.findall(css))

    def __contains__(self, name: str) -> bool:
        return name in self.names or any(name.startswith(p) for p in self.prefixes)


def trim(css: str, names: Names) -> str:
    """``css`` without the selectors that name a class not in ``names`` (and the rules left with
    none), nor the custom properties that nothing left reads."""
    css = _trim(css, names, None)
    while True:  # a property read only by one that went goes next time round
        read = set(_VAR.findall(css)) | {n for n in names.names if n.startswith("--")}
        trimmed = _trim(css, names, read)
        if trimmed == css:
            return css
        css = trimmed


def trim_values(css: str, values: dict[str, set[str]]) -> str:
    """``css`` without the selectors that require an attribute named in ``values`` to hold a value
    it never holds (``[data-md-color-primary=pink]`` where pages only set ``custom``), and the
    rules left with none; a value inside ``:not()`` and the like never drops one."""
    def keep(selector: list) -> bool:
        return all(value in values[name] for name, value in _attributes(selector) if name in values)
    return "".join(_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), keep, None))


def _trim(css: str, names: Names, read: set[str] | None) -> str:
    def keep(selector: list) -> bool:
        return all(c in names for c in _classes(selector))
    return "".join(_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), keep, read))


def _rules(rules: list, keep: Callable[[list], bool], read: set[str] | None) -> Iterable[str]:
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            kept = [s for s in _selectors(rule.prelude) if keep(s)]
            body = _declarations(rule.content, read)
            if kept and body:
                yield ",".join(tinycss2.serialize(s).strip() for s in kept) + "{" + body + "}"
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in _NESTED and rule.content is not None:
            inner = "".join(_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), keep, read))
            if inner:
                yield "@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + inner + "}"
        elif isinstance(rule, (QualifiedRule, AtRule)):
            yield rule.serialize()


def _declarations(content: list, read: set[str] | None) -> str:
    """A rule's declarations, without the custom properties not in ``read`` (all kept when None)."""
    if read is None:
        return tinycss2.serialize(content)
    kept = [d for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
            if not (isinstance(d, Declaration) and d.name.startswith("--") and d.name not in read)]
    return ";".join(d.serialize() for d in kept)


def _selectors(prelude: list) -> list[list]:
    """A rule's selector list, split at its top-level commas."""
    selectors: list[list] = [[]]
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [s for s in selectors if s]


def _classes(selector: list) -> Iterable[str]:
    """The classes a selector requires (not those inside a function such as ``:not()``)."""
    for before, token in zip(selector, selector[1:]):
        if isinstance(before, LiteralToken) and before.value == "." and isinstance(token, IdentToken):
            yield token.value


def _attributes(selector: list) -> Iterable[tuple[str, str]]:
    """The ``[name=value]`` a selector requires (not those inside a function such as ``:not()``)."""
    for token in selector:
        if isinstance(token, SquareBracketsBlock):
            parts = [t for t in token.content if t.type != "whitespace"]
            if (len(parts) == 3 and isinstance(parts[0], IdentToken) and isinstance(parts[1], LiteralToken)
                    and parts[1].value == "=" and isinstance(parts[2], (IdentToken, StringToken))):
                yield parts[0].value, parts[2].value
