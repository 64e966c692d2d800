"""The forbidden-character classes (characters.py) screen a text with a fast class of the Basic
Multilingual Plane and fall back to the whole class where a character outside it stands: what
they find is what one regex class of every forbidden character finds, at the same places."""

from __future__ import annotations

import random
import re

import pytest

from noticeboard import characters
from noticeboard.characters import FORBIDDEN_IN_BODY, FORBIDDEN_IN_FILE, FORBIDDEN_IN_LINE

#: every forbidden character, outside the BMP too, and allowed ones on either side of each
_FORBIDDEN = [chr(c) for c in range(0x110000) if FORBIDDEN_IN_LINE.pattern.match(chr(c))]
_ALLOWED = ["整", "改", "a", " ", "\t", "\U00020000", "\U0001f600", "\U0010fffd", "\ufffd", "\u2027", "\u202f", "\xa0"]


def _plain(cls) -> re.Pattern[str]:
    """The class as one regex: every character it forbids listed in one bracket."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x110000) if cls.pattern.match(chr(c))) + "]")


def _texts() -> list[str]:
    rng = random.Random(2026)
    texts = ["", "整改情况通报", "\U00020000整改", "整改\U0001fffe", "\U0002a6a0\n\u202e", "a\r\nb"]
    for _ in range(400):
        pool = _ALLOWED + rng.sample(_FORBIDDEN, 3)
        texts.append("".join(rng.choice(pool) for _ in range(rng.randrange(1, 40))))
    return texts


def test_every_plane_has_its_noncharacters_forbidden():
    for plane in range(17):
        for low in (0xFFFE, 0xFFFF):
            assert FORBIDDEN_IN_FILE.search(f"整改{chr(plane * 0x10000 + low)}") is not None
    assert FORBIDDEN_IN_FILE.search("整改\U0010fffd\U00020000\ufffd") is None


@pytest.mark.parametrize("cls", [FORBIDDEN_IN_BODY, FORBIDDEN_IN_LINE, FORBIDDEN_IN_FILE], ids=["body", "line", "file"])
def test_a_screened_class_finds_what_one_class_finds(cls):
    plain = _plain(cls)
    for text in _texts():
        found = cls.search(text)
        expected = plain.search(text)
        assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group())), repr(text)
        assert [(m.start(), m.group()) for m in cls.finditer(text)] == [(m.start(), m.group()) for m in plain.finditer(text)], repr(text)
        assert cls.sub(lambda m: f"<{ord(m.group()):X}>", text) == plain.sub(lambda m: f"<{ord(m.group()):X}>", text)


def test_a_field_names_the_first_forbidden_character_after_one_outside_the_bmp():
    assert characters.problem("\U00020000整改\u202e通报\x07", multiline=False) == (
        "character 4 is U+202E (a bidirectional control: text would display in another order than it reads): delete it")
