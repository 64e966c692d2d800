"""Invert the CJK n-grams of many texts into postings, in NumPy, a hash partition at a time.

The same keys as :func:`noticeboard.search.analysis.doc_keys` gives for groups uni/bi/tri/quad
without the Latin tokens: every character and every overlapping 2-, 3- and 4-gram inside a run
of CJK characters.
Each character gets a dense 16-bit id as it first appears (0 = not CJK), so an n-gram is one
64-bit integer and a text's keys are one sort; the (key, document) pairs of each text are spilled
as it is added, to one temporary file per partition, and each partition is sorted on its own:
memory holds one text and one partition, never every text nor every pair.
"""

from __future__ import annotations

import shutil
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
_CODE_POINTS = 0x110000


class TooManyCharacters(Exception):
    """More than 65,535 distinct CJK characters: the caller falls back to the pure-Python path."""


class Inversion:
    """Texts added one at a time (document ids 0, 1, … in the order added), then
    :meth:`postings`. ``chars``: about how many characters the texts hold in all (it sets the
    number of partitions; any value gives the same postings)."""

    def __init__(self, chars: int):
        self.partitions = max(PARTITIONS, -(-4 * chars // PARTITION_PAIRS))
        self.ids = np.zeros(_CODE_POINTS, dtype=np.uint16)  # code point → dense id, 0: none (yet)
        self.seen = np.zeros(_CODE_POINTS, dtype=bool)  # code points already given an id or found not CJK
        self.chars = [""]  # the characters by id
        self.docs = 0
        self._tmp = Path(tempfile.mkdtemp(prefix="nb-invert-"))
        self._spills = [open(self._tmp / f"{p}.bin", "wb") for p in range(self.partitions)]

    def _alphabet(self, cp: np.ndarray) -> None:
        """Give the CJK characters of ``cp`` not seen before their ids."""
        new = np.unique(cp[~self.seen[cp]])
        if not len(new):
            return
        self.seen[new] = True
        for c in new.tolist():
            ch = chr(c)
            if CJK_RUN.fullmatch(ch):
                if len(self.chars) >= 1 << 16:
                    raise TooManyCharacters(len(self.chars))
                self.ids[c] = len(self.chars)
                self.chars.append(ch)

    def _keys(self, text: str) -> np.ndarray:
        """The distinct n-gram codes of one text, ascending."""
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        self._alphabet(cp)
        ids = self.ids[cp].astype(np.uint64)
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

    def add(self, text: str) -> None:
        """Spill the keys of the next document's text (its id: the number of texts added before)."""
        doc, self.docs = self.docs, self.docs + 1
        keys = self._keys(text)
        partitions = self.partitions
        part = (keys % np.uint64(partitions)).astype(np.intp)
        counts = np.bincount(part, minlength=partitions)
        grouped = keys[np.argsort(part, kind="stable")]  # by partition, ascending within each
        ends = np.cumsum(counts).tolist()
        for p in np.flatnonzero(counts).tolist():
            chosen = grouped[ends[p] - int(counts[p]): ends[p]]
            # one record: doc id and count, then the keys
            self._spills[p].write(np.array([doc, len(chosen)], dtype=np.uint64).tobytes())
            self._spills[p].write(chosen.tobytes())

    def close(self) -> None:
        """Remove the spilled pairs (done by :meth:`postings` once read)."""
        for f in self._spills:
            f.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def _decode(self, code: int) -> str:
        out = []
        while code:
            out.append(self.chars[code & 0xFFFF])
            code >>= 16
        return "".join(reversed(out))

    def postings(self) -> Iterator[tuple[str, np.ndarray]]:
        """``(key, ascending document ids)`` for every CJK n-gram key of the texts added, a
        partition at a time, in no particular order."""
        try:
            for f in self._spills:
                f.close()
            for p in range(self.partitions):
                raw = np.fromfile(self._tmp / f"{p}.bin", dtype=np.uint64)
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
                    yield self._decode(int(keys[s])), docs[s:e]
        finally:
            self.close()


def invert(texts: Sequence[str]) -> Iterator[tuple[str, np.ndarray]]:
    """Yield ``(key, ascending document indexes)`` for every CJK n-gram key of ``texts``."""
    inversion = Inversion(sum(map(len, texts)))
    try:
        for text in texts:
            inversion.add(text)
    except BaseException:
        inversion.close()
        raise
    yield from inversion.postings()
