"""Load a project: notices/issuers.yml and every notice under notices/, validated together.

Everything is read and checked before anything is returned; all problems are reported at once.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from pydantic import ValidationError

from . import dates
from .errors import NoticeErrors, Problem
from .model import Issuer, IssuerRecord, Notice, Status
from .settings import NOTICES_DIR
from .slugs import slugify
from .validate import at, problems_from
from .yamlread import Document, Marks, kind_of, read_yaml

ISSUERS_FILE = "issuers.yml"
UNREADABLE: Mapping[str, IssuerRecord | None] = MappingProxyType({})
"""The records of an issuers file that cannot be read (its problems say why)."""
ATTACHMENTS_DIR = "attachments"  # in the project root; the one folder attachments may come from
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class IssuerInfo:
    """An issuer with the slug of its listing page."""

    slug: str
    name: str
    region: str | None = None
    record: IssuerRecord | None = None


@dataclass(frozen=True)
class Entry:
    """One valid notice with what the site needs around it."""

    notice: Notice
    source: str  # path relative to the project root, e.g. notices/2021/x.yml
    slug: str
    issuer: IssuerInfo

    @property
    def year(self) -> int:
        return self.notice.published.year

    @property
    def url(self) -> str:
        """Site-relative directory URL, e.g. ``notices/2021/slug/``."""
        return f"notices/{self.year}/{self.slug}/"

    @property
    def is_draft(self) -> bool:
        return self.notice.status is Status.draft

    @property
    def is_scheduled(self) -> bool:
        return self.notice.status is Status.scheduled

    def due(self, today: dt.date) -> bool:
        """A scheduled notice whose date has come (it goes out with the next build)."""
        return self.is_scheduled and self.notice.published <= today


PUBLIC = frozenset({Status.published, Status.withdrawn})
"""The statuses the public site shows (a scheduled notice joins them on its date)."""


@dataclass
class Project:
    root: Path
    entries: list[Entry] = field(default_factory=list)  # newest first; drafts and scheduled too
    issuers: dict[str, IssuerInfo] = field(default_factory=dict)  # by slug
    notes: list[Problem] = field(default_factory=list)  # not errors: what `check` says besides

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
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def load_issuers(root: Path, notices_dir: Path) -> tuple[Mapping[str, IssuerRecord | None], list[Problem]]:
    """The records of ``issuers.yml`` by key; a key whose record is invalid maps to None (its
    problems are reported here, so notices naming it do not add an 'unknown key' error)."""
    path = notices_dir / ISSUERS_FILE
    if not os.path.lexists(path):
        return {}, []
    doc, problems = read_yaml(path, relative_path(root, path))
    if doc is None:
        return UNREADABLE, problems
    records: dict[str, IssuerRecord | None] = {}
    for key, value in doc.data.items():
        records[key] = None
        try:
            record = IssuerRecord.model_validate(value)
        except ValidationError as exc:
            sub = Document(doc.path, value, _shifted(doc, key))
            problems += [
                _prefix(p, key) for p in problems_from(exc, sub, IssuerRecord)
            ]
            continue
        if record.slug is None and slugify(key) != key:
            problems.append(at(doc, (key,), f"issuer key '{key}' is not a slug: use lower-case ASCII, or add slug:"))
            continue
        records[key] = record
    problems += _IssuerNames().claim_records(records, doc)
    return records, problems


def _shifted(doc: Document, key: str) -> Marks:
    """Marks of the sub-document under ``key`` (so positions stay those of the file)."""
    marks = Marks()
    for loc, pos in doc.marks.values.items():
        if loc[:1] == (key,):
            marks.values[loc[1:]] = pos
    for loc, pos in doc.marks.keys.items():
        if loc[:1] == (key,):
            marks.keys[loc[1:]] = pos
    return marks


def _prefix(problem: Problem, key: str) -> Problem:
    field_ = f"{key}.{problem.field}" if problem.field else key
    return Problem(problem.path, problem.line, problem.col, field_, problem.message)


def _date_order(doc: Document, notice: Notice) -> list[Problem]:
    steps: list[tuple[tuple, str, dt.date | None]] = []
    insp = notice.inspection
    if insp:
        steps += [(("inspection", "start"), "inspection start", insp.start),
                  (("inspection", "end"), "inspection end", insp.end),
                  (("inspection", "feedback"), "feedback", insp.feedback)]
    steps.append((("published",), "published", notice.published))
    problems = []
    known = [(loc, label, d) for loc, label, d in steps if d is not None]
    for (_, label_a, a), (loc_b, label_b, b) in zip(known, known[1:]):
        if b < a:
            problems.append(at(doc, loc_b, f"{label_b} date {b} is before the {label_a} date {a}; dates must run start ≤ end ≤ feedback ≤ published"))
    if notice.updated and notice.updated < notice.published:
        problems.append(at(doc, ("updated",), f"updated {notice.updated} is before published {notice.published}"))
    for i, rev in enumerate(notice.revisions):
        if rev.date < notice.published:
            problems.append(at(doc, ("revisions", i, "date"), f"revision date {rev.date} is before published {notice.published}"))
    return problems


def _checks(doc: Document, notice: Notice, root: Path, today: dt.date) -> list[Problem]:
    problems = _date_order(doc, notice)
    if notice.status in PUBLIC and notice.published > today:
        problems.append(at(doc, ("published",), (
            f"{notice.published} has not come yet (today is {today}), so this notice would be on the site dated "
            "in the future: to publish it on that date write status: scheduled; otherwise correct the date")))
    prog = notice.progress
    if prog and prog.total is not None and sum(x or 0 for x in (prog.done, prog.in_progress, prog.long_term)) > prog.total:
        problems.append(at(doc, ("progress", "total"), f"done, in_progress and long_term add up to more than total ({prog.total}); write the figures as the text states them"))
    if notice.status is Status.withdrawn and not notice.withdrawn_reason:
        problems.append(at(doc, ("status",), "a withdrawn notice needs withdrawn_reason: saying why"))
    if notice.review and notice.status is not Status.draft:
        problems.append(at(doc, ("review",), "review flags remain: check each against the source, fix the field, delete the flag; until then keep status: draft"))
    for i, att in enumerate(notice.attachments):
        reason = attachment_problem(root, att.file)
        if reason:
            problems.append(at(doc, ("attachments", i, "file"), reason))
    return problems


def attachment_problem(root: Path, file: str) -> str | None:
    """Why ``file`` cannot be an attachment, or None. An attachment is a regular file under the
    project's attachments folder, written plainly (its path is also its path on the site) and
    still inside that folder once every symbolic link is resolved."""
    folder = root / ATTACHMENTS_DIR
    parts = file.split("/")
    if parts[0] != ATTACHMENTS_DIR or len(parts) < 2 or "\\" in file or any(p in ("", ".", "..") for p in parts[1:]):
        return (f"'{file}' is not under {ATTACHMENTS_DIR}/: put the file in the project's {ATTACHMENTS_DIR}/ folder "
                f"and write its path from the project root, e.g. {ATTACHMENTS_DIR}/2021/plan.pdf (no '..', no leading '/')")
    try:
        target = (root / file).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return f"'{file}' cannot be resolved (a loop of symbolic links?): copy the file itself into {ATTACHMENTS_DIR}/"
    if not target.is_relative_to(folder.resolve()):
        return f"'{file}' leads outside {ATTACHMENTS_DIR}/ (a symbolic link to {target}): copy the file itself into {ATTACHMENTS_DIR}/"
    try:
        mode = target.stat().st_mode
    except OSError:
        return f"'{file}' does not exist"
    if not stat.S_ISREG(mode):
        return f"'{file}' is {kind_of(mode)}, not a file: name a file"
    return None


def _issuer(notice: Notice, records: Mapping[str, IssuerRecord | None], doc: Document) -> tuple[IssuerInfo | None, list[Problem]]:
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
    return IssuerInfo(record.slug or key, record.name, record.region, record), []


def notice_files(root: Path, notices_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every notice file under ``notices_dir``, and a problem for each entry that looks like one
    but cannot be read as one (a '.YML' suffix, a dangling symbolic link, a FIFO, a device, a
    linked folder) or is no file at all. Names starting with '.' are not read (as MkDocs does
    with docs/: editors' lock and swap files). Nothing is opened here."""
    files: list[Path] = []
    problems: list[Problem] = []

    def report(path: Path, message: str) -> None:
        problems.append(Problem(relative_path(root, path), 1, 1, "", message))

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
            else:
                files.append(path)
    return files, problems


def load_project(root: Path, notices_dir: Path | None = None, *, today: dt.date | None = None) -> Project:
    """Read and validate everything; raise :class:`NoticeErrors` with every problem found.
    ``today`` (default :func:`noticeboard.dates.today`) is the date a published notice may
    not be after; a scheduled notice whose date has come is a note, not a problem."""
    root = root.resolve()
    today = today or dates.today()
    notes: list[Problem] = []
    notices_dir = (notices_dir or root / NOTICES_DIR).resolve()
    problems: list[Problem] = []
    if not notices_dir.is_dir():
        raise NoticeErrors([Problem(relative_path(root, notices_dir), 1, 1, "", "notices folder not found; create it, or set notices_dir: in mkdocs.yml's noticeboard plugin options")])
    records, issuer_problems = load_issuers(root, notices_dir)
    problems += issuer_problems
    paths, walk_problems = notice_files(root, notices_dir)
    problems += walk_problems
    issuer_names = _IssuerNames()
    issuer_names.claim_records(records)  # their clashes were reported by load_issuers
    entries: list[Entry] = []
    slug_seen: dict[str, str] = {}
    for path in paths:
        doc, read_problems = read_yaml(path, relative_path(root, path))
        problems += read_problems
        if doc is None:
            continue
        try:
            notice = Notice.model_validate(doc.data)
        except ValidationError as exc:
            problems += problems_from(exc, doc, Notice)
            continue
        found = _checks(doc, notice, root, today)
        if notice.status is Status.scheduled and notice.published <= today:
            notes.append(at(doc, ("status",), (
                f"scheduled for {notice.published}, which has come: the next build publishes it; "
                "write status: published to say so in the file")))
        issuer, issuer_problems = _issuer(notice, records, doc)
        found += issuer_problems
        if issuer is not None and isinstance(notice.issuer, Issuer):
            found += issuer_names.claim_inline(notice.issuer, issuer, doc)
        slug = notice.slug or path.stem
        slug_loc = ("slug",) if notice.slug else ()
        if notice.slug is None and slugify(slug) != slug:
            found.append(at(doc, (), f"file name '{path.stem}' is not a slug; rename the file or add slug: (lower-case ASCII, digits, '-')"))
        elif slug in RESERVED_SLUGS:
            found.append(at(doc, slug_loc, _reserved(slug, notice.slug is None)))
        elif slug in slug_seen:
            found.append(at(doc, slug_loc, f"slug '{slug}' is already used by {slug_seen[slug]}; slugs must be unique"))
        else:
            slug_seen[slug] = doc.path
        for i, old in enumerate(notice.former_slugs):
            if old in RESERVED_SLUGS:
                found.append(at(doc, ("former_slugs", i), _reserved(old, False)))
            elif old in slug_seen:
                found.append(at(doc, ("former_slugs", i), f"slug '{old}' is already used by {slug_seen[old]}; slugs must be unique"))
            else:
                slug_seen[old] = doc.path
        problems += found
        if not found and issuer is not None:
            entries.append(Entry(notice, doc.path, slug, issuer))
    if problems:
        raise NoticeErrors(problems)
    entries.sort(key=lambda e: (e.notice.published, e.slug), reverse=True)
    issuers: dict[str, IssuerInfo] = {}
    for e in entries:
        issuers.setdefault(e.issuer.slug, e.issuer)
    return Project(root, entries, issuers, sorted(notes))


RESERVED_SLUGS = frozenset({"index"})
"""Slugs a notice may not have: ``notices/<year>/index.md`` is the folder's own page for MkDocs
(``notices/<year>/``), so every link to ``notices/<year>/index/`` would miss it."""


def _reserved(slug: str, from_file_name: bool) -> str:
    fix = "rename the file or add slug: with another value" if from_file_name else "choose another slug"
    return f"slug '{slug}' is reserved (its page would be the folder's index page, which links miss); {fix}"


class _IssuerNames:
    """One slug, one issuer name: the first to claim a slug (issuers.yml, then the notices in
    file order) keeps it; a later claim under another name is an error where it is written."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str]] = {}  # slug → (name, where it was claimed)

    def _claim(self, slug: str, name: str, where: str) -> str | None:
        owner = self.owners.setdefault(slug, (name, where))
        if owner[0] == name:
            return None
        return (f"issuer slug '{slug}' already belongs to '{owner[0]}' ({owner[1]}); one slug, one issuer: "
                "write that issuer's exact name, or give this issuer its own slug:")

    def claim_records(self, records: Mapping[str, IssuerRecord | None], doc: Document | None = None) -> list[Problem]:
        """Claim the slugs of issuers.yml's valid records; clashes are placed in ``doc``, if given."""
        problems = []
        for key, record in records.items():
            if record is None:
                continue
            clash = self._claim(record.slug or key, record.name, f"{ISSUERS_FILE}: {key}")
            if clash and doc is not None:
                problems.append(at(doc, (key, "slug") if record.slug else (key,), clash))
        return problems

    def claim_inline(self, issuer: Issuer, info: IssuerInfo, doc: Document) -> list[Problem]:
        clash = self._claim(info.slug, info.name, doc.path)
        return [at(doc, ("issuer", "slug") if issuer.slug else ("issuer", "name"), clash)] if clash else []
