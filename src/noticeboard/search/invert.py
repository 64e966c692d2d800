"""Invert the CJK n-grams of many texts into postings, in NumPy, a hash partition at a time.

The same keys as :func:`noticeboard.search.analysis.doc_keys` gives for groups uni/bi/tri/quad
without the Latin tokens: every character and every overlapping 2-, 3- and 4-gram inside a run
of CJK characters.
Each character gets a dense 16-bit id (0 = not CJK), so an n-gram is one 64-bit integer and a
text's keys are one ``np.unique``; the (key, document) pairs are spilled to one temporary file
per partition and each partition is sorted on its own, so memory stays at a partition's share.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from .analysis import CJK_RUN

PARTITIONS = 8  # at least
#: (key, document) pairs per partition aimed at: a partition is sorted in memory at ~24 bytes a
#: pair, so this bounds the inversion's memory whatever the archive's size (texts are counted at
#: 4 keys a character, an upper bound)
PARTITION_PAIRS = 2_000_000
_SHIFT = np.uint64(16)


class TooManyCharacters(Exception):
    """More than 65,535 distinct CJK characters: the caller falls back to the pure-Python path."""


def _alphabet(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """A lookup table code point → dense id, and the characters by id (index 0 unused)."""
    chars: set[str] = set()
    for text in texts:
        chars.update(text)
    ordered = sorted(c for c in chars if CJK_RUN.fullmatch(c))
    if len(ordered) >= 1 << 16:
        raise TooManyCharacters(len(ordered))
    table = np.zeros(max((ord(c) for c in ordered), default=0) + 1, dtype=np.uint16)
    for i, ch in enumerate(ordered, start=1):
        table[ord(ch)] = i
    return table, [""] + ordered


def _keys(text: str, table: np.ndarray) -> np.ndarray:
    """The distinct n-gram codes of one text, ascending."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    ids = np.where(cp < len(table), table[np.minimum(cp, len(table) - 1)], 0).astype(np.uint64)
    ok = ids > 0
    a, b = ids[:-1], ids[1:]
    two = ok[:-1] & ok[1:]
    codes = [ids[ok], ((a << _SHIFT) | b)[two]]
    if len(ids) >= 3:
        three = two[:-1] & ok[2:]
        codes.append(((a[:-1] << np.uint64(32)) | (b[:-1] << _SHIFT) | ids[2:])[three])
    if len(ids) >= 4:
        four = three[:-1] & ok[3:]
        codes.append(((a[:-2] << np.uint64(48)) | (b[:-2] << np.uint64(32)) | (ids[2:-1] << _SHIFT) | ids[3:])[four])
    keys = np.sort(np.concatenate(codes))  # sort + neighbour test: several times np.unique's speed
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _decode(code: int, chars: list[str]) -> str:
    out = []
    while code:
        out.append(chars[code & 0xFFFF])
        code >>= 16
    return "".join(reversed(out))


def invert(texts: list[str], *, release: bool = False) -> Iterator[tuple[str, np.ndarray]]:
    """Yield ``(key, ascending document indexes)`` for every CJK n-gram key of ``texts``.
    ``release``: empty ``texts`` once their keys are spilled (before the first key is yielded),
    so that the texts and the partitions are never in memory together."""
    table, chars = _alphabet(texts)
    partitions = max(PARTITIONS, -(-4 * sum(map(len, texts)) // PARTITION_PAIRS))
    with tempfile.TemporaryDirectory(prefix="nb-invert-") as tmp:
        spills = [open(Path(tmp) / f"{p}.bin", "wb") for p in range(partitions)]
        try:
            for doc, text in enumerate(texts):
                keys = _keys(text, table)
                part = (keys % np.uint64(partitions)).astype(np.intp)
                counts = np.bincount(part, minlength=partitions)
                grouped = keys[np.argsort(part, kind="stable")]  # by partition, ascending within each
                ends = np.cumsum(counts).tolist()
                for p in np.flatnonzero(counts).tolist():
                    chosen = grouped[ends[p] - int(counts[p]): ends[p]]
                    if len(chosen):
                        # one record: doc id and count, then the keys
                        spills[p].write(np.array([doc, len(chosen)], dtype=np.uint64).tobytes())
                        spills[p].write(chosen.tobytes())
        finally:
            for f in spills:
                f.close()
        if release:
            texts.clear()
        for p in range(partitions):
            raw = np.fromfile(Path(tmp) / f"{p}.bin", dtype=np.uint64)
            if not len(raw):
                continue
            keys_parts, docs_parts, pos = [], [], 0
            while pos < len(raw):
                doc, count = int(raw[pos]), int(raw[pos + 1])
                keys_parts.append(raw[pos + 2: pos + 2 + count])
                docs_parts.append(np.full(count, doc, dtype=np.uint32))
                pos += 2 + count
            del raw
            keys = np.concatenate(keys_parts)
            docs = np.concatenate(docs_parts)
            del keys_parts, docs_parts
            order = np.argsort(keys, kind="stable")  # stable: documents stay ascending per key
            keys, docs = keys[order], docs[order]
            del order
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            ends = np.r_[starts[1:], len(keys)]
            for s, e in zip(starts.tolist(), ends.tolist()):
                yield _decode(int(keys[s]), chars), docs[s:e]

