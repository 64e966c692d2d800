"""Invert the CJK n-grams of many texts into postings, in NumPy, a hash partition at a time.

The same keys as :func:`noticeboard.search.analysis.doc_keys` gives for groups uni/bi/tri/quad
without the Latin tokens: every character and every overlapping 2-, 3- and 4-gram inside a run
of CJK characters.
Each character gets a dense 16-bit id as it first appears (0 = not CJK), so an n-gram is one
64-bit integer and a text's keys are one sort; the (key, document) pairs of a batch of texts are spilled
as the batch fills, to one temporary file per partition, and each partition is sorted on its own:
memory holds one batch and one partition, never every text nor every pair.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence

import numpy as np

from .analysis import CJK_RUN

PARTITIONS = 8  # at least
#: (key, document) pairs per partition aimed at: a partition is sorted in memory at ~24 bytes a
#: pair, so this bounds the inversion's memory whatever the archive's size (texts are counted at
#: 4 keys a character, an upper bound); half as many are held before they are spilled to the
#: partitions, a batch at once
PARTITION_PAIRS = 2_000_000
_SHIFT = np.uint64(16)
_HALF = np.uint64(32)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_CODE_POINTS = 0x110000


class TooManyCharacters(Exception):
    """More than 65,535 distinct CJK characters: the caller falls back to the pure-Python path."""


class Inversion:
    """Texts added one at a time (document ids 0, 1, … in the order added), then
    :meth:`postings`. ``chars``: about how many characters the texts hold in all, or ``docs``:
    how many texts will be added (their characters are then reckoned from the first batch's): it
    sets the number of partitions; any value gives the same postings."""

    def __init__(self, chars: int = 0, *, docs: int = 0):
        self._chars, self._expected = chars, docs
        self.partitions = 0  # set by the first spill
        self.ids = np.zeros(_CODE_POINTS, dtype=np.uint16)  # code point → dense id, 0: none (yet)
        self.seen = np.zeros(_CODE_POINTS, dtype=bool)  # code points already given an id or found not CJK
        self.chars = [""]  # the characters by id
        self.docs = 0
        self._spills: list = []
        self._held: list[tuple[int, np.ndarray]] = []  # (document, its keys) not yet spilled
        self._pairs = 0  # keys held
        self._added = 0  # characters of the texts added

    def _partitions(self) -> int:
        chars = self._chars or -(-self._added * max(self._expected, self.docs) // max(self.docs, 1))
        return max(PARTITIONS, -(-4 * chars // PARTITION_PAIRS))

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
        """Take the keys of the next document's text (its id: the number of texts added before);
        they are spilled with those of the documents added since the last spill."""
        doc, self.docs = self.docs, self.docs + 1
        self._added += len(text)
        keys = self._keys(text)
        if len(keys):
            self._held.append((doc, keys))
            self._pairs += len(keys)
            if self._pairs >= PARTITION_PAIRS // 2:
                self._spill()

    def _spill(self) -> None:
        """Write the pairs held to their partitions' files: one record per partition for the
        whole batch (a record per document and partition cost a write call each)."""
        if not self.partitions:
            self.partitions = self._partitions()
            # unnamed files (O_TMPFILE): nothing is left in the temporary folder however this
            # process ends, a build's stop killing it included
            self._spills = [tempfile.TemporaryFile(prefix="nb-invert-") for _ in range(self.partitions)]
        if not self._held:
            return
        keys = np.concatenate([k for _, k in self._held])
        docs = np.repeat(np.array([d for d, _ in self._held], dtype=np.uint32), [len(k) for _, k in self._held])
        self._held, self._pairs = [], 0
        partitions = self.partitions
        # a multiplicative hash scaled to [0, partitions): several times faster than a remainder
        part = (((keys * _GOLDEN) >> _HALF) * np.uint64(partitions) >> _HALF).astype(np.uint16 if partitions <= 1 << 16 else np.int64)
        counts = np.bincount(part, minlength=partitions)
        order = np.argsort(part, kind="stable")  # a radix sort of 16-bit numbers
        keys, docs = keys[order], docs[order]
        del order, part
        ends = np.cumsum(counts).tolist()
        for p in np.flatnonzero(counts).tolist():
            start = ends[p] - int(counts[p])
            # one record: the number of pairs, their keys, their documents
            self._spills[p].write(np.uint64(ends[p] - start).tobytes() + keys[start:ends[p]].tobytes() + docs[start:ends[p]].tobytes())

    def close(self) -> None:
        """Remove the spilled pairs (done by :meth:`postings` once read)."""
        for f in self._spills:
            f.close()

    def _decode(self, codes: np.ndarray) -> list[str]:
        """The keys of n-gram ``codes``: each code's 16-bit fields, highest first, are the ids of
        its characters (leading zero fields: a shorter n-gram); one numpy string per code."""
        table = np.array([0, *map(ord, self.chars[1:])], dtype=np.uint32)
        fields = np.stack([(codes >> np.uint64(shift)) & np.uint64(0xFFFF) for shift in (48, 32, 16, 0)], axis=1).astype(np.intp)
        skip = 4 - np.count_nonzero(fields, axis=1)  # the leading zero fields, moved to the end
        at = np.arange(4) + skip[:, None]
        chars = np.where(at < 4, table[np.take_along_axis(fields, np.minimum(at, 3), axis=1)], 0).astype(np.uint32)
        return np.ascontiguousarray(chars).view("<U4").ravel().tolist()  # trailing NULs dropped

    def grouped(self) -> Iterator[tuple[list[str], np.ndarray, np.ndarray]]:
        """Every CJK n-gram key of the texts added with its documents, a partition at a time, in
        no particular order: the partition's keys, where each key's documents begin in ``docs``
        (and one more: the end), and ``docs``, ascending within each key."""
        try:
            self._spill()
            for f in self._spills:
                f.seek(0)
                data = f.read()
                f.close()
                keys_parts, docs_parts, pos = [], [], 0
                while pos < len(data):
                    count = int.from_bytes(data[pos:pos + 8], "little")
                    keys_parts.append(np.frombuffer(data, np.uint64, count, pos + 8))
                    docs_parts.append(np.frombuffer(data, np.uint32, count, pos + 8 + 8 * count))
                    pos += 8 + 12 * count
                if not keys_parts:
                    continue
                keys = np.concatenate(keys_parts)
                docs = np.concatenate(docs_parts)
                del keys_parts, docs_parts, data
                # sorted by key (not stable: several times faster), then each key's documents put in
                # ascending order by one sort of (key's rank, document)
                order = np.argsort(keys)
                keys = keys[order]
                ranked = docs[order].astype(np.uint64)
                del order, docs
                first = np.r_[True, keys[1:] != keys[:-1]]
                ranked |= (np.cumsum(first, dtype=np.uint64) - np.uint64(1)) << np.uint64(32)
                ranked.sort()
                docs = ranked.astype(np.uint32)  # the low 32 bits: the documents
                del ranked
                starts = np.flatnonzero(first)
                yield self._decode(keys[starts]), np.r_[starts, len(keys)], docs
        finally:
            self.close()

    def postings(self) -> Iterator[tuple[str, np.ndarray]]:
        """``(key, ascending document ids)`` for every CJK n-gram key of the texts added, a
        partition at a time, in no particular order (:meth:`grouped`, a key at a time)."""
        for keys, bounds, docs in self.grouped():
            ends = bounds.tolist()
            for j, key in enumerate(keys):
                yield key, docs[ends[j]:ends[j + 1]]


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
