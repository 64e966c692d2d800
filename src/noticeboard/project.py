"""Load a project: notices/issuers.yml and every notice under notices/, validated together.

Everything is read and checked before anything is returned; all problems are reported at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .errors import NoticeErrors, Problem
from .model import Issuer, IssuerRecord, Notice, Status
from .slugs import slugify
from .validate import at, problems_from
from .yamlread import Document, Marks, read_yaml

ISSUERS_FILE = "issuers.yml"


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


@dataclass
class Project:
    root: Path
    entries: list[Entry] = field(default_factory=list)  # newest first
    issuers: dict[str, IssuerInfo] = field(default_factory=dict)  # by slug

    def published(self) -> list[Entry]:
        return [e for e in self.entries if not e.is_draft]


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def load_issuers(root: Path, notices_dir: Path) -> tuple[dict[str, IssuerRecord | None], list[Problem]]:
    """The records of ``issuers.yml`` by key; a key whose record is invalid maps to None (its
    problems are reported here, so notices naming it do not add an 'unknown key' error)."""
    path = notices_dir / ISSUERS_FILE
    if not path.exists():
        return {}, []
    doc, problems = read_yaml(path, _rel(root, path))
    if doc is None:
        return {}, problems
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


def _checks(doc: Document, notice: Notice, root: Path) -> list[Problem]:
    problems = _date_order(doc, notice)
    prog = notice.progress
    if prog and prog.total is not None and sum(x or 0 for x in (prog.done, prog.in_progress, prog.long_term)) > prog.total:
        problems.append(at(doc, ("progress", "total"), f"done, in_progress and long_term add up to more than total ({prog.total}); write the figures as the text states them"))
    if notice.status is Status.withdrawn and not notice.withdrawn_reason:
        problems.append(at(doc, ("status",), "a withdrawn notice needs withdrawn_reason: saying why"))
    if notice.review and notice.status is not Status.draft:
        problems.append(at(doc, ("review",), "review flags remain: check each against the source, fix the field, delete the flag; until then keep status: draft"))
    for i, att in enumerate(notice.attachments):
        target = (root / att.file).resolve()
        if not target.is_relative_to(root.resolve()):
            problems.append(at(doc, ("attachments", i, "file"), f"'{att.file}' is outside the project; put attachments under attachments/"))
        elif not target.is_file():
            problems.append(at(doc, ("attachments", i, "file"), f"'{att.file}' does not exist"))
    return problems


def _issuer(notice: Notice, records: dict[str, IssuerRecord | None], doc: Document) -> tuple[IssuerInfo | None, list[Problem]]:
    if isinstance(notice.issuer, Issuer):
        iss = notice.issuer
        return IssuerInfo(iss.slug or slugify(iss.name), iss.name, iss.region), []
    key = notice.issuer
    record = records.get(key)
    if key in records and record is None:
        return None, []  # its record is invalid and already reported
    if record is None:
        known = ", ".join(sorted(records)) or "none: notices/issuers.yml is missing or empty"
        return None, [at(doc, ("issuer",), f"unknown issuer key '{key}'; known keys: {known}. Or write issuer: {{name: …, region: …}}")]
    return IssuerInfo(record.slug or key, record.name, record.region, record), []


def notice_files(notices_dir: Path) -> list[Path]:
    files = [p for p in notices_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(p for p in files if p.name != ISSUERS_FILE)


def load_project(root: Path, notices_dir: Path | None = None, *, include_drafts: bool = True) -> Project:
    """Read and validate everything; raise :class:`NoticeErrors` with every problem found."""
    root = root.resolve()
    notices_dir = (notices_dir or root / "notices").resolve()
    problems: list[Problem] = []
    if not notices_dir.is_dir():
        raise NoticeErrors([Problem(_rel(root, notices_dir), 1, 1, "", "notices folder not found; create it or pass --notices DIR")])
    records, issuer_problems = load_issuers(root, notices_dir)
    problems += issuer_problems
    entries: list[Entry] = []
    slug_seen: dict[str, str] = {}
    for path in notice_files(notices_dir):
        doc, read_problems = read_yaml(path, _rel(root, path))
        problems += read_problems
        if doc is None:
            continue
        try:
            notice = Notice.model_validate(doc.data)
        except ValidationError as exc:
            problems += problems_from(exc, doc, Notice)
            continue
        found = _checks(doc, notice, root)
        issuer, issuer_problems = _issuer(notice, records, doc)
        found += issuer_problems
        slug = notice.slug or path.stem
        if notice.slug is None and slugify(slug) != slug:
            found.append(at(doc, (), f"file name '{path.stem}' is not a slug; rename the file or add slug: (lower-case ASCII, digits, '-')"))
        elif slug in slug_seen:
            found.append(at(doc, ("slug",) if notice.slug else (), f"slug '{slug}' is already used by {slug_seen[slug]}; slugs must be unique"))
        else:
            slug_seen[slug] = doc.path
        for i, old in enumerate(notice.former_slugs):
            if old in slug_seen:
                found.append(at(doc, ("former_slugs", i), f"slug '{old}' is already used by {slug_seen[old]}; slugs must be unique"))
            else:
                slug_seen[old] = doc.path
        problems += found
        if not found and issuer is not None:
            entries.append(Entry(notice, doc.path, slug, issuer))
    if problems:
        raise NoticeErrors(problems)
    if not include_drafts:
        entries = [e for e in entries if not e.is_draft]
    entries.sort(key=lambda e: (e.notice.published, e.slug), reverse=True)
    issuers: dict[str, IssuerInfo] = {}
    for e in entries:
        issuers.setdefault(e.issuer.slug, e.issuer)
    return Project(root, entries, issuers)
