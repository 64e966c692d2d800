"""Read a document into plain text lines: .txt (UTF-8, GB18030/GBK, UTF-16 with its byte-order
mark) and .docx (paragraphs, tables).

Sizes are checked before anything is parsed: a .txt is at most the 2 MiB that ``check`` allows a
notice (``yamlread.MAX_BYTES``), and so is the text read from any document; a .docx is checked on
its zip directory (the sizes its parts declare, and how far each is compressed: a zip bomb is
refused unopened), then its main part is scanned as a stream (paragraphs, elements, text) before
python-docx builds it in memory. Each refusal is one line saying what and how much.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree  # python-docx's own XML library

from noticeboard.importers.tables import table_lines
from noticeboard.yamlread import MAX_BYTES, read_regular

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOMS = ((b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))

# .docx limits, checked on the zip directory and by a streaming scan, before python-docx parses it
DOCX_UNPACKED = 256 * 1024 * 1024  # all parts together, as declared (images included)
DOCX_XML = 64 * 1024 * 1024  # all XML parts together: python-docx holds them parsed in memory
DOCX_RATIO = 100  # a part over 1 MiB compressed more than this is a bomb (Word's XML: ~5-20)
DOCX_PARTS = 10_000
DOCX_PARAGRAPHS = 50_000  # a long notice has a few thousand, tables' cells included
DOCX_ELEMENTS = 2_000_000  # XML elements of the main part
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "/officeDocument"  # the relationship type that names the main part


class ImportFailure(Exception):
    """An input that cannot be imported; the message is one line for the user."""


def read_document(path: Path) -> str:
    """Return the text of ``path`` with '\\n' line ends; raise ImportFailure with a clear reason."""
    if not path.is_file():
        raise ImportFailure("no such file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _fits(_read_docx(path))
    if suffix in (".txt", ".text", ""):
        raw, why = read_regular(path)
        if raw is None:
            raise ImportFailure(why)
        return _fits(_read_txt(raw))
    raise ImportFailure(f"unsupported file type {suffix!r} (use .txt or .docx)")


def _fits(text: str) -> str:
    """The text, if a notice holding it can pass ``check`` (at most MAX_BYTES as UTF-8)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ImportFailure(f"its text is {size // 1024} KiB; a notice is at most {MAX_BYTES // 1024} KiB — "
                            "is this the right file? (split a longer document into several notices)")
    return text


def _utf16(data: bytes) -> str | None:
    """The text of a file that starts with a UTF-16 byte-order mark; None without one."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise ImportFailure(f"the file starts with a {name} byte-order mark but is not {name} text") from None
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: one byte of nearly every pair is zero (Latin and digits)."""
    pairs = len(head) // 2
    if pairs < 8:
        return False
    zero_even = sum(head[i] == 0 for i in range(0, 2 * pairs, 2))
    zero_odd = sum(head[i] == 0 for i in range(1, 2 * pairs, 2))
    return max(zero_even, zero_odd) > 0.3 * pairs and min(zero_even, zero_odd) < 0.02 * pairs


def _read_txt(data: bytes) -> str:
    if not data.strip():
        raise ImportFailure("the file is empty")
    text = _utf16(data)
    if text is None:
        if b"\x00" in data[:4096] and _looks_utf16(data[:4096]):
            raise ImportFailure("this looks like UTF-16 text without a byte-order mark; save it as UTF-8 and import that")
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


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _check_docx(path: Path) -> None:
    """Refuse a .docx whose zip directory or main part is bigger than a notice can be, before
    python-docx reads it (it would unpack and parse every part in memory). What is no zip at
    all is left to python-docx to report."""
    if not zipfile.is_zipfile(path):
        return
    try:
        entries = _zip_entries(path)
        if entries > DOCX_PARTS:
            raise ImportFailure(f"the .docx holds {entries} parts; a document has far fewer (at most {DOCX_PARTS}) — is this the right file?")
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > DOCX_UNPACKED:
                raise ImportFailure(f"the .docx unpacks to {_mib(unpacked)}; at most {_mib(DOCX_UNPACKED)} is read — is this the right file?")
            xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
            if xml > DOCX_XML:
                raise ImportFailure(f"the .docx holds {_mib(xml)} of XML; at most {_mib(DOCX_XML)} is read — is this the right file?")
            for part in parts:
                if part.file_size > 1024 * 1024 and part.file_size > DOCX_RATIO * max(part.compress_size, 1):
                    raise ImportFailure(f"the .docx part {part.filename} unpacks {part.file_size // max(part.compress_size, 1)} times "
                                        f"its packed size, to {_mib(part.file_size)} (a zip bomb?); not read")
            _scan_main_part(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, EOFError, OSError, etree.LxmlError) as exc:
        raise ImportFailure(f"not a readable .docx file ({exc.__class__.__name__})") from None


def _zip_entries(path: Path) -> int:
    """How many entries the zip's end record declares, read before zipfile lists them all."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65557))  # the end record (22 bytes) and a comment of up to 64 KiB
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise zipfile.BadZipFile("no end of central directory")
    entries = int.from_bytes(tail[at + 10:at + 12], "little")
    return DOCX_PARTS + 1 if entries == 0xFFFF else entries  # 0xFFFF: a ZIP64 count, never a .docx


def _scan_main_part(archive: zipfile.ZipFile) -> None:
    """Count the main part's paragraphs, elements and text as a stream, stopping at the first
    limit passed (so an 8-million-paragraph document costs a moment, not gigabytes)."""
    name = _main_part(archive)
    paragraphs = elements = text = 0
    with archive.open(name) as stream:
        for _, element in etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True):
            elements += 1
            if element.tag == _W + "p":
                paragraphs += 1
            elif element.tag == _W + "t" and element.text:
                text += len(element.text.encode("utf-8"))
            if paragraphs > DOCX_PARAGRAPHS:
                raise ImportFailure(f"the document has more than {DOCX_PARAGRAPHS} paragraphs; a notice has far fewer — is this the right file?")
            if elements > DOCX_ELEMENTS:
                raise ImportFailure(f"the document has more than {DOCX_ELEMENTS} XML elements; a notice has far fewer — is this the right file?")
            if text > MAX_BYTES:
                raise ImportFailure(f"its text is more than {MAX_BYTES // 1024} KiB; a notice is at most {MAX_BYTES // 1024} KiB — "
                                    "is this the right file? (split a longer document into several notices)")
            element.clear()  # only counted: keep the tree flat as it is read
            while element.getprevious() is not None:
                del element.getparent()[0]


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document part's name, as the package's relationships say (usually word/document.xml)."""
    root = etree.fromstring(archive.read("_rels/.rels"), etree.XMLParser(resolve_entities=False, no_network=True))
    for rel in root:
        if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT):
            return posixpath.normpath(rel.get("Target", "")).lstrip("/")
    raise KeyError("officeDocument")


def _read_docx(path: Path) -> str:
    _check_docx(path)
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
