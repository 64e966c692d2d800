"""Load a project: the notices folder's issuers.yml and every notice in it, validated together.

Everything is read and checked before anything is returned; all problems are reported at once.
Reading YAML is :mod:`yamlread`'s job, the schema and its messages :mod:`validate`'s, the rules
across fields and files :mod:`rules`'; this module walks the folder and puts the results together.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import pickle
import stat
from collections.abc import Callable, Collection, Hashable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

from . import dates
from .entry import Entry, IssuerInfo
from .errors import NoticeErrors, Finding
from .model import Issuer, IssuerRecord, Notice, Status
from .rules import PUBLIC, IssuerNames, Slugs, notice_problems, record_key_problem, scheduled_note
from .series import conflicts, group
from .settings import ISSUERS_FILE, NOTICES_DIR
from .site.cache import Store, code_key, content_key, digest, identity
from .site.memo import Listing, Memo, memo_call
from .pool import pool_iter
from .slugs import slugify
from .stash import FULL, Stash, lean, shared_fields_sets
from .validate import at, validated
from .yamlread import ISSUERS_SHAPE, Document, Marks, kind_of, read_regular, read_yaml

UNREADABLE: Mapping[str, IssuerRecord | None] = MappingProxyType({})
"""The records of an issuers file that cannot be read (its problems say why)."""
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass
class Project:
    root: Path
    entries: list[Entry] = field(default_factory=list)  # newest first; drafts and scheduled too
    notes: list[Finding] = field(default_factory=list)  # not errors: what `check` says besides
    #: each notice file's bytes as :func:`~noticeboard.site.cache.digest` gives them, by its path
    #: from the root (Entry.source), where the load had them (with the build cache)
    digests: dict[str, str] = field(default_factory=dict)

    def visible(self, preview: bool = False, today: dt.date | None = None) -> list[Entry]:
        """The one rule of what a build shows, newest first. The public site: published and
        withdrawn notices, and scheduled ones whose date has come (shown as published); never a
        draft, nor a scheduled notice before its date. A preview (``preview=True``) shows every
        notice, marked. ``today`` is the build date (:func:`noticeboard.dates.today`)."""
        today = today or dates.today()
        out = []
        for e in self.entries:
            if e.due(today):
                e = replace(e, notice=e.notice.model_copy(update={"status": Status.published}))
            if preview or e.notice.status in PUBLIC:
                out.append(e)
        return out


def relative_path(root: Path, path: Path) -> str:
    """``path`` as shown in messages: relative to the project root when it lies inside it."""
    inside, under = os.fspath(path), os.fspath(root)
    if inside.startswith(under) and inside[len(under):len(under) + 1] == "/" and os.sep == "/":
        return inside[len(under) + 1:]  # what relative_to gives, without its Path objects (a load asks twice per file)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def load_issuers(root: Path, notices_dir: Path, names: IssuerNames | None = None) -> tuple[Mapping[str, IssuerRecord | None], list[Finding]]:
    """The records of ``issuers.yml`` by key; a key whose record is invalid maps to None (its
    problems are reported here, so notices naming it do not add an 'unknown key' error).
    ``names`` receives the records' slugs (one slug, one name)."""
    path = notices_dir / ISSUERS_FILE
    if not os.path.lexists(path):
        return {}, []
    doc, problems = read_yaml(path, relative_path(root, path), ISSUERS_SHAPE)
    if doc is None or problems:
        return UNREADABLE, problems
    names = names if names is not None else IssuerNames()
    records: dict[str, IssuerRecord | None] = {}
    for key in doc.data:
        record, found = validated(IssuerRecord, doc, (key,))
        if record is not None:
            bad_key = record_key_problem(doc, key, record)
            found = [bad_key] if bad_key else names.claim_record(doc, key, record)
        problems += found
        records[key] = record if not found else None
    return records, problems


def validate_notice(doc: Document, root: Path | None, today: dt.date) -> tuple[Notice | None, list[Finding]]:
    """One notice as ``check`` sees it: the schema, then the rules within it (see
    :func:`rules.notice_problems` for ``root`` and ``today``). The importer validates what it
    writes here too."""
    notice, problems = validated(Notice, doc)
    if notice is None:
        return None, problems
    return notice, notice_problems(doc, notice, root, today)


def _issuer(notice: Notice, records: Mapping[str, IssuerRecord | None], doc: Document) -> tuple[IssuerInfo | None, list[Finding]]:
    if isinstance(notice.issuer, Issuer):
        iss = notice.issuer
        return IssuerInfo(iss.slug or slugify(iss.name), iss.name, iss.region), []
    key = notice.issuer
    record = records.get(key)
    if (key in records and record is None) or records is UNREADABLE:
        return None, []  # its record, or the whole issuers file, is invalid and already reported
    if record is None:
        known = ", ".join(sorted(records)) or "none: notices/issuers.yml is missing or empty"
        return None, [at(doc, ("issuer",), f"unknown issuer key '{key}'; known keys: {known}. Or write issuer: {{name: …, region: …}}")]
    return IssuerInfo(record.slug or key, record.name, record.region), []


def notice_files(root: Path, notices_dir: Path) -> tuple[list[Path], list[Finding]]:
    """Every notice file under ``notices_dir``, and a problem for each entry that looks like one
    but cannot be read as one (a '.YML' suffix, a dangling symbolic link, a link leading out of
    the folder, a FIFO, a device, a linked folder) or is no file at all. Names starting with '.' are not read (as MkDocs does
    with docs/: editors' lock and swap files). Nothing is opened here."""
    files: list[Path] = []
    problems: list[Finding] = []

    def report(path: Path, message: str) -> None:
        problems.append(Finding(relative_path(root, path), 1, 1, "", message))

    def unreadable(exc: OSError) -> None:
        report(Path(exc.filename), f"cannot be read: {exc.strerror or exc}")

    for folder, dirs, names in os.walk(notices_dir, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for name in sorted(names) + [d for d in dirs if (here / d).is_symlink()]:
            path = here / name
            if name.startswith(".") or (here == notices_dir and name == ISSUERS_FILE):
                continue
            suffix = path.suffix
            try:
                mode = path.lstat().st_mode
                link = stat.S_ISLNK(mode)
                if link:  # what it leads to (one call a file: only a link's is followed)
                    mode = path.stat().st_mode
            except OSError:
                report(path, f"a symbolic link to '{os.readlink(path)}', which does not exist: remove the link or restore its file"
                       if path.is_symlink() else "cannot be read")
                continue
            if stat.S_ISDIR(mode):
                report(path, "a symbolic link to a folder, which is not followed: move the folder itself under notices/")
            elif suffix.lower() not in YAML_SUFFIXES:
                if not stat.S_ISREG(mode):
                    report(path, f"{kind_of(mode)} in the notices folder: remove it (notices are .yml files)")
            elif suffix not in YAML_SUFFIXES:
                report(path, f"'{suffix}' is not read: rename the file to end in '.yml'")
            elif not stat.S_ISREG(mode):
                report(path, f"{kind_of(mode)}, not a file: a notice is a .yml text file; remove it")
            elif link and not path.resolve().is_relative_to(notices_dir.resolve()):
                report(path, f"a symbolic link to '{os.readlink(path)}', outside the notices folder, which is not read: "
                             "copy the notice itself under notices/")
            else:
                files.append(path)
    return files, problems


def _read_notice(path: Path, root: Path, today: dt.date) -> tuple[Document | None, Notice | None, list[Finding], Finding | None]:
    """One file read and checked on its own: its document, notice, problems and scheduling note.
    The document keeps its marks only: what is checked across files afterwards places its
    problems by them, and its data (the notice's whole text again) would double what the build
    cache and the preview's memo hold."""
    doc, found = read_yaml(path, relative_path(root, path))
    if doc is None:
        return None, None, found, None
    notice, more = validate_notice(doc, root, today)
    doc = Document(doc.path, None, doc.marks)
    if found:  # read, but a key written twice: every problem of the file, and no notice
        return doc, None, found + more, None
    found = more
    note = scheduled_note(doc, notice, today) if notice is not None else None
    return doc, notice, found, note


LOADED = "notices"  # the build cache's kind of read and checked notice files


def _loaded_key(path: Path, root: Path, today: dt.date, bytes_digest: str, shape: str) -> str:
    """The build cache's key of what reading and checking a file of these bytes gave (by the
    same code, for the same path, project and day); ``shape``: which value of it is kept."""
    return content_key(code_key(), shape, str(root), relative_path(root, path), today.isoformat(), bytes_digest)


def _read_notice_cached(path: Path, root: Path, today: dt.date, store: Store | None):
    """:func:`_read_notice`, or, with the build cache ``store``, what it gave for a file of the
    same bytes (and path, project and day, by the same code); with ``found`` True then, and the
    digest of the file's bytes (None without a cache). YAML parsing and validation are most of
    loading."""
    raw = read_regular(path)[0] if store is not None else None
    if raw is None:  # no cache, or not a file to read: read_yaml says why
        return _read_notice(path, root, today), False, None
    bytes_digest = digest(raw)
    key = _loaded_key(path, root, today, bytes_digest, "whole")
    data = store.get(LOADED, key)
    if data is not None:
        try:
            return pickle.loads(data), True, bytes_digest  # the project's own cache folder, checksummed (site/cache.py)
        except Exception:  # noqa: BLE001 - an entry of another Python or library version: read the file again
            pass
    value = _read_notice(path, root, today)
    store.put(LOADED, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value, False, bytes_digest


def _read_notice_memo(path: Path, root: Path, today: dt.date, memo: Memo | None, store: Store | None = None,
                      known: Hashable | None = None):
    """:func:`_read_notice`, or its result of the last build when the file is unchanged (same
    size, times and inode): then the very same ``Notice`` object (see site/memo.py); or from the
    build cache ``store`` for a file of the same bytes. ``known``: the file's memo key of the last
    load, when the watcher saw no change to it since (not even looked at then). A notice with
    attachments found either way is checked again (whether they exist is a check on other files).
    Returns the result, the file's memo key (None without a memo) and the digest of its bytes
    (None where they were not read with the cache)."""
    found, key, bytes_digest = False, known, None
    if known is not None:
        assert memo is not None
        found, value = memo.lookup(known)
    if not found:
        try:
            st = path.stat() if memo is not None else None
        except OSError:
            st = None
        key = ("file", str(path), st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns, today) if st is not None else None
        if key is not None:
            assert memo is not None
            found, value = memo.lookup(key)
    if not found:
        value, found, bytes_digest = _read_notice_cached(path, root, today, store)
        if key is not None:
            assert memo is not None
            memo.store(key, value, None)
    doc, notice, problems, note = value
    if found and notice is not None and notice.attachments:
        problems = notice_problems(doc, notice, root, today)  # as validate_notice found them, on today's files
    return (doc, notice, list(problems), note), key, bytes_digest


def _known_files(memo: Memo | None, notices_dir: Path, today: dt.date, changed: Collection[str] | None) -> tuple[list[Path], set[Path]] | None:
    """The notice files as the last load with ``memo`` found them, and those of them that
    ``changed`` names (read again; the others are not looked at); None when the folder must be
    walked again: no last load, another day, or a change that may make a file come, go or turn
    into a problem. What the walk skips without a word (names starting with '.', a file that is
    not .yml, one that came and went, a folder) is no such change."""
    listing = memo.listing if memo is not None else None
    if changed is None or listing is None or listing.folder != notices_dir or listing.today != today:
        return None
    again: set[Path] = set()
    for path in map(Path, changed):
        if not path.is_relative_to(notices_dir):
            return None
        try:
            mode = path.lstat().st_mode
        except OSError:
            mode = None
        if path in listing.keys:
            if mode is None or not stat.S_ISREG(mode):
                return None  # gone, or now a link or something else: walked again, and reported if need be
            again.add(path)
        elif mode is None or any(part.startswith(".") for part in path.relative_to(notices_dir).parts):
            continue
        elif stat.S_ISDIR(mode) or (stat.S_ISREG(mode) and path.suffix.lower() not in YAML_SUFFIXES):
            continue
        else:
            return None
    return list(listing.keys), again


#: the top-level fields whose places :func:`load_project` reads in a document once the file's own
#: checks are done (issuer, slug and series rules across files)
_ACROSS_FILES = frozenset({"issuer", "slug", "former_slugs", "series", "inspection"})


def _across_files(doc: Document) -> Document:
    """``doc`` as :func:`load_project` reads it after the file's own checks: its path and the
    places of :data:`_ACROSS_FILES` (no data)."""
    def kept(places: dict) -> dict:
        return {loc: place for loc, place in places.items() if not loc or loc[0] in _ACROSS_FILES}
    return Document(doc.path, None, Marks(kept(doc.marks.values), kept(doc.marks.keys)))


FILES = "files"  # the build cache's kind of what the last build read of the notice files (one entry: :class:`_Record` by path)


def _files_key(root: Path, notices_dir: Path, today: dt.date) -> str:
    """The key of the one record of the notice files for this project, folder and day (what a
    file gives is checked against the day: another day's record is not read)."""
    return content_key(code_key(), "notice files", str(root), str(notices_dir), today.isoformat())


class _Record(NamedTuple):
    """What a build with the cache read of one notice file: the file's identity (inode, size,
    modification and change times) when it was read and the digest of its bytes then; its lean
    entry, pickled as :func:`_kept_lean` reads it back (its document's marks and problems
    besides); and the build cache's key of its whole notice (:data:`noticeboard.stash.FULL`) with
    the size of that entry's file as written (looked at, not read: :meth:`Store.size`)."""

    identity: tuple[int, ...]
    digest: str
    lean: bytes
    full: str
    full_size: int


def _read_lean(path: Path, root: Path, today: dt.date, cache: Store | None):
    """In a worker of a build's loading: one file read and checked (:func:`_read_notice`), with
    its notice lean and the whole one pickled for the stash (so that the build's process never
    holds a notice's text, not even for a moment), and its document reduced to what is read of
    it across files. With the build cache ``cache``, the whole notice is kept there (kind
    :data:`noticeboard.stash.FULL`, by the digest of the file's bytes), and the result is also
    returned as a :class:`_Record` (else None) for the next build, which does not read the file
    again while its identity stays the one recorded. Returns the result and the record."""
    now = identity(path) if cache is not None else None
    raw = read_regular(path)[0] if cache is not None else None
    bytes_digest = digest(raw) if raw is not None else None
    doc, notice, problems, note = _read_notice(path, root, today)
    full = pickle.dumps(notice, protocol=pickle.HIGHEST_PROTOCOL) if notice is not None else None
    value = (_across_files(doc) if doc is not None else None, lean(notice) if notice is not None else None, problems, note, full)
    record = None
    if cache is not None and bytes_digest is not None and now is not None and full is not None:
        assert doc is not None and notice is not None
        whole = doc if notice.attachments else None  # its marks, to place what is found again
        key = _loaded_key(path, root, today, bytes_digest, "full")
        cache.put(FULL, key, full)
        size = cache.size(FULL, key)
        if size is not None:
            record = _Record(tuple(now), bytes_digest, pickle.dumps(((*value[:4], None), whole), protocol=pickle.HIGHEST_PROTOCOL), key, size)
    return value, record


def _kept_lean(record: _Record, path: Path, root: Path, today: dt.date, cache: Store):
    """What :func:`_read_lean` gave for a file whose identity is the one recorded, from its
    record, its whole notice named by its key in the cache: a notice with attachments checked
    again (whether they exist is a check on other files); the file read again where the record
    cannot be read (made by another Python or library version) or its whole notice cannot.
    Returns the result and the record (a new one where the file was read)."""
    try:
        value, whole = pickle.loads(record.lean)
        if whole is not None:
            data = cache.get(FULL, record.full)
            value = (*value[:2], notice_problems(whole, pickle.loads(data), root, today), *value[3:]) if data is not None else None
    except Exception:  # noqa: BLE001 - an entry of another Python or library version: read the file again
        value = None
    if value is None:
        return _read_lean(path, root, today, cache)
    return (*value[:4], record.full), record


def load_project(root: Path, notices_dir: Path | None = None, *, today: dt.date | None = None,
                 stash: Stash | None = None, memo: Memo | None = None, progress: Callable[[int, int], None] | None = None,
                 cache: Store | None = None, changed: Collection[str] | None = None) -> Project:
    """Read and validate everything; raise :class:`NoticeErrors` with every problem found.
    ``today`` (default :func:`noticeboard.dates.today`) is the date a published notice may
    not be after; a scheduled notice whose date has come is a note, not a problem. With a
    ``stash`` the entries are lean: each full notice goes to the stash as it is read
    (:mod:`noticeboard.stash`), so memory holds no notice's body text. ``memo`` (``noticeboard
    serve``; each load that reads a file starts a round of it): files unchanged since the last
    load are not read again; with ``changed``, the paths a watcher saw change since that load,
    the folder is not walked again and only the notice files among them are looked at
    (:func:`_known_files`). ``cache``: the build cache
    (site/cache.py), where each file read and checked is kept by its bytes. ``progress(done,
    total)`` is told of each file read."""
    root = root.resolve()
    today = today or dates.today()
    notes: list[Finding] = []
    notices_dir = (notices_dir or root / NOTICES_DIR).resolve()
    if not notices_dir.is_dir():
        raise NoticeErrors([Finding(relative_path(root, notices_dir), 1, 1, "", "notices folder not found; create it, or set notices_dir: in mkdocs.yml's noticeboard plugin options")])
    names = IssuerNames()
    records, problems = load_issuers(root, notices_dir, names)
    known = _known_files(memo, notices_dir, today, changed)
    if memo is not None and (known is None or known[1]):
        memo.round()  # a load that reads no file changes nothing: what the last one used is used again
    if known is None:
        paths, walk_problems = notice_files(root, notices_dir)
        again = set(paths)
    else:
        (paths, again), walk_problems = known, []
    problems += walk_problems
    keys: dict[Path, Hashable | None] = {}  # each file's memo key, for the next load's _known_files
    slugs = Slugs()
    entries: list[Entry] = []
    # each file's marks, to place what the series rules find on its series: or inspection: (the
    # memo holds every document anyway; a build keeps only those two places of each)
    places: dict[str, Marks] = {}
    done = 0
    digests: dict[str, str] = {}
    seen: dict[str, _Record] = {}  # what this load read of each file, for the next (a build with the cache)
    if stash is not None and memo is None:  # a build: the files are read and checked on every core, lean
        recorded = _recorded_files(cache, root, notices_dir, today)
        # a file whose identity is the one recorded, and whose whole notice is still in the cache
        # (its entry's file of the size written), is not read: its lean entry is in the record
        kept: dict[Path, _Record] = {}
        if cache is not None:
            for path in paths:
                record = recorded.get(relative_path(root, path))
                if record is not None and identity(path) == list(record.identity) and cache.size(FULL, record.full) == record.full_size:
                    kept[path] = record
        made = pool_iter(partial(_read_lean, root=root, today=today, cache=cache), [path for path in paths if path not in kept])

        def each() -> Iterator[tuple]:
            # no cyclic collection while the entries are unpickled: they hold no cycles, and each
            # collection would walk every one made so far (a fifth of a warm load's time at 1,000)
            collecting = gc.isenabled()
            gc.disable()
            try:
                for path in paths:
                    value, record = _kept_lean(kept[path], path, root, today, cache) if path in kept else next(made)  # type: ignore[arg-type]
                    yield value, None, record
            finally:
                if collecting:
                    gc.enable()
        read = each()
    else:
        read = (((*value, None), key, bytes_digest) for value, key, bytes_digest in
                (_read_notice_memo(path, root, today, memo, cache, None if path in again else memo.listing.keys[path])  # type: ignore[union-attr]
                 for path in paths))
    for path, ((doc, notice, found, note, full), keys[path], record) in zip(paths, read):
        if record is not None:
            shown = relative_path(root, path)
            if isinstance(record, _Record):
                digests[shown] = record.digest
                seen[shown] = record
            else:
                digests[shown] = record
        looked = path in again
        if looked and progress is not None:
            done += 1
            progress(done, len(again))
        if notice is None:
            problems += found
            continue
        if note:
            notes.append(note)
        issuer, issuer_problems = _issuer(notice, records, doc)
        found += issuer_problems
        if issuer is not None and isinstance(notice.issuer, Issuer):
            found += names.claim_inline(doc, notice.issuer, issuer.slug)
        slug, slug_problems = slugs.claim(doc, notice, path.stem)
        found += slug_problems
        problems += found
        if not found and issuer is not None:
            if full is not None:  # lean already (_read_lean), its sets of field names shared again
                # the whole notice into the stash, or named where the build cache keeps it (a key)
                entries.append(Entry(shared_fields_sets(notice), doc.path, slug, issuer, stashed=full if isinstance(full, str) else stash.put(full)))
            elif stash is not None:
                entries.append(Entry(lean(notice), doc.path, slug, issuer, stashed=stash.put(notice)))
            else:
                entries.append(Entry(notice, doc.path, slug, issuer))
            places[doc.path] = doc.marks if memo is not None else Marks({(k,): doc.marks.find((k,)) for k in ("series", "inspection")})
    # newest first before the series are grouped: a preview's pages group the same list again
    # (Project.visible), and find the grouping in the memo
    entries.sort(key=lambda e: (e.notice.published, e.slug), reverse=True)
    if memo is not None:
        memo.listing = Listing(notices_dir, today, keys) if not walk_problems and None not in keys.values() else None
    if cache is not None and stash is not None and memo is None and seen != recorded:
        cache.put(FILES, _files_key(root, notices_dir, today), pickle.dumps(seen, protocol=pickle.HIGHEST_PROTOCOL))
    series_problems, series_notes = _series_rules(entries, places, memo)
    problems += series_problems
    notes += series_notes
    if problems:
        raise NoticeErrors(problems)
    return Project(root, entries, sorted(notes), digests)


def _recorded_files(cache: Store | None, root: Path, notices_dir: Path, today: dt.date) -> dict[str, _Record]:
    """What the last build with the cache recorded of each notice file (by its path from the
    root), for this project, folder and day: one entry, checksummed as a whole (site/cache.py)
    and keyed by noticeboard's code. Nothing when it is missing or does not check out (then
    every file is read)."""
    data = cache.get(FILES, _files_key(root, notices_dir, today)) if cache is not None else None
    try:
        recorded = pickle.loads(data) if data is not None else {}  # the project's own cache folder, checksummed
    except Exception:  # noqa: BLE001 - made by another Python or library version: every file is read
        return {}
    if not isinstance(recorded, dict):
        return {}
    return {path: record for path, record in recorded.items() if isinstance(path, str) and isinstance(record, _Record)}


def _series_rules(entries: list[Entry], places: dict[str, Marks], memo: Memo | None = None) -> tuple[list[Finding], list[Finding]]:
    """A ``series:`` joining different inspections (a problem), a notice whose inspection facts
    match two inspections of its issuer (a note): :mod:`noticeboard.series`, over every notice."""
    found, ambiguous = memo_call(memo, "group", entries, None, partial(group, entries, memo))

    def placed(entry: Entry, key: str, message: str) -> Finding:
        line, col = places[entry.source].find((key,))
        return Finding(entry.source, line, col, key, message)

    return ([placed(c.entry, "series", c.message) for c in conflicts(found)],
            [placed(a.entry, "inspection", a.message) for a in ambiguous])
