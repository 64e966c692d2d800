"""Build the chunked static search index: :func:`build_index`.

Layout under ``out_dir`` (the page's JS reads it from the folder named by ``data-index``)::

    manifest.json          {"format", "build", "docs", "shards", "page"}; tiny, fetched with no-cache
    meta.json.gz           string tables, the facets' labels, the facet columns (:func:`columns`: the year
                           as runs of document ids, the region by the issuer, the others one string
                           each, :func:`encode_column`), and which characters ``t2s`` folds (a bitmap:
                           the page fetches the table only for a text that holds one)
    t2s.json.gz            the traditional → simplified table of :mod:`.analysis` ({"from", "to"})
    s/<n>.bin.gz           postings, sharded by FNV-1a(key) % shards
    d/<id // 1000>/<id>.json.gz   one document: url, title, date, issuer, progress, text (and
                           the withdrawal mark of a withdrawn notice)
    d/<id // 1000>/<id>.h.json.gz its head: the same with the first ``HEAD`` characters of the
                           text only; what a result of a common word or a browsed list needs
                           (query.py, step 5)

Document ids are positions in date order, newest first, so "sort by date" is id order.

A shard is a sequence of entries ``varint(len(key utf-8)) key body-posting title-posting``. A
posting is ``varint(h)`` then: ``h = 0`` empty; ``h & 1 == 0`` a list of ``h >> 1`` varints (first
id, then gaps); ``h & 1 == 1`` a bitmap of ``h >> 1`` bytes (bit ``id & 7`` of byte ``id >> 3``).
Whichever is smaller is written. Every file is gzip (level 4, meta 9; mtime 0): same input, same bytes.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import shutil
import tempfile
import zlib
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain, groupby
from pathlib import Path

import numpy as np

from ..labels import FIELD_LABELS, INSPECTION_LABELS, ISSUER_LABELS, PROBLEM_LABELS, PROBLEM_STATUS_LABELS, UNSTATED
from ..model import InspectionType, ProblemStatus
from .analysis import FORMAT, GROUPS, T2S, doc_keys, fnv1a, fold, is_cjk_run, latin_tokens
from .invert import Inversion, TooManyCharacters
from .documents import SearchDoc

#: raw (uncompressed) bytes of postings per shard aimed at; compressed shards come out ~3–4 kB (postings
#: hardly compress); smaller shards waste fewer bytes per key fetched, at the cost of more files (10 kB
#: gave 11 kB of shards per cold query at 10,000 notices, 4 kB gives 6 kB, with 2.6× the shard files)
SHARD_TARGET = 4_000
#: shard entries (bytes) sorted in memory at once while the shards are written (:func:`_write_shards`);
#: held as Python objects an entry costs about three times its bytes (~25 MB a batch)
SHARD_BATCH = 8_000_000
#: bytes of files made and waiting for the writing threads, at most
WRITE_QUEUE = 8_000_000
#: document ids of postings encoded at once (:func:`encode_postings`: ~100 bytes of NumPy arrays an id)
ENCODE_IDS = 1 << 17
PAGE_SIZE = 10
#: the index's first file, in ``out_dir``: what the search page asks for first (theme/base.html)
MANIFEST = "manifest.json"
#: characters of a document's text in its head (~1.5 kB gzipped): a word found in most notices is
#: mostly found there, and the whole document is then not fetched (query.py, step 5)
HEAD = 1_000
#: the values of the status and type facets, in the model's order (a problem's status, then unstated)
STATUSES = tuple(s.value for s in ProblemStatus) + (UNSTATED,)
TYPES = tuple(t.value for t in InspectionType)
#: what the search page shows, shipped in meta.json.gz (search.js has no labels of its own)
FACET_LABELS = {"year": "年份", "kind": FIELD_LABELS["kind"], "type": INSPECTION_LABELS["type"], "issuer": FIELD_LABELS["issuer"],
                "region": ISSUER_LABELS["region"], "status": PROBLEM_LABELS["status"]}


@dataclass(frozen=True)
class IndexStats:
    docs: int
    files: int
    bytes: int  # on disk, compressed
    shards: int
    keys: int
    postings: int
    raw: int = 0  # bytes of the shards' entries before compression (what fixes the number of shards)


def searchable(title: str, issuer: str, text: str) -> str:
    """The string that is indexed and that a query is verified against (same in search.js)."""
    return f"{title}\n{issuer}\n{text}"


def _varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _varint_bytes(n: int) -> bytes:
    out = bytearray()
    _varint(out, n)
    return bytes(out)


_VARINTS = [_varint_bytes(n) for n in range(1 << 14)]


def encode_posting(ids: Sequence[int] | np.ndarray, out: bytearray) -> None:
    """Append one posting (ascending doc ids) to ``out``: a gap list or a bitmap, the smaller."""
    if isinstance(ids, np.ndarray):
        if len(ids) > 256:
            _encode_array(ids, out)
            return
        ids = ids.tolist()
    if not ids:
        out.append(0)
        return
    nbytes = (ids[-1] >> 3) + 1
    if len(ids) < nbytes:
        gaps = [ids[0]]
        gaps += [b - a for a, b in zip(ids, ids[1:])]
        top = max(gaps)
        if top < 0x80:
            body = bytes(gaps)
        elif top < len(_VARINTS):
            body = b"".join(map(_VARINTS.__getitem__, gaps))
        else:
            body = bytearray()
            for g in gaps:
                _varint(body, g)
        if len(body) <= nbytes:
            _varint(out, len(ids) << 1)
            out += body
            return
    bitmap = bytearray(nbytes)
    for i in ids:
        bitmap[i >> 3] |= 1 << (i & 7)
    _varint(out, (nbytes << 1) | 1)
    out += bitmap


def _encode_array(ids: np.ndarray, out: bytearray) -> None:
    """:func:`encode_posting` for a long NumPy posting, with the same bytes, without Python ints."""
    data, _ = encode_postings(np.array([0, len(ids)]), ids)
    out += data


def encode_postings(bounds: np.ndarray, docs: np.ndarray) -> tuple[bytes, list[int]]:
    """:func:`encode_posting` of many postings at once, with the same bytes: the postings
    ``docs[bounds[k]:bounds[k + 1]]`` (each ascending, none empty). Returns their encodings one
    after another and where each begins (and one more: the end). A few NumPy passes over all
    the postings: a posting at a time cost ~50 µs of NumPy calls, ~10 s at 10,000 notices."""
    bounds = np.asarray(bounds, dtype=np.int64)
    starts, counts = bounds[:-1], np.diff(bounds)
    ids = np.asarray(docs, dtype=np.int64)
    nbytes = (ids[bounds[1:] - 1] >> 3) + 1  # of the bitmap
    gaps = np.diff(ids, prepend=0)
    gaps[starts] = ids[starts]
    sizes = _varint_sizes(gaps)
    listed = (counts < nbytes) & (np.add.reduceat(sizes, starts) <= nbytes)  # a gap list, else a bitmap
    head = np.where(listed, counts << 1, (nbytes << 1) | 1)
    head_sizes = _varint_sizes(head)
    at = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(head_sizes + np.where(listed, np.add.reduceat(sizes, starts), nbytes), out=at[1:])
    out = np.zeros(int(at[-1]), dtype=np.uint8)
    _put_varints(out, at[:-1], head, head_sizes)
    body = at[:-1] + head_sizes
    posting = np.repeat(np.arange(len(counts)), counts)  # each id's posting
    gap_list = listed[posting]
    before = np.cumsum(sizes) - sizes  # bytes of the varints before each id's, over all postings
    chosen = np.flatnonzero(gap_list)
    _put_varints(out, (body[posting] + before - before[starts][posting])[chosen], gaps[chosen], sizes[chosen])
    chosen = np.flatnonzero(~gap_list)
    if len(chosen):  # bitmaps: bit id & 7 of byte id >> 3; an id's byte is never before the last id's
        where = body[posting[chosen]] + (ids[chosen] >> 3)
        bits = np.left_shift(1, ids[chosen] & 7).astype(np.uint8)
        first = np.flatnonzero(np.r_[True, where[1:] != where[:-1]])
        out[where[first]] = np.add.reduceat(bits, first)  # distinct bits of one byte: their sum is their union
    return out.tobytes(), at.tolist()


def _varint_sizes(values: np.ndarray) -> np.ndarray:
    """The bytes of each of ``values`` (non-negative) written as a varint."""
    sizes = np.ones(len(values), dtype=np.int64)
    rest = values.astype(np.uint64) >> np.uint64(7)
    while rest.any():
        sizes += rest > 0
        rest >>= np.uint64(7)
    return sizes


def _put_varints(out: np.ndarray, at: np.ndarray, values: np.ndarray, sizes: np.ndarray) -> None:
    """Write ``values`` (non-negative) as varints into ``out`` at ``at``, each of ``sizes`` bytes."""
    values = values.astype(np.uint64)
    for j in range(int(sizes.max(initial=0))):
        more = np.flatnonzero(sizes > j)
        low = ((values[more] >> np.uint64(7 * j)) & np.uint64(0x7F)).astype(np.uint8)
        out[at[more] + j] = low | ((sizes[more] > j + 1).astype(np.uint8) << np.uint8(7))


def _gz(data: bytes, level: int = 4) -> bytes:  # 4: 2.6x faster than 6, 3% larger here
    return gzip.compress(data, compresslevel=level, mtime=0)


class _Writer:
    """Writes files once each and keeps count and a checksum of everything written. ``same``: a
    folder holding the last index (the live site's): a file whose bytes are the same there is
    hard-linked from it instead of written, so a rebuild writes only the files that changed."""

    def __init__(self, root: Path, same: Path | None = None):
        self.root = root
        self.same = same
        self.files = 0
        self.bytes = 0
        self.chain = Chain()  # the build id of every file written
        self.seen: set[str] = set()
        self.dirs: set[Path] = set()
        self.pool = ThreadPoolExecutor(4)
        self.pending: deque[tuple[Future, int]] = deque()  # submitted writes and their sizes, oldest first
        self.queued = 0  # bytes submitted and not yet known written

    def close(self) -> None:
        self.pool.shutdown()
        self._wait(0)

    def _wait(self, limit: int) -> None:
        """Wait for the oldest writes until at most ``limit`` bytes wait to be written (a slow disk
        must not make the index hold every file it has made)."""
        while self.pending and (self.queued > limit or self.pending[0][0].done()):
            future, size = self.pending.popleft()
            future.result()
            self.queued -= size

    def _put(self, rel: str, path: Path, data: bytes) -> None:
        if self.same is not None:
            old = self.same / rel
            try:
                if old.stat().st_size == len(data) and old.read_bytes() == data:
                    os.link(old, path)
                    return
            except OSError:
                pass
        path.write_bytes(data)

    def write(self, rel: str, data: bytes) -> None:
        if rel in self.seen:
            raise ValueError(f"search index: {rel} written twice")
        self.seen.add(rel)
        path = self.root / rel
        if path.parent not in self.dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.dirs.add(path.parent)
        # opening files is slow on some file systems; threads overlap it with the indexing
        self.pending.append((self.pool.submit(self._put, rel, path, data), len(data)))
        self.queued += len(data)
        self._wait(WRITE_QUEUE)
        self.files += 1
        self.bytes += len(data)
        self.chain.add(rel, data)


def t2s_keys() -> dict:
    """Which characters the t2s table folds, for the page: a bitmap of the keys in the Basic
    Multilingual Plane from ``lo`` (base64, bit ``c - lo``) and the others as a string."""
    bmp = sorted(ord(c) for c in T2S if ord(c) < 0x10000)
    lo = bmp[0]
    bits = bytearray(((bmp[-1] - lo) >> 3) + 1)
    for c in bmp:
        bits[(c - lo) >> 3] |= 1 << ((c - lo) & 7)
    return {"lo": lo, "bits": base64.b64encode(bits).decode(), "astral": "".join(sorted(c for c in T2S if ord(c) >= 0x10000))}


#: the digits of a facet column's values: 64 JSON-safe characters
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def encode_column(values: list[int]) -> str:
    """A column of small integers as one string (a third of JSON's size gzipped, for an issuer
    column at 10,000 notices): the number of digits per value, then each value in that many
    base-64 digits (:data:`DIGITS`)."""
    width = 1
    while max(values, default=0) >= 64 ** width:
        width += 1
    shifts = [6 * k for k in reversed(range(width))]
    return str(width) + "".join(DIGITS[(v >> k) & 63] for v in values for k in shifts)


def decode_column(text: str) -> list[int]:
    width = int(text[0])
    values = []
    for at in range(1, len(text), width):
        v = 0
        for ch in text[at:at + width]:
            v = (v << 6) | DIGITS.index(ch)
        values.append(v)
    return values


def columns(meta: dict) -> dict[str, list[int]]:
    """The facet columns of ``meta.json.gz`` as one value index per document (type and region
    1-based, 0 = none; status a bit set over ``statuses``); same as ``columns`` in search.js."""
    col = {f: decode_column(meta["col"][f]) for f in ("kind", "type", "status", "issuer")}
    col["year"] = [y for y, count in meta["yearRuns"] for _ in range(count)]
    col["region"] = [meta["issuers"][i][2] for i in col["issuer"]]
    return col


def _table(values) -> tuple[list, dict]:
    items = sorted(set(values))
    return items, {v: i for i, v in enumerate(items)}


def _python_postings(corpus: Corpus, ordered: Sequence[SearchDoc]) -> Iterator[tuple[str, list[int]]]:
    """(key, ascending doc ids) for every CJK n-gram, in plain Python: the rare archive with more
    than 65,535 distinct CJK characters (:class:`~.invert.TooManyCharacters`), texts read again."""
    found: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(ordered):
        for key in doc_keys(fold(searchable(d.title, d.issuer, corpus.text(d))), GROUPS):
            if is_cjk_run(key):
                found[key].append(i)
    yield from found.items()


def _entries(grouped: Iterable[tuple[list[str], np.ndarray, np.ndarray]], pairs: Iterable[tuple[str, Sequence[int]]],
             title: dict[str, list[int]]) -> Iterator[tuple[str, int, bytes]]:
    """Encode every key: (key, its number of postings, shard entry) per key, in no particular
    order; the keys of ``grouped`` (:meth:`~.invert.Inversion.grouped`: CJK postings, encoded
    as they stream out of the inversion, never all held as lists), then those of ``pairs``."""
    empty: list[int] = []
    for keys, bounds, docs in grouped:
        ends = bounds.tolist()
        lo = 0
        while lo < len(keys):  # at most ENCODE_IDS ids at once (or one key's), for memory
            hi = max(lo + 1, int(np.searchsorted(bounds, ends[lo] + ENCODE_IDS, side="right")) - 1)
            data, at = encode_postings(bounds[lo:hi + 1] - ends[lo], docs[ends[lo]:ends[hi]])
            for j in range(hi - lo):
                key = keys[lo + j]
                yield key, ends[lo + j + 1] - ends[lo + j], _entry(key, data[at[j]:at[j + 1]], title.get(key, empty))
            lo = hi
    for key, ids in pairs:
        yield key, len(ids), entry(key, ids, title.get(key, empty))


def _write_shards(entries: Iterable[tuple[str, int, bytes]], writer: _Writer) -> tuple[int, int, int, int]:
    """Write the shards ``s/<n>.bin.gz`` of ``entries`` (key, postings, shard entry; any order):
    shard ``fnv1a(key) % shards``, its entries in key order. The entries wait in a temporary file
    (the number of shards is known only once every entry's size is) and are sorted a batch of
    shards at a time, :data:`SHARD_BATCH` bytes at most, so memory stays at a batch's share.
    Returns (keys, postings, shards, raw bytes of the entries)."""
    hashes, key_sizes, sizes = array("Q"), array("Q"), array("Q")
    postings = 0
    with tempfile.TemporaryFile(prefix="nb-shards-") as spill:
        for key, count, data in entries:
            kb = key.encode()  # UTF-8 sorts as str does
            hashes.append(fnv1a(key))
            key_sizes.append(len(kb))
            sizes.append(len(data))
            postings += count
            spill.write(kb)
            spill.write(data)
        spill.flush()
        keys = len(sizes)
        size = np.array(sizes, dtype=np.int64)
        total = int(size.sum())
        shards = shard_count(total)
        shard = np.array(hashes, dtype=np.uint64) % np.uint64(shards)
        ends = np.cumsum(size + np.array(key_sizes, dtype=np.int64))
        starts = ends - size  # of the entry; its key just before
        batches = max(1, -(-total // SHARD_BATCH))
        batch = shard.astype(np.int64) * batches // shards  # consecutive shards each: written in order
        for b in range(batches):
            parts: dict[int, list[tuple[bytes, bytes]]] = defaultdict(list)
            for i in np.flatnonzero(batch == b).tolist():
                at, k = int(starts[i]), key_sizes[i]
                record = os.pread(spill.fileno(), k + sizes[i], at - k)  # read, not mapped: a mapping stays resident
                parts[int(shard[i])].append((record[:k], record[k:]))
            for s in range(-(-b * shards // batches), -(-(b + 1) * shards // batches)):
                writer.write(f"s/{s}.bin.gz", _gz(b"".join(entry for _, entry in sorted(parts.pop(s, [])))))
    return keys, postings, shards, total


def shard_count(raw: int) -> int:
    """How many shards the entries of ``raw`` bytes are spread over."""
    return max(1, -(-raw // SHARD_TARGET))


def entry(key: str, body: Sequence[int], title: Sequence[int]) -> bytes:
    """One key's entry of a shard: the key, its postings in the text and in the title."""
    out = bytearray()
    encode_posting(body, out)
    return _entry(key, bytes(out), title)


def _entry(key: str, body: bytes, title: Sequence[int]) -> bytes:
    """:func:`entry` of a key whose posting in the text is encoded already (``body``)."""
    kb = key.encode()
    out = bytearray()
    _varint(out, len(kb))
    out += kb
    out += body
    encode_posting(title, out)
    return bytes(out)


def doc_files(i: int, d: SearchDoc, text: str) -> list[tuple[str, bytes]]:
    """Document ``i``'s two files (its whole record, its head), gzipped; ``text`` its text (the
    document itself may be held without it)."""
    record = {"u": d.url, "t": d.title, "d": d.date, "i": d.issuer, "p": d.progress, "x": text}
    if d.withdrawn:
        record["w"] = d.withdrawn
    out = []
    for rel, x in ((f"{i}.json.gz", text), (f"{i}.h.json.gz", text[:HEAD])):
        record["x"] = x
        out.append((f"d/{i // 1000}/{rel}", _gz(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())))
    return out


class Chain:
    """An index's build id as its files are added, in order: CRC-32 and Adler-32 of each file's
    name and bytes (a cache buster, cheap)."""

    def __init__(self) -> None:
        self.crc, self.adler = 0, 1

    def add(self, name: str, data: bytes) -> None:
        tag = name.encode() + b"\0"
        self.crc = zlib.crc32(data, zlib.crc32(tag, self.crc))
        self.adler = zlib.adler32(data, zlib.adler32(tag, self.adler))

    @property
    def id(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}"


@dataclass(frozen=True)
class Corpus:
    """The documents to index, their texts read one at a time: ``docs`` (a text may be left
    out), ``text(doc)`` a document's text, asked for when the index needs it, and ``chars`` about
    how many characters the texts hold in all (it sizes the inversion's partitions)."""

    docs: Sequence[SearchDoc]
    text: Callable[[SearchDoc], str]
    chars: int


def build_index(docs: Iterable[SearchDoc], out_dir: Path, same: Path | None = None) -> IndexStats:
    """Index exactly ``docs`` (the caller passes published notices only) into ``out_dir``.
    ``same``: the last index's folder; its files that are unchanged are linked, not written."""
    held = list(docs)
    return build_index_from(Corpus(held, lambda d: d.text, sum(len(d.text) for d in held)), out_dir, same)


def build_index_from(corpus: Corpus, out_dir: Path, same: Path | None = None) -> IndexStats:
    """:func:`build_index` of ``corpus``: each text is read when its document is written and
    let go once its keys are spilled, so the index never holds more than one text at a time."""
    ordered = sorted(corpus.docs, key=order_key, reverse=True)
    indexing = Indexing(out_dir, same, chars=corpus.chars)
    try:
        for d in ordered:
            indexing.add(d, corpus.text(d))
        return indexing.finish(lambda: _python_postings(corpus, ordered))
    finally:
        indexing.close()


def order_key(d: SearchDoc) -> tuple[str, str]:
    """Documents are indexed by this key, descending (newest first): a document's id is its place."""
    return d.date, d.url


class Indexing:
    """An index being built, its documents added one at a time in id order (:func:`order_key`,
    descending), each with its text, then :meth:`finish`: the same files as
    :func:`build_index_from` of the same documents. A document's files are written and its keys
    spilled as it is added, so a build can index its documents while it makes them. ``chars``:
    about how many characters the texts hold in all, or ``docs``: how many documents will come
    (see :class:`~.invert.Inversion`)."""

    def __init__(self, out_dir: Path, same: Path | None = None, *, chars: int = 0, docs: int = 0):
        self.out_dir = Path(out_dir)
        for sub in ("s", "d"):
            if (self.out_dir / sub).is_dir():
                shutil.rmtree(self.out_dir / sub)
        self.writer = _Writer(self.out_dir, same)
        self.inversion: Inversion | None = Inversion(chars, docs=docs)
        self.latin: dict[str, list[int]] = defaultdict(list)
        self.title: dict[str, list[int]] = defaultdict(list)
        self.ordered: list[SearchDoc] = []  # the documents added, in id order (as given: their texts may be left out)

    @property
    def complete(self) -> bool:
        """False when the texts must be read again by :meth:`finish` (more than 65,535 distinct
        CJK characters: :class:`~.invert.TooManyCharacters`)."""
        return self.inversion is not None

    def add(self, d: SearchDoc, text: str) -> None:
        """Document ``d`` (its text ``text``), the next id."""
        i = len(self.ordered)
        self.ordered.append(d)
        for rel, data in doc_files(i, d, text):
            self.writer.write(rel, data)
        folded = fold(searchable(d.title, d.issuer, text))
        if self.inversion is not None:
            try:
                self.inversion.add(folded)
            except TooManyCharacters:
                self.inversion.close()
                self.inversion = None
        for token in latin_tokens(folded):
            self.latin[token].append(i)
        for key in doc_keys(fold(d.title)):
            self.title[key].append(i)

    def finish(self, again: Callable[[], Iterable[tuple[str, Sequence[int]]]] | None = None) -> IndexStats:
        """Write the shards, ``t2s.json.gz``, ``meta.json.gz`` and the manifest. ``again``: the
        CJK postings made from the texts read again, when the inversion gave up (:attr:`complete`)."""
        if self.inversion is not None:
            grouped, cjk = self.inversion.grouped(), ()
        elif again is not None:
            grouped, cjk = (), again()
        else:
            raise ValueError("search index: the texts must be read again (more than 65,535 distinct CJK characters)")
        keys, postings, shards, raw = _write_shards(_entries(grouped, chain(cjk, self.latin.items()), self.title), self.writer)
        self.latin.clear()
        self.title.clear()
        writer = self.writer
        writer.write("t2s.json.gz", t2s_file())
        writer.write("meta.json.gz", meta_file(self.ordered))
        writer.close()
        n = len(self.ordered)
        write_manifest(self.out_dir, writer.chain.id, n, shards)
        writer.files += 1
        return IndexStats(docs=n, files=writer.files, bytes=writer.bytes, shards=shards, keys=keys, postings=postings, raw=raw)

    def close(self) -> None:
        """Let go of the spilled keys and the writing threads (after :meth:`finish`, or instead of it)."""
        if self.inversion is not None:
            self.inversion.close()
        self.writer.pool.shutdown(cancel_futures=True)


def t2s_file() -> bytes:
    """``t2s.json.gz``: the traditional → simplified table."""
    t2s = {"from": "".join(T2S), "to": "".join(T2S.values())}
    return _gz(level=9, data=json.dumps(t2s, ensure_ascii=False, separators=(",", ":")).encode())


def write_manifest(out_dir: Path, build: str, docs: int, shards: int) -> None:
    manifest = {"format": FORMAT, "build": build, "docs": docs, "shards": shards, "page": PAGE_SIZE}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")) + "\n", encoding="utf-8")


def meta_file(ordered: Sequence[SearchDoc]) -> bytes:
    """``meta.json.gz`` of the documents in id order (their texts are not read)."""
    n = len(ordered)
    # Facet metadata: string tables and one integer column per facet.
    years, year_ix = _table(int(d.date[:4]) for d in ordered)
    kinds, kind_ix = _table((d.kind, d.kind_label) for d in ordered)
    issuer_rows: dict[str, tuple[str, str | None]] = {}
    for d in ordered:
        issuer_rows.setdefault(d.issuer_slug, (d.issuer, d.region))
    issuers, issuer_ix = _table(issuer_rows)
    regions, region_ix = _table(d.region for d in ordered if d.region)
    meta = {
        "format": FORMAT,
        "docs": n,
        "years": years,
        "kinds": [list(k) for k in kinds],
        "types": list(TYPES),
        "statuses": list(STATUSES),
        "issuers": [[slug, issuer_rows[slug][0], region_ix[issuer_rows[slug][1]] + 1 if issuer_rows[slug][1] else 0]
                    for slug in issuers],
        "regions": regions,
        "t2s": t2s_keys(),
        "labels": {"facets": FACET_LABELS, "status": {s: PROBLEM_STATUS_LABELS[s] for s in STATUSES},
                   "progress": FIELD_LABELS["progress"]},
        "yearRuns": [[year_ix[y], sum(1 for _ in run)] for y, run in groupby(int(d.date[:4]) for d in ordered)],
        "col": {
            "kind": encode_column([kind_ix[(d.kind, d.kind_label)] for d in ordered]),
            "type": encode_column([TYPES.index(d.inspection_type) + 1 if d.inspection_type in TYPES else 0 for d in ordered]),
            "issuer": encode_column([issuer_ix[d.issuer_slug] for d in ordered]),
            "status": encode_column([sum(1 << STATUSES.index(s) for s in set(d.statuses) if s in STATUSES) for d in ordered]),
        },
    }
    return _gz(level=9, data=json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode())
