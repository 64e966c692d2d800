"""The search index after a change of a few notices: the last index patched, not built again.

:func:`update_index` gives the bytes :func:`~noticeboard.search.index.build_index` would give for
the same documents. Each document's line of the documents file is hashed; the build cache
(:mod:`noticeboard.site.cache`, kind ``search``, keyed by the last index's build id) holds the
hashes of the last index's documents in id order and the raw size of its shards. When the number of
documents is the same and at most :data:`PATCH_MAX` ids hold another document, only the postings of
the keys those documents gained or lost change: their shards are read from the last index,
changed and written again, with the changed documents' files, the facets (``meta.json.gz``) where
they changed and the manifest; every other file is the last index's (hard-linked into a new
folder, or left in place). A different number of documents (a notice added or removed shifts every
id), more changes, a number of shards that would change, a missing or corrupt cache entry, or a
last index that is not whole: the index is built in full.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from ..site.cache import Store, content_key
from .analysis import FORMAT, doc_keys, fold, shard_of
from .documents import SearchDoc
from .index import Chain, Corpus, Indexing, IndexStats, build_index_from, doc_files, entry, meta_file, order_key, searchable, shard_count, write_manifest
from .query import shard_entries

KIND = "search"
#: documents changed at most for the index to be patched rather than built again
PATCH_MAX = 50


@dataclass
class _Docs:
    """The documents file read once: each document without its text, in id order, with its
    line's hash; where each line lies (to read a text back when it is needed) and about how many
    characters the texts hold in all."""

    ordered: list[SearchDoc]
    digests: list[str]
    places: dict[str, tuple[int, int]]  # url → (offset, length) of its line
    chars: int

    def doc(self, f: BinaryIO, url: str) -> SearchDoc:
        """The document of ``url`` with its text, read back from the documents file open as ``f``."""
        at, length = self.places[url]
        return _doc(os.pread(f.fileno(), length, at))

    def corpus(self, f: BinaryIO) -> Corpus:
        """The documents for :func:`~.index.build_index_from`, each text read when it is reached."""
        return Corpus(self.ordered, lambda d: self.doc(f, d.url).text, self.chars)


def _doc(line: bytes) -> SearchDoc:
    d = json.loads(line)
    return SearchDoc(**{**d, "statuses": tuple(d["statuses"])})


def _read_docs(f: BinaryIO) -> _Docs:
    rows = []
    places: dict[str, tuple[int, int]] = {}
    chars = at = 0
    for raw in f:
        d = _doc(raw)
        chars += len(d.title) + len(d.issuer) + len(d.text)
        rows.append((replace(d, text=""), hashlib.blake2b(raw, digest_size=16).hexdigest()))
        places[d.url] = (at, len(raw))
        at += len(raw)
    rows.sort(key=lambda r: order_key(r[0]), reverse=True)  # as build_index orders them
    return _Docs([r[0] for r in rows], [r[1] for r in rows], places, chars)


def _record_key(build: str) -> str:
    return content_key("search index", build)


def _manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _keys(text: str, title: str, issuer: str) -> tuple[set[str], set[str]]:
    """A document's keys in its text and in its title (as build_index indexes them)."""
    return doc_keys(fold(searchable(title, issuer, text))), doc_keys(fold(title))


def _shard_entries(data: bytes) -> tuple[dict[str, tuple[frozenset[int], frozenset[int]]], int]:
    """A shard's entries (key → its postings) and its raw size."""
    buf = gzip.decompress(data)
    return shard_entries(buf), len(buf)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=4, mtime=0)  # as index.py writes a shard


def _names(n: int, shards: int) -> list[str]:
    """Every file of an index but its manifest, in the order build_index writes them."""
    names = [f"d/{i // 1000}/{i}{suffix}" for i in range(n) for suffix in (".json.gz", ".h.json.gz")]
    return names + [f"s/{s}.bin.gz" for s in range(shards)] + ["t2s.json.gz", "meta.json.gz"]


def _patch(docs: _Docs, f: BinaryIO, out_dir: Path, old_dir: Path, record: dict, manifest: dict) -> tuple[IndexStats, dict] | None:
    """The index patched from ``old_dir`` into ``out_dir`` (may be the same folder); None when it
    cannot be (then build in full)."""
    n, shards = len(docs.ordered), manifest["shards"]
    changed = [i for i in range(n) if docs.digests[i] != record["digests"][i]]
    if len(changed) > PATCH_MAX:
        return None
    new: dict[str, bytes] = {}
    gained: dict[str, tuple[set[int], set[int]]] = {}  # key → (ids now with it in the text, in the title)
    lost: dict[str, tuple[set[int], set[int]]] = {}
    for i in changed:
        old = json.loads(gzip.decompress((old_dir / f"d/{i // 1000}/{i}.json.gz").read_bytes()))
        doc = docs.doc(f, docs.ordered[i].url)
        before, after = _keys(old["x"], old["t"], old["i"]), _keys(doc.text, doc.title, doc.issuer)
        for where in (0, 1):
            for key in after[where] - before[where]:
                gained.setdefault(key, (set(), set()))[where].add(i)
            for key in before[where] - after[where]:
                lost.setdefault(key, (set(), set()))[where].add(i)
        new.update(doc_files(i, doc, doc.text))
    by_shard: dict[int, list[str]] = {}
    for key in gained.keys() | lost.keys():
        by_shard.setdefault(shard_of(key, shards), []).append(key)
    raw, keys, postings = record["raw"], record["keys"], record["postings"]
    empty: tuple[set[int], set[int]] = (set(), set())
    for s, shard_keys in by_shard.items():
        name = f"s/{s}.bin.gz"
        entries, size = _shard_entries((old_dir / name).read_bytes())
        for key in shard_keys:
            body, title = (set(x) for x in entries.get(key, empty))
            had = len(body)
            for where, ids in ((0, body), (1, title)):
                ids |= gained.get(key, empty)[where]
                ids -= lost.get(key, empty)[where]
            if body:
                keys += key not in entries
                entries[key] = (body, title)
            elif key in entries:
                keys -= 1
                del entries[key]
            postings += len(body) - had
        data = b"".join(entry(k, sorted(b), sorted(t)) for k, (b, t) in sorted(entries.items(), key=lambda kv: kv[0].encode()))
        raw += len(data) - size
        new[name] = _gz(data)
    if shard_count(raw) != shards:
        return None  # every key moves to another shard: build in full
    meta = meta_file(docs.ordered)
    if meta != (old_dir / "meta.json.gz").read_bytes():
        new["meta.json.gz"] = meta
    names = _names(n, shards)
    # one read of each of the last index's files: its build id (checked against its manifest's
    # before anything is written) and the new index's, the changed files in their place
    last, now, total = Chain(), Chain(), 0
    for name in names:
        data = (old_dir / name).read_bytes()
        last.add(name, data)
        data = new.get(name, data)
        now.add(name, data)
        total += len(data)
    if last.id != manifest["build"]:
        return None  # the last index's files are not those its manifest names (changed since, or partly written)
    folders: set[Path] = set()
    for name in names:
        target = out_dir / name
        if name not in new and out_dir == old_dir:
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if name in new:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")  # in place (serve): never a partial file
            with os.fdopen(fd, "wb") as f:
                f.write(new[name])
            os.replace(tmp, target)
        else:
            source = old_dir / name
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
    files = len(names)
    write_manifest(out_dir, now.id, n, shards)
    stats = IndexStats(docs=n, files=files + 1, bytes=total, shards=shards, keys=keys, postings=postings, raw=raw)
    return stats, {"changed": len(changed), "shards": len(by_shard)}


def _full(out_dir: Path, old_dir: Path | None) -> Path | None:
    """Ready ``out_dir`` for an index built in full; the folder whose unchanged files it links."""
    if old_dir is not None and old_dir == out_dir:
        return None  # build_index clears the folder it writes
    # what a patch left (build_index clears s/ and d/): never a file linked from the last index written into
    for name in ("t2s.json.gz", "meta.json.gz", "manifest.json"):
        (out_dir / name).unlink(missing_ok=True)
    return old_dir


def _remember(store: Store | None, out_dir: Path, digests: list[str], stats: IndexStats) -> None:
    """Record in the build cache what patches the index just written."""
    build = (_manifest(out_dir) or {}).get("build") if store is not None else None
    if store is not None and build:
        store.put(KIND, _record_key(str(build)), json.dumps({"digests": digests, "raw": stats.raw, "keys": stats.keys,
                                                           "postings": stats.postings, "shards": stats.shards}).encode("utf-8"))


def update_index(docs_file: Path, out_dir: Path, old_dir: Path | None = None, store: Store | None = None) -> tuple[IndexStats, str]:
    """The index of the documents of ``docs_file`` (one JSON line each) in ``out_dir``: patched
    from the last index in ``old_dir`` (``out_dir`` itself under serve) when the build cache
    ``store`` knows it and few documents changed, else built in full (its unchanged files linked
    from ``old_dir``). Returns its statistics and how it was made."""
    out_dir = Path(out_dir)
    with open(docs_file, "rb") as f:
        docs = _read_docs(f)
        done = None
        manifest = _manifest(old_dir) if old_dir is not None and store is not None else None
        if manifest is not None and manifest.get("format") == FORMAT and manifest.get("docs") == len(docs.ordered):
            try:
                record = json.loads(store.get(KIND, _record_key(str(manifest["build"]))) or b"null")
                if isinstance(record, dict) and len(record["digests"]) == len(docs.ordered) and record["shards"] == manifest["shards"]:
                    done = _patch(docs, f, out_dir, old_dir, record, manifest)
            except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error):
                done = None  # a last index that is not whole, or a record that does not fit it: build in full
        if done is not None:
            stats, how = done
            summary = f"patched: {how['changed']} documents, {how['shards']} shards rewritten"
        else:
            # each text read back from the file when the index reaches it, so the index holds one
            # text at a time (tests/test_memory.py)
            stats = build_index_from(docs.corpus(f), out_dir, _full(out_dir, old_dir))
            summary = "built in full"
    _remember(store, out_dir, docs.digests, stats)
    return stats, summary


#: seconds between two looks at a documents file still being written that had nothing new
POLL = 0.05


def _lines(f: BinaryIO, whole: Callable[[float], bool]) -> Iterator[bytes]:
    """The lines of a file another process appends to, each once it is whole, until the file is:
    ``whole(timeout)`` says whether it is, waiting at most ``timeout`` seconds for it to be."""
    rest = b""
    while True:
        done = whole(0)  # asked before reading: a file said whole is then read to its end
        chunk = f.read(1 << 20)
        if chunk:
            *lines, rest = (rest + chunk).split(b"\n")
            for line in lines:
                yield line + b"\n"
        elif done:
            if rest:
                raise ValueError(f"{f.name}: its last line is cut short")
            return
        else:
            whole(POLL)


class _Unordered(Exception):
    """The documents do not come in id order."""


def _in_order(lines: Iterable[bytes]) -> Iterator[tuple[SearchDoc, bytes]]:
    """The documents of ``lines`` (each with its line) in id order. A build writes them by date,
    newest first, but may order those of one date otherwise (by file name, where ids follow the
    URL): a date's documents are held until the next date comes. :class:`_Unordered` at a
    document newer than one before it."""
    held: list[tuple[SearchDoc, bytes]] = []
    for line in lines:
        d = _doc(line)
        if held and d.date != held[0][0].date:
            if d.date > held[0][0].date:
                raise _Unordered
            yield from sorted(held, key=lambda h: order_key(h[0]), reverse=True)  # stable, as build_index_from sorts
            held = []
        held.append((d, line))
    yield from sorted(held, key=lambda h: order_key(h[0]), reverse=True)


def stream_index(docs_file: Path, whole: Callable[[float], bool], out_dir: Path, old_dir: Path | None = None,
                 store: Store | None = None, expected: int = 0) -> tuple[IndexStats, str]:
    """:func:`update_index` of a documents file a build is still writing (``whole``: see
    :func:`_lines`; ``expected``: about how many documents will come): the same index, and where
    the last one cannot be patched it is built as the documents come, so that it is finished soon
    after the last of them. Documents come newest first from a cold build (:func:`_in_order`);
    in any other order, or where the last index may be patched, the file is read once whole."""
    out_dir = Path(out_dir)
    if not _patchable(old_dir, store):
        indexing = Indexing(out_dir, _full(out_dir, old_dir), docs=expected)
        digests: list[str] = []
        try:
            with open(docs_file, "rb") as f:
                for d, line in _in_order(_lines(f, whole)):
                    digests.append(hashlib.blake2b(line, digest_size=16).hexdigest())
                    indexing.add(replace(d, text=""), d.text)
                    if not indexing.complete:
                        break  # the texts must be read again: the file is read once whole
                else:
                    stats = indexing.finish()
                    _remember(store, out_dir, digests, stats)
                    return stats, "built in full as the documents came"
        except _Unordered:
            pass  # the file is read once whole
        finally:
            indexing.close()
    while not whole(POLL):
        pass
    return update_index(docs_file, out_dir, old_dir, store)


def _patchable(old_dir: Path | None, store: Store | None) -> bool:
    """Whether the build cache knows the last index in ``old_dir`` (it may then be patched)."""
    manifest = _manifest(old_dir) if old_dir is not None and store is not None else None
    try:
        return manifest is not None and store.get(KIND, _record_key(str(manifest["build"]))) is not None
    except (OSError, KeyError, ValueError):
        return False
