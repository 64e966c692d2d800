"""Run the importer steps on one document and assemble a schema-v1 notice dict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from noticeboard.importers.attachments import split_attachments
from noticeboard.importers.contact import CONTACT_ORDER, parse_contact, split_contact
from noticeboard.importers.html_source import html_text, looks_like_html
from noticeboard.importers.header import (find_header, kind_of, looks_like_notice, propose_title, second_title,
                                          signature_lines, strip_signature)
from noticeboard.importers.inspection import guess_inspection, inspection_type
from noticeboard.importers.issuer import guess_issuer, short_name
from noticeboard.importers.noise import clean_text
from noticeboard.importers.problems import SectionItems, extract_items
from noticeboard.importers.progress import find_progress, progress_doubts
from noticeboard.importers.reading import ImportFailure, read_document
from noticeboard.importers.inert import markup_flags
from noticeboard.importers.review import flag, quote
from noticeboard.importers.sections import RawSection, markdown, md_text, split_body
from noticeboard.importers.tables import text_tables
from noticeboard.importers.webpage import is_bar, strip_page
from noticeboard.importers.wraps import join_wrapped
from noticeboard.dates import today as import_date
from noticeboard.importers.writing import make_slug
from noticeboard.errors import shown
from noticeboard.project import validate_notice
from noticeboard.yamlread import Document, Marks


@dataclass
class ImportResult:
    """One imported document: the notice data (schema key order) and where it should go."""

    data: dict
    slug: str
    published: dt.date | None
    review: list[str] = field(default_factory=list)


def _section(raw: RawSection, part: SectionItems) -> dict:
    """A section in schema order: heading, its own prose, then its items (each item's text once)."""
    section: dict = {"heading": raw.heading}
    text = markdown(part.body, raw.level)
    if text:
        section["body"] = text
    if part.problems:
        section["problems"] = part.problems
    return section


def import_file(path: Path, imported: dt.date | None = None) -> ImportResult:
    """Import one .txt/.docx file; raise ImportFailure (one-line reason) when it is not a notice."""
    return import_text(read_document(path), path.name, imported)


def import_text(text: str, file_name: str, imported: dt.date | None = None) -> ImportResult:
    """A notice text, however it was copied, becomes a notice dict: what cannot be read for
    certain is proposed and flagged for review, never refused. Only a text that is not about a
    rectification at all (no 巡视/巡察/整改), or that holds a second notice after the first, is refused."""
    from_html = looks_like_html(text)
    if from_html:
        text = html_text(text)
    lines, page = strip_page(text_tables(clean_text(text, close=False), is_bar))
    joined = "\n".join(lines)
    if not joined.strip():
        raise ImportFailure("the file has no text")
    if not looks_like_notice(joined):
        raise ImportFailure("not a rectification notice (no 巡视/巡察/整改 in the text)")
    header = find_header(lines, page.published)
    other = second_title(lines, header.body_start)
    if other:
        raise ImportFailure(f"the text holds more than one notice: a second one starts at its title {quote(other, 60)}; "
                            "split the text there and import each notice from its own file")
    review: list[str] = list(header.doubts)
    if from_html:
        review.append(flag("source", "原文是网页源代码（HTML），已按网页显示的文字读取（脚本、样式不收入），请对照原网页核对"))
    if header.dropped:
        review.append(flag("summary", f"开头{len(header.dropped)}行不像通报正文（网页栏目、站名等），未收入："
                           + "、".join(quote(line, 30) for line in header.dropped) + "；如属正文请补回"))

    body_lines, listed = split_attachments(join_wrapped([line for line in lines[header.body_start:] if line.strip()]))
    if listed:
        review.append(flag("attachments", f"原文列有附件{'、'.join(quote(line, 40) for line in listed)}，未收入正文；"
                           "请把附件文件放在 attachments/ 下并写入 attachments，或删去本条"))
    before, contact_lines, after = split_contact(body_lines)
    body = split_body(strip_signature(before + after))
    opening = "\n".join(body.summary_lines) or (body.sections[0].lines[0] if body.sections and body.sections[0].lines else "")

    given_title = header.title or (page.title if page.title and looks_like_notice(page.title) else None)
    title = given_title
    issuer = guess_issuer(given_title, signature_lines(lines), opening or joined, page.source, header.byline)
    review.extend(issuer.doubts)
    if title is None:
        title = propose_title(opening or joined, issuer.name, inspection_type(None, opening or joined))
        review.insert(0, flag("title", f"原文没有标题行，标题{quote(title, 60)}是根据正文拟定的，请按原文标题改正"))
    if not body.sections and not body.summary_lines:
        review.append(flag("summary", "原文只有标题，没有正文，请补上正文"))
    kind, kind_doubt = kind_of(title, joined)
    if kind_doubt:
        review.append(flag("kind", kind_doubt))
    if header.published is None:
        review.append(flag("published", "原文没有发布日期，请填写"))
    elif header.published_from == "signature" and given_title is None:
        review.append(flag("published", f"发布日期取自落款日期{header.published.isoformat()}，请按原网页核对"))
    inspection = guess_inspection(given_title, opening, header.published)
    review.extend(inspection.doubts)
    items = extract_items(body.sections)
    contact = parse_contact(contact_lines, issuer.region, header.published)
    review.extend(contact.doubts)

    data: dict = {"title": title}
    slug = make_slug(header.published, short_name(issuer.name) if issuer.name else title)
    data["slug"] = slug
    if issuer.name:
        data["issuer"] = {"name": issuer.name, **({"region": issuer.region} if issuer.region else {})}
    if header.published:
        data["published"] = header.published
    data["kind"] = kind
    data["status"] = "published"
    if header.doc_number or page.doc_number:
        data["doc_number"] = header.doc_number or page.doc_number
    if page.index_code:
        data["index_code"] = page.index_code
    if inspection.data:
        data["inspection"] = inspection.data
    if body.summary_lines:
        data["summary"] = "\n\n".join(md_text(line) for line in body.summary_lines) + "\n"
    sections = [_section(raw, part) for i, (raw, part) in enumerate(zip(body.sections, items.sections))
                if i not in items.loose_at]
    if sections:
        data["sections"] = sections
    if items.loose:
        data["problems"] = items.loose
    prose = "\n".join(body.summary_lines + [line for part in items.sections for line in part.body])
    progress = find_progress(prose)
    if progress.figures:
        data["progress"] = progress.figures
    review.extend(progress.doubts + progress_doubts(progress.figures, items.all_problems()))
    if contact.data:
        data["contact"] = {key: contact.data[key] for key in CONTACT_ORDER if key in contact.data}
    data["source"] = {"file": file_name, "imported": imported or import_date()}

    review.extend(markup_flags(data))
    for problem in validate_notice(Document(file_name, data, Marks()), None, import_date())[1]:  # as `check` will
        where = problem.field or "notice"
        if not any(line.startswith(where + ":") for line in review):
            review.append(flag(where, f"未通过检查：{shown(problem.message)}"))
    if review:
        data["status"] = "draft"
        data["review"] = review
    return ImportResult(data=data, slug=slug, published=header.published, review=review)
