"""Which characters notice text may hold.

Every character is allowed except those that are invisible instructions rather than text:
control characters (C0, DEL, C1) other than tab and line feed, lone surrogates, noncharacters
(U+FDD0–U+FDEF, U+xFFFE/U+xFFFF), the bidirectional controls (Unicode's Bidi_Control: the
marks ALM/LRM/RLM, embeddings, overrides and isolates; they make text display in another order
than it reads), and the line and paragraph separators U+2028/U+2029. A line feed is allowed only in multi-line text (bodies); a tab everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

_C0 = "\x00-\x08\x0b-\x1f"  # C0 controls but tab and line feed
#: Unicode's Bidi_Control characters: the marks (ALM, LRM, RLM), embeddings, overrides and isolates
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_OTHERS = (
    "\x7f-\x9f"  # DEL and the C1 controls
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters (and those of the other planes: _ASTRAL_OTHERS)
    + BIDI_CONTROLS
    + "\u2028\u2029"  # line and paragraph separators
)
_ASTRAL_OTHERS = "".join(chr(plane * 0x10000 + low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))


class CharacterClass:
    """Characters of the Basic Multilingual Plane given as a regex class (``bmp``) and the
    noncharacters of the other planes, found in a text as one regex class would find them.

    A class that lists characters outside the BMP makes the regex engine try each of its ranges
    in turn at every character (about ten times slower on Chinese text); so a text is first
    screened by ``bmp`` and one range of every character outside the BMP, and searched with the
    whole class only where the screen finds something (a character of ``bmp``, or one outside
    the BMP: rare in notices)."""

    def __init__(self, bmp: str):
        self.pattern = re.compile(f"[{bmp}{_ASTRAL_OTHERS}]")
        self._screen = re.compile(f"[{bmp}\U00010000-\U0010ffff]")

    def search(self, text: str) -> re.Match[str] | None:
        first = self._screen.search(text)
        if first is None or first.group() < "\U00010000":  # nothing, or the first character of ``bmp``
            return first
        return self.pattern.search(text, first.start())

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self._screen.search(text) is not None else iter(())

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        return self.pattern.sub(repl, text) if self._screen.search(text) is not None else text


FORBIDDEN_IN_BODY = CharacterClass(f"{_C0}{_OTHERS}")
FORBIDDEN_IN_LINE = CharacterClass(f"\n{_C0}{_OTHERS}")
FORBIDDEN_IN_FILE = CharacterClass(f"\x00-\x08\x0b\x0c\x0e-\x1f{_OTHERS}")
"""Raw characters a YAML file may not hold: those of bodies, except \\r (a line end)."""


def describe(char: str) -> str:
    """``'\\x1b'`` → ``U+001B (a control character)``: what the character is, for a message."""
    code = ord(char)
    if _BIDI.match(char):
        what = "a bidirectional control: text would display in another order than it reads"
    elif char in "\u2028\u2029":
        what = unicodedata.name(char).lower()
    elif 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        what = "a noncharacter"
    elif char == "\n":
        what = "a line break"
    else:
        what = "a control character"
    return f"U+{code:04X} ({what})"


def advice(char: str, *, multiline: bool) -> str:
    """What the character is and what to do about it, for a message."""
    if char == "\n":
        return f"{describe(char)}: this field is one line; join the lines"
    if char in "\u2028\u2029\r\x0b\x0c\x85":
        return f"{describe(char)}: " + ("use an ordinary line break" if multiline else "this field is one line; use a space")
    return f"{describe(char)}: delete it"


def problem(text: str, *, multiline: bool) -> str | None:
    """Why ``text`` cannot stand in a notice field, or None. ``multiline``: the field is a body,
    where line breaks are allowed."""
    found = (FORBIDDEN_IN_BODY if multiline else FORBIDDEN_IN_LINE).search(text)
    if found is None:
        return None
    return f"character {found.start() + 1} is " + advice(found.group(), multiline=multiline)
