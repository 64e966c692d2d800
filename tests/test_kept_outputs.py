"""Outputs made from every page or every notice (the trimmed stylesheet, open data, figures) kept
in the build cache by everything they are made from: a warm build whose inputs are the same
writes the kept bytes without making them again; a changed input makes them again, the same
bytes as a build without the cache."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from noticeboard.mkdocs_plugin import material as material_module
from noticeboard.mkdocs_plugin.material import PALETTE, TRIMMED, Stylesheet
from noticeboard.site.cache import Store

TEMPLATES = Path(material.__file__).parent / "templates"
PAGE = '<html><body><div class="md-banner"><p class="md-status--new">新</p></div><script>var a = "md-tooltip2";</script></body></html>'


def _write(site: Path, pages: dict[str, str], store: Store | None, scripts: list[Path] = ()) -> tuple[str, str]:
    """The stylesheet of a site whose pages ``pages`` (path → HTML) were written by the build."""
    sheet = Stylesheet(TEMPLATES, trimmed=True)
    for name, html in pages.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        sheet.written(str(path), html)
    sheet.write(site, list(scripts), [], store)
    return (site / TRIMMED).read_text(encoding="utf-8"), (site / PALETTE).read_text(encoding="utf-8")


@pytest.fixture
def trims(monkeypatch) -> list[int]:
    """Counts each trimming of Material's stylesheet (the real function runs)."""
    made: list[int] = []
    real = material_module.trim
    monkeypatch.setattr(material_module, "trim", lambda css, names: made.append(1) or real(css, names))
    return made


def test_the_trimmed_stylesheet_is_kept_by_the_pages_uses(tmp_path: Path, trims: list[int]):
    store = Store(tmp_path / "cache")
    first = _write(tmp_path / "a", {"a/index.html": PAGE}, store)
    assert len(trims) == 1
    again = _write(tmp_path / "b", {"a/index.html": PAGE, "b/index.html": PAGE}, store)  # the same uses: kept, not trimmed again
    assert len(trims) == 1 and again == first
    assert _write(tmp_path / "c", {"a/index.html": PAGE}, None) == first  # as without the cache


@pytest.mark.parametrize("change", ["page", "unread page", "script", "corrupt"])
def test_a_changed_use_trims_the_stylesheet_again(tmp_path: Path, trims: list[int], change: str):
    """A page using another class (written by the build, or only found in the site), a script
    the pages load naming another, or a kept entry gone bad: trimmed again, as without the cache."""
    store = Store(tmp_path / "cache")
    script = tmp_path / "extra.js"
    script.write_text('el.classList.add("md-nav__link");', encoding="utf-8")
    first = _write(tmp_path / "a", {"a/index.html": PAGE}, store, [script])
    pages = {"a/index.html": PAGE}
    if change == "page":
        pages["b/index.html"] = PAGE.replace("md-banner", "md-search__input")
    elif change == "unread page":  # in the site, not written by the build (404.html, a redirect): read after it
        (tmp_path / "b" / "404.html").parent.mkdir(parents=True)
        (tmp_path / "b" / "404.html").write_text(PAGE.replace("md-banner", "md-search__input"), encoding="utf-8")
    elif change == "script":
        script.write_text('el.classList.add("md-search__input");', encoding="utf-8")
    else:
        for entry in (tmp_path / "cache" / "stylesheets").rglob("*"):
            if entry.is_file():
                entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    again = _write(tmp_path / "b", pages, store, [script])
    assert len(trims) == 2
    if change != "corrupt":
        assert again != first
    (tmp_path / "c").mkdir()
    if change == "unread page":
        (tmp_path / "c" / "404.html").write_bytes((tmp_path / "b" / "404.html").read_bytes())
    assert _write(tmp_path / "c", pages, None, [script]) == again


NOTICE = "notices/2021/2021-07-05-nanjing-dsj.yml"
CHANGES = {  # an input of the kept outputs: (file, text, replaced by)
    "title": (NOTICE, "title: ", "title: 更正 "),
    "date": (NOTICE, "published: 2021-07-05", "published: 2021-07-06"),
    "issuer": (NOTICE, "issuer: nanjing-dsj", "issuer: {name: 另一个党组, region: 江苏省}"),
    "figures": (NOTICE, "status: done", "status: in_progress"),
    "withdrawal": (NOTICE, "kind: progress\n", "kind: progress\nstatus: withdrawn\nwithdrawn_reason: 内容有误。\n"),
    "issuers.yml": ("notices/issuers.yml", "region: 江苏省南京市", "region: 江苏省"),
    "site_url": ("mkdocs.yml", "site_url: https://example.org/notices/", "site_url: https://example.net/board/"),
    "site_name": ("mkdocs.yml", "site_name: 测试站点", "site_name: 另一个站点"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_warm_build_makes_again_only_the_summaries_its_change_touches(project: Path, tmp_path: Path, monkeypatch, trims: list[int], change: str):
    """api/notices.json: each notice's part is kept by its notice's key and its series; after a
    change of one notice only that notice's part is made again (after a change of what every
    notice's is made from, each), the stylesheet is trimmed again only where the pages' uses
    changed, and the site is a cold build's (test_cache.warm_equals_cold compares every file)."""
    from test_cache import warm_equals_cold

    from noticeboard.site import opendata

    made: list[str] = []
    real = opendata.summary
    monkeypatch.setattr(opendata, "summary", lambda e, site, series=None: made.append(e.slug) or real(e, site, series))
    name, old, new = CHANGES[change]
    built: list[int] = []

    def look(site: Path) -> None:
        built.append(len(made))
        made.clear()
        trims.clear()

    def edit(p: Path) -> None:
        text = (p / name).read_text(encoding="utf-8")
        assert old in text
        (p / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    warm_equals_cold(project, tmp_path, edit, look)
    warm = made[:len(made) - built[0]]  # the cold build of the changed copy made each again: not the warm build's
    if name == NOTICE:
        assert warm == ["2021-07-05-nanjing-dsj"]
    elif change == "site_name":
        assert warm == []  # no summary shows it (the feeds do: their titles)
    else:
        assert len(warm) == built[0]  # every notice's summary
    if change in ("title", "date"):
        assert trims == [1]  # the cold build's only: the warm one's pages use what the last build's did


def test_a_build_computes_the_archives_figures_once(project: Path, tmp_path: Path, monkeypatch):
    """The page stats/ and api/stats.json show the same figures of the same notices: made once
    per build, not once for each."""
    from test_cache import nb_build

    from noticeboard import figures

    made: list[int] = []
    real = figures.problems_per_year  # one call per computation of the figures
    monkeypatch.setattr(figures, "problems_per_year", lambda chains: made.append(1) or real(chains))
    nb_build(project, tmp_path / "site")
    assert made == [1]
    assert "problems-per-year" in (tmp_path / "site" / "api" / "stats.json").read_text(encoding="utf-8")



IN_SERIES = "notices/2024/2024-09-20-wlj-progress.yml"  # the record fixture: the second of a series of three
SERIES_CHANGES = {  # an input of the series blocks: (file, text, replaced by)
    "title": (IN_SERIES, "title: ", "title: 更正 "),
    "date": (IN_SERIES, "published: 2024-09-20", "published: 2024-09-21"),
    "issuers.yml": ("notices/issuers.yml", "name: 中共青禾市文化和旅游局党组", "name: 中共青禾市文化广电和旅游局党组"),
}


@pytest.mark.parametrize("change", sorted(SERIES_CHANGES))
def test_a_warm_build_makes_again_only_the_series_blocks_its_change_touches(tmp_path: Path, monkeypatch, change: str):
    """A notice page's block of its place in its inspection series is kept by the series'
    notices: after a change of one notice only the blocks of that notice's series are made again
    (after a change of what every block is made from, each), and the site is a cold build's."""
    import shutil

    from paths import RECORD_SITE
    from test_cache import warm_equals_cold

    from noticeboard.site import plan

    project = tmp_path / "record"
    shutil.copytree(RECORD_SITE, project)
    made: list[str] = []
    real = plan.series_block
    monkeypatch.setattr(plan, "series_block", lambda series, e, site: made.append(e.source) or real(series, e, site))
    name, old, new = SERIES_CHANGES[change]
    cold: list[list[str]] = []

    def look(site: Path) -> None:
        cold.append(list(made))
        made.clear()

    def edit(p: Path) -> None:
        text = (p / name).read_text(encoding="utf-8")
        assert old in text
        (p / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    warm_equals_cold(project, tmp_path / "builds", edit, look)
    warm = made[:len(made) - len(cold[0])]  # the cold build of the changed copy made each again: not the warm build's
    series = sorted(s for s in cold[0] if "wlj" in s)
    assert len(series) == 3 and len(cold[0]) > 3  # the fixture: a series of three, and other series
    if name == IN_SERIES:
        assert sorted(warm) == series  # that notice's series only
    else:
        assert sorted(warm) == sorted(cold[0])  # every block
