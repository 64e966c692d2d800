"""The rules that span fields or files, which the schema alone cannot state: dates in order (and
not in the future for a public notice), progress figures, a withdrawn notice's reason, review
flags, attachments, slugs and issuers.

Each places its problem on the field to fix (``path:line:col: field: message``).
"""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

from .errors import Finding
from .model import Issuer, IssuerRecord, Notice, Status
from .settings import ATTACHMENTS_DIR, ISSUERS_FILE
from .slugs import slugify
from .validate import at, field_name
from .yamlread import Document, Loc, kind_of

PUBLIC = frozenset({Status.published, Status.withdrawn})
"""The statuses the public site shows (a scheduled notice joins them on its date)."""

RESERVED_SLUGS = frozenset({"index"})
"""Slugs a notice may not have: ``notices/<year>/index.md`` is the folder's own page for MkDocs
(``notices/<year>/``), so every link to ``notices/<year>/index/`` would miss it."""


def notice_problems(doc: Document, notice: Notice, root: Path | None, today: dt.date) -> list[Finding]:
    """The rules within one notice. ``root`` is the project root (None when there is no project
    yet, as for the importer: attachments are then not looked for); ``today`` the date a public
    notice may not be after."""
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
    problems += _problem_ids(doc, notice)
    for i, att in enumerate(notice.attachments if root is not None else []):
        reason = attachment_problem(root, att.file)
        if reason:
            problems.append(at(doc, ("attachments", i, "file"), reason))
    return problems


def _problem_ids(doc: Document, notice: Notice) -> list[Finding]:
    """An item's ``id`` names one problem: two items of one notice cannot share it."""
    places: list[tuple[Loc, str | None]] = [(("sections", i, "problems", j, "id"), p.id) for i, s in enumerate(notice.sections)
                                            for j, p in enumerate(s.problems)]
    places += [(("problems", j, "id"), p.id) for j, p in enumerate(notice.problems)]
    seen: dict[str, Loc] = {}
    problems: list[Finding] = []
    for loc, id_ in places:
        if id_ is None:
            continue
        if id_ in seen:
            first = field_name(seen[id_])
            problems.append(at(doc, loc, f"id '{id_}' is already given to {first}: one id names one problem; give each item its own"))
        else:
            seen[id_] = loc
    return problems


def scheduled_note(doc: Document, notice: Notice, today: dt.date) -> Finding | None:
    """Not an error: a scheduled notice whose date has come goes out with the next build."""
    if notice.status is Status.scheduled and notice.published <= today:
        return at(doc, ("status",), (f"scheduled for {notice.published}, which has come: the next build publishes it; "
                                     "write status: published to say so in the file"))
    return None


def _date_order(doc: Document, notice: Notice) -> list[Finding]:
    steps: list[tuple[Loc, str, dt.date | None]] = []
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


class Slugs:
    """Each slug names one notice, now or before (``former_slugs``), across every file; a few
    are reserved. The first file to claim a slug keeps it."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}  # slug → the file that claimed it

    def claim(self, doc: Document, notice: Notice, file_stem: str) -> tuple[str, list[Finding]]:
        """The notice's slug (its ``slug:``, else its file name) and the problems with its slugs."""
        slug = notice.slug or file_stem
        problems = []
        if notice.slug is None and slugify(slug) != slug:
            problems.append(at(doc, (), f"file name '{file_stem}' is not a slug; rename the file or add slug: (lower-case ASCII, digits, '-')"))
        else:
            fix = "rename the file or add slug: with another value" if notice.slug is None else "choose another slug"
            problems += self._take(doc, ("slug",) if notice.slug else (), slug, fix)
        for i, old in enumerate(notice.former_slugs):
            problems += self._take(doc, ("former_slugs", i), old, "choose another slug")
        return slug, problems

    def _take(self, doc: Document, loc: Loc, slug: str, fix: str) -> list[Finding]:
        if slug in RESERVED_SLUGS:
            return [at(doc, loc, f"slug '{slug}' is reserved (its page would be the folder's index page, which links miss); {fix}")]
        if slug in self.seen:
            return [at(doc, loc, f"slug '{slug}' is already used by {self.seen[slug]}; slugs must be unique")]
        self.seen[slug] = doc.path
        return []


def record_key_problem(doc: Document, key: str, record: IssuerRecord) -> Finding | None:
    """An issuers.yml key is the issuer's slug unless the record gives one."""
    if record.slug is None and slugify(key) != key:
        return at(doc, (key,), f"issuer key '{key}' is not a slug: use lower-case ASCII, or add slug:")
    return None


class IssuerNames:
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

    def claim_record(self, doc: Document, key: str, record: IssuerRecord) -> list[Finding]:
        """Claim the slug of an issuers.yml record (``doc`` is that file)."""
        clash = self._claim(record.slug or key, record.name, f"{ISSUERS_FILE}: {key}")
        return [at(doc, (key, "slug") if record.slug else (key,), clash)] if clash else []

    def claim_inline(self, doc: Document, issuer: Issuer, slug: str) -> list[Finding]:
        """Claim the slug of a notice's own issuer record (``issuer: {name: …}``)."""
        clash = self._claim(slug, issuer.name, doc.path)
        return [at(doc, ("issuer", "slug") if issuer.slug else ("issuer", "name"), clash)] if clash else []
