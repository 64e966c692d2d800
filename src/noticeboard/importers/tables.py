"""Tables in a received notice: a .docx table's rows, or a table copied from a web page or a
spreadsheet into plain text (one row a line, its cells separated by tabs, or one cell a line).

A rectification table (a header row naming 整改措施, 完成情况, 责任领导, …) becomes one numbered item
per row followed by ``label：value`` lines, the form the problem parser reads in plain text; any
other table becomes one line per row with its cells separated by '｜', so that no two cells run
together when the spaces between Chinese words are closed.
"""

from __future__ import annotations

import re

from noticeboard.importers.contact import is_contact_line
from noticeboard.importers.labels import LABEL_LINE
from noticeboard.importers.sections import heading_level

TABLE_LABELS = ("整改措施", "整改情况", "整改进展", "整改成效", "整改结果", "完成情况", "完成时间", "责任领导", "责任人",
                "责任部门", "责任单位", "整改时限", "完成时限", "整改目标", "牵头")
CELL_SEPARATOR = "｜"
_TAB_CELLS = re.compile(r"[ \u3000]*\t[\t \u3000]*")
MIN_CELLS = 3   # a line with two cells is as likely a label and its value (索引号<tab>…)
MAX_HEADER_CELL = 10


def table_lines(rows: list[list[str]]) -> list[str]:
    """Turn a table's rows (the first is its header) into text lines."""
    if not rows:
        return []
    header = rows[0]
    labelled = sum(any(label in cell for label in TABLE_LABELS) or bool(LABEL_LINE.match(cell.strip() + "：")) for cell in header)
    if labelled < 2:
        return [CELL_SEPARATOR.join(cell for cell in row if cell) for row in rows]
    title_col = title_column(header)
    lines: list[str] = []
    number = 0
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        if title_col is None or not cells[title_col].strip():
            lines.append(CELL_SEPARATOR.join(c for c in cells if c))
            continue
        number += 1
        lines.append(f"{number}.{cells[title_col].strip()}")
        for i, label in enumerate(header):
            if i == title_col or not cells[i].strip() or label.strip() in ("序号", "编号"):
                continue
            lines.append(f"{label.strip()}：{cells[i].strip()}")
    return lines


def _cells(line: str) -> list[str]:
    return [cell.strip(" \u3000") for cell in _TAB_CELLS.split(line.strip(" \u3000\t"))]


def _header_cell(cell: str) -> bool:
    return len(cell) <= MAX_HEADER_CELL and (any(label in cell for label in TABLE_LABELS) or bool(LABEL_LINE.match(cell + "："))
                                              or bool(re.fullmatch(r"[\u4e00-\u9fff]{0,4}(?:问题|任务)[\u4e00-\u9fff]{0,4}", cell)))


def _bare_header_cell(cell: str) -> bool:
    """A header cell of a table with no number column: a name alone (存在问题), not a numbered
    heading (二、整改情况) nor a field with its value (责任领导：张某)."""
    return _header_cell(cell) and heading_level(cell) is None and not re.search(r"[:：]", cell)


def _cell_table(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """A rectification table copied from a web page one cell a line: a header (序号, then at least
    two labels such as 存在问题 / 整改措施 / 完成情况, each alone on its line), then its rows, each
    opened by its number (1, 2, …) and holding at most one line per column (blank lines between
    cells are skipped). Returns the table's lines as :func:`table_lines` writes them and where the
    text after it starts."""
    numbered = lines[start].strip() in ("序号", "编号")
    if not numbered and not _bare_header_cell(lines[start].strip()):
        return None
    filled = [i for i in range(start, len(lines)) if lines[i].strip()]
    cells = [lines[i].strip() for i in filled]
    width = 1
    while width < len(cells) and (_header_cell(cells[width]) if numbered else _bare_header_cell(cells[width])):
        width += 1
    if width < MIN_CELLS or sum(_header_cell(cell) for cell in cells[1 if numbered else 0:width]) < 2:
        return None
    if not numbered:
        return _unnumbered_rows(cells, filled, width, len(lines))
    rows: list[list[str]] = []
    at = width
    while at < len(cells) and cells[at] == str(len(rows) + 1):
        row, at = [cells[at]], at + 1
        while at < len(cells) and len(row) < width and cells[at] != str(len(rows) + 2):
            row.append(cells[at])
            at += 1
        rows.append(row)
    if not rows:
        return None
    return table_lines([cells[:width], *rows]), (filled[at] if at < len(filled) else len(lines))


def _unnumbered_rows(cells: list[str], filled: list[int], width: int, end: int) -> tuple[list[str], int]:
    """A table copied one cell a line with no number column (存在问题 / 整改措施 / 整改时限 / 完成情况,
    then each row's cells): read as rows when the cells up to the next heading or contact line
    fill whole rows; else its header stays one line (、 between the names), so that no header
    name reads as the label of the cell below it, and the cells stay as they were written."""
    at = width
    while at < len(cells) and heading_level(cells[at]) is None and not is_contact_line(cells[at]):
        at += 1
    count = at - width
    if count and count % width == 0 and title_column(cells[:width]) is not None:
        rows = [cells[k:k + width] for k in range(width, at, width)]
        return table_lines([cells[:width], *rows]), (filled[at] if at < len(filled) else end)
    return ["、".join(cells[:width])], (filled[width] if width < len(filled) else end)


def title_column(header: list[str]) -> int | None:
    """The column that names the problem (存在问题, 整改任务)."""
    return next((i for i, cell in enumerate(header) if "问题" in cell or "任务" in cell), None)


def text_tables(lines: list[str], is_bar) -> list[str]:
    """``lines`` with each run of two or more tab-separated rows of at least three cells, and each
    rectification table copied one cell a line (:func:`_cell_table`), written as :func:`table_lines`
    writes a table. ``is_bar(line)`` tells a web page's information bar, which is left as it is
    (its labels and values are separated by tabs too)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        cells = _cell_table(lines, i)
        if cells:
            out.extend(cells[0])
            i = cells[1]
            continue
        j = i
        while j < len(lines) and len(_cells(lines[j])) >= MIN_CELLS and not is_bar(lines[j]):
            j += 1
        if j - i >= 2:
            out.extend(table_lines([_cells(line) for line in lines[i:j]]))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def table_rows(lines: list[str]) -> set[int]:
    """Indexes of the lines that are rows of a table written by :func:`table_lines` (two or more
    lines in a row with the same number of cells): a header row is not a site's menu."""
    counts = [line.count(CELL_SEPARATOR) for line in lines]
    return {i for i, n in enumerate(counts) if n >= MIN_CELLS - 1
            and (i and counts[i - 1] == n or i + 1 < len(counts) and counts[i + 1] == n)}
