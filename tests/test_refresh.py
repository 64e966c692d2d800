"""``noticeboard serve``'s refresh after a saved notice (NoticeboardPlugin.refresh): only the
pages the change touches are rewritten, and the preview site is then byte for byte the one a full
preview build of the changed project makes."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from noticeboard.project import load_project
from noticeboard.site.memo import Memo
from paths import FIXTURE_SITE
from test_cache import same_tree

SERVE_URL = "http://127.0.0.1:8000/notices/"
NOTICE = "notices/2021/2021-07-05-nanjing-dsj.yml"


@pytest.fixture(autouse=True)
def back_to_build():
    """MkDocs keeps one plugin instance per process: the other tests' builds are builds again."""
    yield
    config = load_config(str(FIXTURE_SITE / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)


def preview_build(project: Path, site: Path):
    """A full build as ``noticeboard serve`` makes it (drafts, 预览); the plugin."""
    with contextlib.chdir(project):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = SERVE_URL
        mkdocs_build(config, serve_url=SERVE_URL)
    return config.plugins["noticeboard"]


def mtimes(site: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}


@pytest.mark.parametrize("old, new", [("title: ", "title: 更正："), ("成立巡察整改工作领导小组", "成立巡察整改工作专班")])
def test_refresh_equals_a_full_preview_build(project: Path, tmp_path: Path, old: str, new: str):
    path = project / NOTICE
    text = path.read_text(encoding="utf-8")
    assert old in text
    plugin = preview_build(project, tmp_path / "served")
    before = mtimes(tmp_path / "served")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with contextlib.chdir(project):
        assert plugin.refresh()
        plugin.write_outputs()
    rewritten = {p.relative_to(tmp_path / "served").as_posix() for p, t in mtimes(tmp_path / "served").items() if before[p] != t}
    assert "notices/2021/2021-07-05-nanjing-dsj/index.html" in rewritten
    assert len(rewritten) < len(before) / 2
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache"))
    preview_build(fresh, tmp_path / "full")
    same_tree(tmp_path / "served", tmp_path / "full")


def test_refresh_declines_when_pages_come_or_go(project: Path, tmp_path: Path):
    plugin = preview_build(project, tmp_path / "served")
    (project / NOTICE).unlink()
    with contextlib.chdir(project):
        assert not plugin.refresh()  # the page set changed: a full build follows


def test_the_saved_notice_shows_first_and_its_listings_follow(project: Path, tmp_path: Path):
    """refresh() writes the saved notice's own page (what the reviewer looks at) and returns; the
    listings that show its title follow in write_outputs(), as the banner says."""
    served = tmp_path / "served"
    plugin = preview_build(project, served)
    path = project / NOTICE
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")
    listing = served / "archive/2021/index.html"
    assert "大数据管理局" in listing.read_text(encoding="utf-8")
    with contextlib.chdir(project):
        assert plugin.refresh()
        assert "更正：" in (served / "notices/2021/2021-07-05-nanjing-dsj/index.html").read_text(encoding="utf-8")
        assert "更正：" not in listing.read_text(encoding="utf-8")
        assert plugin.write_outputs() is not None
    assert "更正：" in listing.read_text(encoding="utf-8")


def test_a_listing_page_that_comes_asks_for_a_full_build(project: Path, tmp_path: Path):
    """A kind no other notice has makes its listing page: the refresh shows the notice, then
    write_outputs() says the site needs a full build (the preview server then makes one)."""
    plugin = preview_build(project, tmp_path / "served")
    path = project / NOTICE
    path.write_text(path.read_text(encoding="utf-8").replace("kind: progress", "kind: review", 1), encoding="utf-8")
    with contextlib.chdir(project):
        assert plugin.refresh()
        assert plugin.write_outputs() is None


def titles(project) -> list[tuple[str, str]]:
    return [(e.source, e.notice.title) for e in project.entries]


def test_a_save_reads_the_saved_file_only(project: Path):
    """Under serve the watcher names what changed: a save of one notice reads that file, not the
    archive (at 10,000 notices the log said "reading notices: 10000 of 10000" on every save),
    and the load is the one a fresh load of the folder gives; the other notices are the very
    objects the last load made."""
    memo = Memo()
    before = load_project(project, memo=memo)
    path = project / NOTICE
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")
    read: list[tuple[int, int]] = []
    after = load_project(project, memo=memo, changed=[str(path)], progress=lambda done, total: read.append((done, total)))
    assert read == [(1, 1)]
    assert titles(after) == titles(load_project(project)) != titles(before)
    kept = {e.source: e.notice for e in before.entries if e.source != NOTICE}
    assert all(e.notice is kept[e.source] for e in after.entries if e.source != NOTICE)


def test_what_a_watcher_names_besides_notices_is_not_read_and_a_new_notice_is(project: Path):
    """An editor's swap and probe files come and go beside the notice it saves: nothing is read
    for them. A notice that came, or went, is found as a walk of the folder finds it."""
    memo = Memo()
    load_project(project, memo=memo)
    folder = project / "notices/2021"
    (folder / ".2021-07-05-nanjing-dsj.yml.swp").write_bytes(b"\0binary")
    noise = [folder / ".2021-07-05-nanjing-dsj.yml.swp", folder / "4913", folder / "2021-07-05-nanjing-dsj.yml~", folder]
    read: list[tuple[int, int]] = []
    same = load_project(project, memo=memo, changed=[str(p) for p in noise], progress=lambda done, total: read.append((done, total)))
    assert read == [] and titles(same) == titles(load_project(project))
    copy = folder / "2021-07-06-copy.yml"
    text = (project / NOTICE).read_text(encoding="utf-8")
    copy.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("former_slugs:")), encoding="utf-8")
    more = load_project(project, memo=memo, changed=[str(copy)])
    assert "notices/2021/2021-07-06-copy.yml" in dict(titles(more)) and titles(more) == titles(load_project(project))
    (project / NOTICE).unlink()
    fewer = load_project(project, memo=memo, changed=[str(project / NOTICE)])
    assert NOTICE not in dict(titles(fewer)) and titles(fewer) == titles(load_project(project))
