"""The archive in figures: what ``/stats/`` charts and tabulates, and ``/api/`` publishes as CSV
and JSON — one set of :class:`Figure` tables, computed here from the notices a build shows.

Withdrawn notices are not counted. Problems are counted per inspection: the later notices of a
series list again the problems of the earlier ones, so each notice adds only what its figures
raise (its total beyond the largest total stated before it in the series, its done beyond the
largest done), in the year it was published. A notice in no series counts on its own. Figures
are those the notices state (:meth:`Notice.tally`): nothing is estimated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .entry import Entry
from .labels import KIND_LABELS
from .model import Status
from .series import Series, group, same_as_last


@dataclass(frozen=True)
class Column:
    key: str  # for CSV headers and JSON keys
    label: str  # shown on the page


@dataclass(frozen=True)
class Row:
    key: str | int  # the category as data: a year, a kind
    label: str  # as shown
    values: tuple[int, ...]


@dataclass(frozen=True)
class Figure:
    """One table of figures and how it is charted: ``bars`` (a bar per column, side by side),
    ``stacked`` (the columns are parts of a whole), ``share`` (the second column is a part of
    the first, shown as a percentage)."""

    key: str
    title: str
    category: Column
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    chart: str
    note: str = ""
    legend: tuple[str, ...] = ()  # the pieces' names, when not the columns' (a share: rest, part)

    def share(self, row: Row) -> float | None:
        """For a ``share`` figure: the part's percentage of the whole, one decimal."""
        whole, part = row.values[0], row.values[1]
        return round(100 * part / whole, 1) if whole else None


def _year_rows(counts: dict[int, tuple[int, ...]]) -> tuple[Row, ...]:
    return tuple(Row(y, f"{y} 年", counts[y]) for y in sorted(counts))


def _chains(entries: list[Entry], series: list[Series]) -> list[list[Entry]]:
    """Each series' notices (not withdrawn) in date order, and each notice in no series alone."""
    in_series = {e.slug for s in series for e in s.entries}
    chains = [s.current for s in series if s.current]
    chains += [[e] for e in entries if e.slug not in in_series and e.notice.status is not Status.withdrawn]
    return chains


def problems_per_year(chains: list[list[Entry]]) -> dict[int, tuple[int, int]]:
    """``{year: (found, stated done)}``: what each notice's figures add to its series' before it."""
    found: Counter[int] = Counter()
    done: Counter[int] = Counter()
    years: set[int] = set()
    for chain in chains:
        top_total = top_done = 0
        for e in chain:
            t = e.notice.tally()
            if t is None:
                continue
            years.add(e.year)
            if t.total is not None and t.total > top_total:
                found[e.year] += t.total - top_total
                top_total = t.total
            if t.done is not None and t.done > top_done:
                done[e.year] += t.done - top_done
                top_done = t.done
    return {y: (found[y], done[y]) for y in years}


@same_as_last
def figures(entries: list[Entry]) -> tuple[Figure, ...]:
    """Every figure of the archive, from the entries a build shows (made once for the page and
    the open data: :func:`~noticeboard.series.same_as_last`)."""
    counted = [e for e in entries if e.notice.status is not Status.withdrawn]
    series, _ = group(entries)
    year = Column("year", "年份")
    out = [Figure(
        "notices-per-year", "各年发布的通报", year, (Column("notices", "通报（篇）"),),
        _year_rows({y: (n,) for y, n in Counter(e.year for e in counted).items()}), "bars",
        "按发布日期的年份计；已撤回的通报不计。")]
    kinds = Counter(e.notice.kind for e in counted)
    out.append(Figure(
        "notices-per-kind", "各类通报", Column("kind", "类型"), (Column("notices", "通报（篇）"),),
        tuple(Row(k.value, label, (kinds[k],)) for k, label in KIND_LABELS.items() if kinds[k]), "bars"))
    out.append(Figure(
        "problems-per-year", "各年发现的问题与表明已完成的问题", year,
        (Column("found", "发现的问题（个）"), Column("done", "表明已完成（个）")),
        _year_rows(problems_per_year(_chains(counted, series))), "bars",
        "按通报所载数字计（通报载明的总数，或逐项注明的状态）。同一次巡视巡察的后续通报会重复列出此前的问题："
        "每篇只计其数字比此前通报多出的部分，记入该篇发布的年份。"))
    listed: Counter[int] = Counter()
    unstated: Counter[int] = Counter()
    for e in counted:
        for p in e.notice.all_problems():
            listed[e.year] += 1
            unstated[e.year] += p.status is None
    out.append(Figure(
        "unstated-share", "未注明整改状态的问题所占比例", year,
        (Column("listed", "逐项列出的问题（项）"), Column("unstated", "其中未注明整改状态（项）")),
        _year_rows({y: (listed[y], unstated[y]) for y in listed}), "share",
        "按通报发布年份，计通报逐项列出的问题中未注明整改状态（已完成、推进中、长期坚持）的比例。",
        ("注明整改状态", "未注明整改状态")))
    by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for s in series:
        if not s.current:
            continue
        insp = s.inspection()
        start = (insp.feedback or insp.start or insp.end) if insp else None
        by_year[(start or s.current[0].notice.published).year][1 if s.complete else 0] += 1
    out.append(Figure(
        "series-open", "尚在整改的巡视巡察", Column("year", "反馈年份"),
        (Column("open", "尚未表明整改完成（次）"), Column("complete", "已表明整改完成（次）")),
        _year_rows({y: tuple(v) for y, v in by_year.items()}), "stacked",
        "每次巡视巡察按其反馈年份（未载明的，按其首篇通报的年份）计；最近一篇通报所载数字表明问题均已完成或转为长期坚持的，计为已表明整改完成。"))
    return tuple(out)
