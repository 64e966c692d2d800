"""Text analysis shared by the index builder and the query (mirrored in ``assets/search/search.js``).

* :func:`fold` — per character: NFKC, lower case, then traditional → simplified by the table
  ``t2s.json`` (full-width ``２０２１`` → ``2021``, ``Ａ`` → ``a``, ``黨組`` → ``党组``). Per
  character, not per string, so that the browser can map every folded position back to the
  original text for highlighting. ``t2s.json`` is made by ``scripts/t2s_table.py`` from OpenCC's
  TSCharacters (Apache-2.0): one character to one character, OpenCC's default form.
* Keys: in each run of CJK characters every character and every overlapping 2-, 3- and 4-gram;
  every Latin/digit token (``[0-9a-z…]+``, cut to 32 characters) as a whole word. So a query of
  one character (车, 党) is answered by the index like any other (measured: +1.3 % keys, +4 % of
  the postings' bytes at 1,000 notices; a common character's posting is a bitmap of n/8 bytes).
* :func:`joined` — digits joined across a hyphen or one space (``0796-8689658``, ``0796 8689658``
  and ``07968689658`` all match each other), and the leading zero of a month or day dropped
  (``2021年07月05日`` = ``2021年7月5日``, ``07月`` = ``7月``), and a year of four Chinese digits
  written in Arabic ones (``二〇二三年``, ``二零二三年`` = ``2023年``: one character for one):
  applied to the folded text and to a query word when they are matched, and the index holds both
  a joined number and its parts (``0796``, ``8689658``; ``07`` and ``7``), and a year's
  ``2023`` beside the characters' n-grams.
* ``〇`` (U+3007, the zero of 二〇二三年) is a CJK character: part of a run, not a mark.
* :func:`query_words` — a query's words: split at white space, except one space between digits,
  and at punctuation (not between two Latin letters or digits); quotes around a word (“三重一大”)
  are not part of it.
* :func:`shard_of` — FNV-1a (32 bit) over the key's code points, modulo the number of shards.

Change nothing here without changing ``search.js`` the same way (``FORMAT`` is checked by both).
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib.resources import files

import numpy as np

FORMAT = 4
MAX_TOKEN = 32
CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\U00020000-\U0003134f"
CJK_RUN = re.compile(f"[{CJK}]+")
LATIN_TOKEN = re.compile(r"[0-9a-z\u00e0-\u00f6\u00f8-\u024f]+")
#: what a query word is split into when it does not occur as written: CJK runs and Latin tokens
PIECE = re.compile(f"[{CJK}]+|[0-9a-z\u00e0-\u00f6\u00f8-\u024f]+")


def _t2s() -> dict[str, str]:
    table = json.loads(files(__package__).joinpath("t2s.json").read_text(encoding="utf-8"))
    return dict(zip(table["from"], table["to"], strict=True))


#: traditional → simplified, one character to one (``t2s.json``)
T2S = _t2s()


class _FoldTable(dict):
    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        out = "".join(T2S.get(c, c) for c in unicodedata.normalize("NFKC", ch).lower())
        self[cp] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Per character: NFKC, lower case, traditional → simplified (same as ``fold`` in search.js)."""
    if text.isascii():
        return text.lower()
    if len(text) < _LONG:
        return text.translate(_FOLD)
    return _fold_long(text)


#: characters from which a text is folded in NumPy (:func:`_fold_long`), not by ``str.translate``
_LONG = 2_000
_single: np.ndarray | None = None  # code point → its fold when one character (0: not known, or not one)


def _fold_long(text: str) -> str:
    """:func:`fold` of a long text, through a table of code points where every character folds
    to one (a notice's text: ~10 times ``str.translate``'s speed, which looks up each character
    in a dict); a text with a character that folds to none or several is translated."""
    global _single
    if _single is None:
        _single = np.zeros(0x110000, dtype=np.uint32)
    try:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return text.translate(_FOLD)
    out = _single[cp]
    if not out.all():
        for c in np.unique(cp[out == 0]).tolist():
            folded = _FOLD[c]
            if len(folded) == 1:
                _single[c] = ord(folded)
        out = _single[cp]
        if not out.all():
            return text.translate(_FOLD)
    return out.tobytes().decode("utf-32-le")


#: what matching drops: one separator inside a written number (a hyphen or dash, spaces around it
#: allowed, or one space), and the zero before the one digit of a month or day (07月, 05日, 05号)
DIGIT_JOIN = re.compile(r"(?<=[0-9])(?:[ \t]?[-\u2010-\u2015\u2212][ \t]?|[ \t])(?=[0-9])|(?<![0-9])0(?=[1-9][月日号])")


#: a year written in four Chinese digits (二〇二三年, 一九九八年): written in Arabic ones when matched
CN_DIGITS = "〇零一二三四五六七八九"
CN_YEAR = re.compile(f"(?<![{CN_DIGITS}])[{CN_DIGITS}]{{4}}(?=年)")
_CN_DIGIT = str.maketrans(CN_DIGITS, "00123456789")


def joined(folded: str) -> str:
    """A folded text or word as it is matched (same as ``joined`` in search.js): a year in Chinese
    digits in Arabic ones, the digits of a number joined across hyphens and single spaces, and a
    month's or day's leading zero dropped."""
    if CN_YEAR.search(folded):
        folded = CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGIT), folded)
    return DIGIT_JOIN.sub("", folded)


def is_cjk_run(word: str) -> bool:
    return CJK_RUN.fullmatch(word) is not None


#: key groups; the builder may compute each in its own process
GROUPS = ("uni", "bi", "tri", "quad")
_NGRAM = {g: re.compile(f"(?=([{CJK}]{{{n}}}))") for g, n in zip(GROUPS, (1, 2, 3, 4))}


def doc_keys(folded: str, groups: tuple[str, ...] = GROUPS) -> set[str]:
    """The index keys of an already folded text (of the given groups; "bi" has the Latin tokens)."""
    # one overlapping regex scan per n-gram size: C-level, and no gram crosses a non-CJK character
    keys: set[str] = set()
    for group in groups:
        keys.update(_NGRAM[group].findall(folded))
    if "bi" in groups:
        keys.update(latin_tokens(folded))
    return keys


def latin_tokens(folded: str) -> set[str]:
    """The Latin/digit keys of a folded text: its tokens, and its numbers joined (:func:`joined`)."""
    tokens = set(LATIN_TOKEN.findall(folded))
    if DIGIT_JOIN.search(folded) or CN_YEAR.search(folded):
        tokens.update(LATIN_TOKEN.findall(joined(folded)))
    return {t[:MAX_TOKEN] for t in tokens}


#: at most this many keys stand for one word, and for a whole query (an equal share each, at
#: least one): each key costs a shard fetched (~3.5 kB), so a long query costs no more bytes than
#: a few short ones; the text check (query.py step 5) decides what the keys leave open
WORD_KEYS = 8
QUERY_KEYS = 12


def spread(keys: list[str], k: int) -> list[str]:
    """``keys`` when there are at most ``k``, else ``k`` of them evenly spread from the first to
    the last (one: the first). Same as ``spread`` in search.js."""
    if len(keys) <= k:
        return keys
    if k == 1:
        return keys[:1]
    return [keys[i * (len(keys) - 1) // (k - 1)] for i in range(k)]


def run_keys(run: str, limit: int = 8) -> list[str]:
    """The keys that stand for a CJK run in a query.

    A run of 1 to 4 characters is its own key (exact); a longer one is the intersection of its
    distinct 4-grams, in the order they first occur (a repeated phrase, 巡察整改巡察整改…, has four,
    however long): all of them up to ``limit``, else every fourth one plus the last, which still
    covers every character of a run without repeats.
    """
    if len(run) <= 4:
        return [run]
    grams = list(dict.fromkeys(run[i:i + 4] for i in range(len(run) - 3)))
    if len(grams) > limit:
        grams = [grams[i] for i in sorted(set(range(0, len(grams), 4)) | {len(grams) - 1})]
    return grams


def word_keys(word: str) -> list[str]:
    """Index keys that every document containing the (folded) ``word`` must have: at most
    :data:`WORD_KEYS`, spread over the word (:func:`spread`)."""
    keys: list[str] = []
    for m in PIECE.finditer(joined(word)):
        piece = m.group()
        if is_cjk_run(piece):
            keys += run_keys(piece)
        else:
            keys.append(piece[:MAX_TOKEN])
    return spread(list(dict.fromkeys(keys)), WORD_KEYS)


def query_keys(words: list[str]) -> dict[str, list[str]]:
    """The keys each word of a query is looked up by: its :func:`word_keys`, spread down to an
    equal share of :data:`QUERY_KEYS` (same as ``queryKeys`` in search.js)."""
    share = max(1, QUERY_KEYS // max(1, len(words)))
    return {w: spread(word_keys(w), share) for w in words}


#: a CJK run that does not occur as written is cut into pieces (query.py step 3) only up to this
#: many characters (the cut looks up all its bigrams and 4-grams: 2 × length − 4 keys) ...
CUT_MAX = 12
#: ... and only while the keys the query looks up stay within this many
MAX_KEYS = 24
#: a run of at least this many characters with no such cut may leave one character on its own (a
#: character typed once too often, 公务用车车, or mistyped at an end): query.py step 3
TYPO_MIN = 5


def cut_keys(run: str) -> list[str]:
    """What cutting a CJK run looks up: every bigram and every 4-gram (query.py step 3)."""
    return list(dict.fromkeys([run[i:i + 2] for i in range(len(run) - 1)] + [run[i:i + 4] for i in range(len(run) - 3)]))


def word_is_exact(word: str) -> bool:
    """True when the index alone decides whether a document contains ``word``.

    A CJK word of 1 to 4 characters is one key; so is a bare Latin/digit token. Anything
    longer or mixed needs the text to be checked (the keys could occur apart).
    """
    word = joined(word)
    if is_cjk_run(word):
        return len(word) <= 4
    return LATIN_TOKEN.fullmatch(word) is not None and len(word) <= MAX_TOKEN


def fnv1a(key: str) -> int:
    h = 0x811C9DC5
    for ch in key:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(key: str, shards: int) -> int:
    return fnv1a(key) % shards


#: characters of a query that are searched (the rest is dropped, and the page says so): the
#: cut of step 3 of query.py costs the square of a run's length
MAX_QUERY = 100


#: where a folded query splits into words: white space, but not one space between two digits
WORD_GAP = re.compile(r"\s{2,}|(?<![0-9])\s|\s(?![0-9])")
#: quotes a user may type around a word (an opening one first, a closing one last): not part of it
OPEN_QUOTES = "\"'“‘「『"
CLOSE_QUOTES = "\"'”’」』"


def unquoted(word: str) -> str:
    """``word`` without the quotes around it (“三重一大” → 三重一大); a quote on one side only stays."""
    while len(word) >= 2 and word[0] in OPEN_QUOTES and word[-1] in CLOSE_QUOTES:
        word = word[1:-1]
    return word


#: punctuation and symbols in a (folded) query word: a run of what is not CJK, Latin, a digit or
#: white space (white space in a word stands only between digits)
_MARKS = re.compile(f"[^{CJK}0-9a-z\u00e0-\u00f6\u00f8-\u024f\\s]+")
_LATIN_CHAR = re.compile(r"[0-9a-z\u00e0-\u00f6\u00f8-\u024f]")
_DIGIT = re.compile("[0-9]")
_DASH = re.compile("[-\u2010-\u2015\u2212]")


def split_marks(word: str) -> list[str]:
    """A word cut where punctuation or symbols stand (公务用车，违规 → 公务用车, 违规; 《差旅费》 →
    差旅费; 党组书记： → 党组书记; (0571)8765 → 0571, 8765). Kept whole: marks between two Latin
    letters or digits of which one is a letter (jubao@example.cn, a&b, abc-123), and one hyphen or
    dash between two digits (0796-8689658, a written number). Same as ``splitMarks`` in search.js."""
    out, start = [], 0
    for m in _MARKS.finditer(word):
        a, b = m.span()
        before, after = word[a - 1:a], word[b:b + 1]
        if _LATIN_CHAR.fullmatch(before) and _LATIN_CHAR.fullmatch(after) and (
                not (_DIGIT.fullmatch(before) and _DIGIT.fullmatch(after)) or _DASH.fullmatch(m.group())):
            continue
        out.append(word[start:a])
        start = b
    out.append(word[start:])
    return out


def query_words(query: str) -> list[str]:
    """Folded, de-duplicated words of a query's first ``MAX_QUERY`` characters (at most 10):
    split at white space (not one space between digits: ``0796 8689658`` is one number), quotes
    around a word taken off (:func:`unquoted`), then at punctuation (:func:`split_marks`)."""
    words = [p for w in WORD_GAP.split(fold(query[:MAX_QUERY])) for p in split_marks(unquoted(w))]
    return list(dict.fromkeys(w for w in words if word_keys(w)))[:10]


def shown_words(query: str, words: list[str]) -> list[str]:
    """Each (folded) word as the query wrote it, e.g. ``APP`` for ``app``, ``黨組`` for ``党组``
    (same as ``shownWords`` in search.js): the page says what was searched in the user's letters."""
    q = query[:MAX_QUERY]
    folded, start = [], []
    for i, ch in enumerate(q):
        f = fold(ch)
        folded.append(f)
        start += [i] * len(f)
    text = "".join(folded)
    out = []
    for w in words:
        at = text.find(w) if w else -1
        out.append(q[start[at]:start[at + len(w) - 1] + 1] if at >= 0 else w)
    return out
