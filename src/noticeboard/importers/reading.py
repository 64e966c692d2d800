"""Read a document into plain text lines: .txt (UTF-8, GB18030/GBK) and .docx (paragraphs, tables)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

TABLE_LABELS = ("整改措施", "整改情况", "责任领导", "责任人", "责任部门", "责任单位", "整改时限", "完成时限", "整改目标", "牵头")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFailure(Exception):
    """An input that cannot be imported; the message is one line for the user."""


def read_document(path: Path) -> str:
    """Return the text of ``path`` with '\\n' line ends; raise ImportFailure with a clear reason."""
    if not path.is_file():
        raise ImportFailure("no such file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in (".txt", ".text", ""):
        return _read_txt(path.read_bytes())
    raise ImportFailure(f"unsupported file type {suffix!r} (use .txt or .docx)")


def _read_txt(data: bytes) -> str:
    if not data.strip():
        raise ImportFailure("the file is empty")
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04") or data.startswith(b"%PDF"):
        raise ImportFailure("this is a binary file, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFailure("the text is neither UTF-8 nor GB18030/GBK")
    if len(_CONTROL.findall(text)) > max(3, len(text) // 100):
        raise ImportFailure("this is a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_docx(path: Path) -> str:
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFailure(f"not a readable .docx file ({exc.__class__.__name__})") from None
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and friends
        raise ImportFailure(f"not a readable .docx file ({exc.__class__.__name__})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines.extend(table_lines(_table_rows(Table(block, document))))
    text = "\n".join(lines)
    if not text.strip():
        raise ImportFailure("the document has no text")
    return text


def _table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split("\n")).strip()
            if not cells or value != cells[-1]:  # merged cells repeat their text
                cells.append(value)
        rows.append(cells)
    return rows


def table_lines(rows: list[list[str]]) -> list[str]:
    """Turn a table into text lines.

    A rectification table (a header row naming 整改措施, 责任领导, …) becomes one numbered item
    per row followed by ``label：value`` lines, the form the problem parser reads in plain text;
    any other table becomes one line per row, cells separated by '　'.
    """
    if not rows:
        return []
    header = rows[0]
    labelled = sum(any(label in cell for label in TABLE_LABELS) for cell in header)
    if labelled < 2:
        return ["　".join(cell for cell in row if cell) for row in rows]
    title_col = next((i for i, cell in enumerate(header) if "问题" in cell or "任务" in cell), None)
    lines: list[str] = []
    number = 0
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        if title_col is None or not cells[title_col].strip():
            lines.append("　".join(c for c in cells if c))
            continue
        number += 1
        lines.append(f"{number}.{cells[title_col].strip()}")
        for i, label in enumerate(header):
            if i == title_col or not cells[i].strip() or label.strip() in ("序号", "编号"):
                continue
            lines.append(f"{label.strip()}：{cells[i].strip()}")
    return lines
