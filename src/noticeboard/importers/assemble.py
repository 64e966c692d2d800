"""Run the importer steps on one document and assemble a schema-v1 notice dict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from noticeboard.importers.contact import CONTACT_ORDER, parse_contact, split_contact
from noticeboard.importers.header import find_header, kind_of, looks_like_notice, signature_lines, strip_signature
from noticeboard.importers.inspection import guess_inspection
from noticeboard.importers.issuer import guess_issuer, short_name
from noticeboard.importers.noise import clean_text
from noticeboard.importers.problems import extract_problems, find_progress
from noticeboard.importers.reading import ImportFailure, read_document
from noticeboard.importers.sections import markdown, md_text, split_body
from noticeboard.dates import today as import_date
from noticeboard.importers.writing import FlowList, FlowMap, make_slug
from noticeboard.model import Notice


@dataclass
class ImportResult:
    """One imported document: the notice data (schema key order) and where it should go."""

    source: Path
    data: dict
    slug: str
    published: dt.date | None
    review: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.data["status"]


def import_file(path: Path, imported: dt.date | None = None) -> ImportResult:
    """Import one .txt/.docx file; raise ImportFailure (one-line reason) when it is not a notice."""
    return import_text(read_document(path), path.name, imported)


def import_text(text: str, file_name: str, imported: dt.date | None = None) -> ImportResult:
    lines = clean_text(text)
    joined = "\n".join(lines)
    if not joined.strip():
        raise ImportFailure("the file has no text")
    if not looks_like_notice(joined):
        raise ImportFailure("not a rectification notice (no 巡视/巡察/整改 in the text)")
    header = find_header(lines)
    if header is None:
        raise ImportFailure("not a notice: no title line found (e.g. '…关于巡察整改情况的通报')")
    review: list[str] = []
    if header.dropped:
        review.append(f"text: {len(header.dropped)} line(s) before the title dropped as front matter: "
                      + " / ".join(f"'{line[:30]}'" for line in header.dropped))

    body_lines = [line for line in lines[header.body_start:] if line.strip()]
    before, contact_lines, after = split_contact(body_lines)
    body = split_body(strip_signature(before + after))
    if not body.sections and not body.summary_lines:
        raise ImportFailure("not a notice: a title but no body text")
    opening = "\n".join(body.summary_lines) or (body.sections[0].lines[0] if body.sections[0].lines else "")

    issuer = guess_issuer(header.title, signature_lines(lines), opening)
    review.extend(issuer.doubts)
    kind, kind_doubt = kind_of(header.title, joined)
    if kind_doubt:
        review.append(f"kind: {kind_doubt}")
    if header.published is None:
        review.append("published: no publication date in the text; fill it in")
    inspection = guess_inspection(header.title, opening, header.published)
    review.extend(inspection.doubts)
    problems = extract_problems(body.sections)
    review.extend(problems.doubts)
    contact = parse_contact(contact_lines, issuer.region, header.published)
    review.extend(contact.doubts)

    data: dict = {"title": header.title}
    slug = make_slug(header.published, short_name(issuer.name) if issuer.name else header.title)
    data["slug"] = slug
    if issuer.name:
        data["issuer"] = FlowMap({"name": issuer.name, **({"region": issuer.region} if issuer.region else {})})
    if header.published:
        data["published"] = header.published
    data["kind"] = kind
    data["status"] = "published"
    if header.doc_number:
        data["doc_number"] = header.doc_number
    if inspection.data:
        data["inspection"] = inspection.data
    if body.summary_lines:
        data["summary"] = "\n\n".join(md_text(line) for line in body.summary_lines) + "\n"
    if body.sections:
        data["sections"] = [{"heading": s.heading, "body": markdown(s.lines)} for s in body.sections]
    if problems.problems:
        data["problems"] = problems.problems
    progress = find_progress(joined)
    if progress:
        data["progress"] = FlowMap(progress)
    if contact.data:
        ordered = {key: contact.data[key] for key in CONTACT_ORDER if key in contact.data}
        for key in ("phones", "emails"):
            if key in ordered:
                ordered[key] = FlowList(ordered[key])
        data["contact"] = ordered
    data["source"] = FlowMap({"file": file_name, "imported": imported or import_date()})

    try:
        Notice.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "notice"
            review.append(f"{where}: {error['msg']}")
    if review:
        data["status"] = "draft"
        data["review"] = review
    return ImportResult(source=Path(file_name), data=data, slug=slug, published=header.published, review=review)
