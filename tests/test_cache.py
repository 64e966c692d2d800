"""The build cache (.cache/noticeboard/): a warm ``noticeboard build`` writes the same bytes as a
cold one, a change reconverts and re-renders exactly the pages it touches (the others are taken
from the live site), and a bad cache entry or a page changed in the site is rebuilt, never used."""

from __future__ import annotations

import contextlib
import errno
import filecmp
import gzip
import json
import logging
import os
import shutil
import threading
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from noticeboard.mkdocs_plugin.driver import BuildFailed, build_site
from noticeboard.mkdocs_plugin.reuse import KIND as MANIFESTS
from noticeboard.render import environment as environment_module
from noticeboard.site.cache import CACHE_DIR, Store
from noticeboard.stash import Stash

NOTICE = "notices/2021/2021-07-05-nanjing-dsj.yml"


def build(project: Path, site: Path) -> dict[str, str]:
    """A real ``mkdocs build --strict``; the plugin's ``{src_uri: cache key}`` of converted pages."""
    with contextlib.chdir(project):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        mkdocs_build(config)
    return dict(config.plugins["noticeboard"].sources)


class Built:
    """What one ``noticeboard build`` (the driver, as the CLI runs it) made of the generated pages."""

    def __init__(self, config):
        plugin = config.plugins["noticeboard"]
        self.keys: dict[str, str] = dict(plugin.sources)  # notice page → cache key of its converted HTML
        self.generated: set[str] = set(plugin.generated)
        self.reused: set[str] = set(plugin.reuse.reused)  # taken from the live site, not rendered


def nb_build(project: Path, site: Path) -> Built:
    """``noticeboard build --site-dir site``: staged, the live site's unchanged pages reused."""
    with contextlib.chdir(project):
        return Built(build_site(project / "mkdocs.yml", site))


def entries(project: Path, kind: str = "pages") -> set[str]:
    return {p.name for p in (project / CACHE_DIR / kind).rglob("*") if p.is_file()}


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def same_tree(a: Path, b: Path) -> None:
    left = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert left == right
    _, mismatch, errors = filecmp.cmpfiles(a, b, left, shallow=False)
    assert mismatch == [] and errors == []


def flip_bit(path: Path, at: int) -> None:
    """The lowest bit of ``path``'s byte ``at`` (negative: from its end) flipped: a cache entry
    gone bad, its length unchanged."""
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def warm_equals_cold(project: Path, tmp_path: Path, change, look=None) -> tuple[dict, set, set, Built]:
    """Build cold, apply ``change``, build warm into the same site; compare with a cold build of a
    fresh copy of the changed project. Returns the warm build's keys, the cache entries before and
    after it, and what the warm build reused. ``look(site)`` is called between the two builds."""
    site = tmp_path / "site"
    first = nb_build(project, site)
    assert not first.reused, "nothing to reuse on the first build"
    if look is not None:
        look(site)
    before = entries(project)
    assert before, "the first build filled the cache"
    read = entries(project, "notice-text")  # a notice file read and checked keeps its whole text by its bytes
    change(project)
    warm = nb_build(project, site)
    after = entries(project)
    warm.read_again = entries(project, "notice-text") - read  # notice files read and checked again
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache"))
    cold = nb_build(fresh, tmp_path / "cold")
    assert not cold.reused
    same_tree(site, tmp_path / "cold")
    return warm.keys, before, after, warm


def rendered_notices(warm: Built) -> set[str]:
    """The notice pages MkDocs rendered in a warm build (not taken from the live site)."""
    return set(warm.keys) - warm.reused


def test_one_changed_notice_reconverts_that_page_only(project: Path, tmp_path: Path):
    def change(p: Path) -> None:
        path = p / NOTICE
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")

    keys, before, after, warm = warm_equals_cold(project, tmp_path, change)
    new = {uri for uri, key in keys.items() if key not in before}
    assert new == {"notices/2021/2021-07-05-nanjing-dsj.md"}
    assert len(warm.read_again) == 1  # the other files' checked notices came from the cache
    assert rendered_notices(warm) == new  # the other notice pages came from the live site
    # the listings that show its title were rendered again; a listing it is not on was not
    listings = warm.generated - set(keys)
    assert listings - warm.reused and listings & warm.reused
    for uri in listings & warm.reused:
        assert "更正：" not in (tmp_path / "site" / uri.removesuffix(".md").removesuffix("index") / "index.html").read_text(encoding="utf-8")
    assert "更正：" in (tmp_path / "site" / "notices/2021/2021-07-05-nanjing-dsj/index.html").read_text(encoding="utf-8")


def files(site: Path, *folders: str) -> dict[str, tuple[int, bytes]]:
    """Each file under ``folders`` of ``site``: its inode and bytes."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for folder in folders
            for p in sorted((site / folder).rglob("*")) if p.is_file()}


def test_one_changed_notice_rewrites_only_the_feeds_open_data_and_search_files_it_changes(project: Path, tmp_path: Path, caplog):
    """Feeds, each notice's open data and the search index's files: a warm build takes every
    one whose bytes are unchanged from the live site (the same file, not written again) and
    writes only those the change touches, the search index patched rather than built again; the
    site equals a cold build."""
    caplog.set_level(logging.INFO, logger="mkdocs")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: false", "search: true"), encoding="utf-8")
    site = tmp_path / "site"
    kinds = ("feed.xml", "feed.atom", "issuers", "inspections", "api/notices", "search/s", "search/d")
    before: dict[str, tuple[int, bytes]] = {}
    page = "notices/2021/2021-07-05-nanjing-dsj/"

    def change(p: Path) -> None:
        path = p / NOTICE
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")

    *_, warm = warm_equals_cold(project, tmp_path, change, lambda site: before.update(files(site, *kinds)))
    after = files(site, *kinds)
    assert after.keys() == before.keys()
    rewritten = {rel for rel, (ino, _) in after.items() if ino != before[rel][0]}
    changed = {rel for rel, (_, data) in after.items() if data != before[rel][1]}
    feeds = {rel for rel in after if rel.rsplit("/", 1)[-1].startswith("feed.")}
    assert rewritten == changed  # nothing whose bytes are unchanged was written again
    # the feeds that list the notice (the site's, its issuer's, its inspection's), no other
    assert rewritten & feeds == {rel for rel in feeds if page in after[rel][1].decode("utf-8")}
    assert feeds - rewritten
    assert {rel for rel in rewritten if rel.startswith("api/")} == {"api/notices/2021/2021-07-05-nanjing-dsj.json"}
    # the search index: the changed document's two files, and only some of the shards
    docs = {rel for rel in rewritten if rel.startswith("search/d/")}
    assert len(docs) == 2 and all("更正：" in gzip.decompress(after[rel][1]).decode("utf-8") for rel in docs)
    shards = [rel for rel in after if rel.startswith("search/s/")]
    assert 0 < len(rewritten & set(shards)) < len(shards)
    assert sum("(patched: 1 documents" in r.getMessage() for r in caplog.records) == 1  # the warm build's; the cold builds' in full


def test_deleted_notice(project: Path, tmp_path: Path):
    keys, _, _, warm = warm_equals_cold(project, tmp_path, lambda p: (p / NOTICE).unlink())
    assert "notices/2021/2021-07-05-nanjing-dsj.md" not in keys
    assert not (tmp_path / "site" / "notices/2021/2021-07-05-nanjing-dsj").exists()
    assert warm.reused  # the other notices' pages came from the live site


def test_issuers_file_change(project: Path, tmp_path: Path):
    issuers = project / "notices" / "issuers.yml"
    text = issuers.read_text(encoding="utf-8")
    assert "name: " in text

    def change(p: Path) -> None:
        issuers.write_text(text.replace("name: ", "name: 改名后的", 1), encoding="utf-8")

    keys, before, _, warm = warm_equals_cold(project, tmp_path, change)
    assert any(key not in before for key in keys.values())
    assert not warm.reused  # issuers.yml is in every page's key


def test_template_change_reconverts_every_page_using_it_and_nothing_else(project: Path, tmp_path: Path, monkeypatch):
    """The contact list partial is on the pages of notices with a contact only."""
    env = environment_module.environment()
    source, _, _ = env.loader.get_source(env, "_contact_list.md.j2")

    def change(p: Path) -> None:
        changed = env.overlay(loader=ChoiceLoader([DictLoader({"_contact_list.md.j2": source + "\n<p>模板已更改</p>\n"}), env.loader]))
        monkeypatch.setattr(environment_module, "environment", lambda: changed)

    keys, before, _, warm = warm_equals_cold(project, tmp_path, change)
    reconverted = {uri for uri, key in keys.items() if key not in before}
    with_contact = {uri for uri in keys
                    if "模板已更改" in (tmp_path / "site" / uri.removesuffix(".md") / "index.html").read_text(encoding="utf-8")}
    assert with_contact and with_contact != set(keys)
    assert reconverted == with_contact
    assert rendered_notices(warm) == with_contact  # the pages without a contact came from the live site


def test_theme_template_change_renders_every_page_again(project: Path, tmp_path: Path):
    """A template of the site's theme (custom_dir) is on every page: none is reused."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  language: zh\n", "  language: zh\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    (project / "overrides").mkdir()
    main = project / "overrides" / "main.html"
    main.write_text('{% extends "base.html" %}\n', encoding="utf-8")

    def change(p: Path) -> None:
        main.write_text('{% extends "base.html" %}\n{% block announce %}<p>站点公告已更改</p>{% endblock %}\n', encoding="utf-8")

    keys, _, _, warm = warm_equals_cold(project, tmp_path, change)
    assert not warm.reused
    assert "站点公告已更改" in (tmp_path / "site" / "notices/2021/2021-07-05-nanjing-dsj/index.html").read_text(encoding="utf-8")


def test_page_changed_in_the_site_is_rendered_again(project: Path, tmp_path: Path):
    """A page edited or replaced in the site since it was built is not trusted: it is rendered
    again, and the site equals a cold build."""
    site = tmp_path / "site"
    nb_build(project, site)
    page = site / "notices/2021/2021-07-05-nanjing-dsj/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()
    page.write_text(text.replace("<h1", "<h1 data-edited", 1), encoding="utf-8")  # a new file, same name
    warm = nb_build(project, site)
    assert "notices/2021/2021-07-05-nanjing-dsj.md" not in warm.reused and warm.reused
    nb_build(project, tmp_path / "cold")
    same_tree(site, tmp_path / "cold")


def test_corrupt_manifest_means_a_cold_build(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    nb_build(project, site)
    [manifest] = [p for p in (project / CACHE_DIR / MANIFESTS).rglob("*") if p.is_file()]
    flip_bit(manifest, -5)
    assert not nb_build(project, site).reused
    assert nb_build(project, site).reused  # the manifest was written again


def test_failed_warm_build_leaves_the_site_untouched(project: Path, tmp_path: Path):
    """A warm build that fails after taking pages from the live site (hard links into its
    staging folder) leaves every file of the site as it was."""
    site = tmp_path / "site"
    nb_build(project, site)
    before = snapshot(site)
    (project / "docs" / "broken.md").write_text("# 坏链接\n\n[无此页](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        nb_build(project, site)
    assert snapshot(site) == before
    assert not list(tmp_path.glob(".site.new-*"))


def test_corrupt_or_partial_entries_are_rebuilt(project: Path, tmp_path: Path):
    keys = build(project, tmp_path / "first")
    store = Store(project / CACHE_DIR)
    # the notice pages' entries (the store holds the other generated pages' too)
    paths = sorted(p for p in (project / CACHE_DIR / "pages").rglob("*") if p.is_file() and p.name in keys.values())
    assert len(paths) == len(keys) >= 2
    paths[0].write_bytes(paths[0].read_bytes()[:-40])  # cut short
    flip_bit(paths[1], -10)
    build(project, tmp_path / "again")
    same_tree(tmp_path / "first", tmp_path / "again")
    assert all(store.has("pages", key) for key in keys.values())


def test_build_clean_ignores_the_cache(project: Path, tmp_path: Path):
    from click.testing import CliRunner

    from noticeboard.cli import main

    keys = build(project, tmp_path / "first")
    # a sound entry with other content (as if written by another version): a warm build uses
    # what the cache holds, --clean converts afresh
    uri = "notices/2021/2021-07-05-nanjing-dsj.md"
    store = Store(project / CACHE_DIR)
    store.put("pages", keys[uri], b'{"html": "<p>\\u9648\\u65e7</p>", "toc": []}')  # 陈旧
    runner = CliRunner()
    with contextlib.chdir(project):
        stale = runner.invoke(main, ["build", "--site-dir", str(tmp_path / "stale")])
        clean = runner.invoke(main, ["build", "--clean", "--site-dir", str(tmp_path / "clean")])
    assert stale.exit_code == 0 and clean.exit_code == 0, stale.output + clean.output
    page = "notices/2021/2021-07-05-nanjing-dsj/index.html"
    assert "陈旧" in (tmp_path / "stale" / page).read_text(encoding="utf-8")
    assert "陈旧" not in (tmp_path / "clean" / page).read_text(encoding="utf-8")
    assert store.get("pages", keys[uri]) is not None  # --clean leaves the cache alone


@pytest.mark.parametrize("cut", [0, 5, 36])
def test_store_refuses_short_entries(tmp_path: Path, cut: int):
    store = Store(tmp_path)
    store.put("pages", "ab" * 16, b"payload")
    path = next(p for p in tmp_path.rglob("*") if p.is_file())
    path.write_bytes(path.read_bytes()[:cut])
    assert store.get("pages", "ab" * 16) is None
    assert not path.exists()


def test_corrupt_notice_entries_are_read_again(project: Path, tmp_path: Path):
    """What the last build read of the notice files (one record: their lean entries) that fails
    its checksum is never used: every file is read and checked again, and the site is the same."""
    from noticeboard.project import FILES

    nb_build(project, tmp_path / "first")
    [record] = [p for p in (project / CACHE_DIR / FILES).rglob("*") if p.is_file()]
    flip_bit(record, len(record.read_bytes()) // 2)  # inside a lean entry
    nb_build(project, tmp_path / "again")
    same_tree(tmp_path / "first", tmp_path / "again")
    assert Store(project / CACHE_DIR).has(FILES, record.name)  # recorded again, sound


def test_unreadable_notice_entries_are_read_again(project: Path, tmp_path: Path):
    """A sound record that cannot be unpickled (as one made by another Python or library version)
    is not used: the files are read and checked again, and the site is the same."""
    from noticeboard.project import FILES

    nb_build(project, tmp_path / "first")
    store = Store(project / CACHE_DIR)
    [name] = [p.name for p in (project / CACHE_DIR / FILES).rglob("*") if p.is_file()]
    store.put(FILES, name, b"not a pickle")
    nb_build(project, tmp_path / "again")
    same_tree(tmp_path / "first", tmp_path / "again")


def test_a_notice_whose_whole_text_went_from_the_cache_is_read_again(project: Path, tmp_path: Path):
    """A warm load does not read an unchanged notice's whole text (kind notice-text) to know it
    is there, it looks at its file: one gone is made again from the notice file, and a build that
    must make every page again (issuers.yml changed) gives the same site as a cold build."""
    site = tmp_path / "site"
    nb_build(project, site)
    texts = [p for p in (project / CACHE_DIR / "notice-text").rglob("*") if p.is_file()]
    assert len(texts) == 4  # every notice file of the fixture
    for path in texts:
        path.unlink()
    issuers = project / "notices" / "issuers.yml"
    issuers.write_text(issuers.read_text(encoding="utf-8").replace("name: ", "name: 改名后的", 1), encoding="utf-8")
    assert not nb_build(project, site).reused
    same_tree(site, cold_copy(project, tmp_path))
    assert {p.name for p in (project / CACHE_DIR / "notice-text").rglob("*") if p.is_file()} == {p.name for p in texts}


def test_a_notice_whose_whole_text_went_bad_fails_the_build_that_needs_it_then_is_read_again(project: Path, tmp_path: Path):
    """A whole text that went bad in the cache keeping its size is found bad where a build reads
    it: that build fails saying which entry and what to do, the site stays as it was, the entry
    is removed; the next build reads the notice file again and gives the same site as a cold one."""
    from noticeboard.stash import FULL

    site = tmp_path / "site"
    nb_build(project, site)
    before = snapshot(site)
    # a published notice without attachments (a load reads the whole text of one with them, to check them again)
    [text] = [p for p in (project / CACHE_DIR / FULL).rglob("*") if p.is_file() and "某某局党组".encode() in p.read_bytes()]
    flip_bit(text, -3)
    issuers = project / "notices" / "issuers.yml"
    issuers.write_text(issuers.read_text(encoding="utf-8").replace("name: ", "name: 改名后的", 1), encoding="utf-8")  # every page made again
    with pytest.raises(BuildFailed, match=f"notices/.*\\.yml: the build cache's copy of its text \\({FULL} {text.name}\\) is gone or went bad.*build again"):
        nb_build(project, site)
    assert snapshot(site) == before
    assert not text.exists()
    nb_build(project, site)
    same_tree(site, cold_copy(project, tmp_path))


def test_a_warm_build_reads_no_cache_entry_of_an_unchanged_notice_file(project: Path, tmp_path: Path, monkeypatch):
    """The load of a warm build reads one record of the notice files, not an entry per notice:
    an unchanged notice costs a look at its file and at its whole text's entry (their sizes), no
    read of the cache, no checksum, no worker; the changed notice alone is read and checked."""
    from noticeboard import project as project_module
    from noticeboard.site import cache as cache_module

    site = tmp_path / "site"
    nb_build(project, site)
    retitle(project)
    got: list[str] = []
    real_get, real_read = cache_module.Store.get, project_module._read_lean
    monkeypatch.setattr(cache_module.Store, "get", lambda self, kind, key: got.append(kind) or real_get(self, kind, key))
    read: list[str] = []
    monkeypatch.setattr(project_module, "_read_lean", lambda path, *a, **k: read.append(path.name) or real_read(path, *a, **k))
    project_module.load_project(project, stash=Stash(tmp_path / "stash", Store(project / CACHE_DIR)), cache=Store(project / CACHE_DIR))
    assert got == [project_module.FILES]
    assert read == [Path(NOTICE).name]


@pytest.mark.parametrize("how", ["touched", "same size and time", "record cut short"])
def test_a_warm_build_after_a_file_was_touched_or_rewritten_or_its_record_cut_is_the_cold_build(project: Path, tmp_path: Path, how: str):
    """A notice file touched without a change (read again: its identity changed; same lean entry),
    one whose bytes changed keeping its size and modification time (its change time did not), and
    a record of the notice files cut short (not used: every file read): each build gives the
    site a cold build of the same project gives."""
    from noticeboard.project import FILES

    site = tmp_path / "site"
    nb_build(project, site)
    path = project / NOTICE
    st = path.stat()
    if how == "touched":
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    elif how == "same size and time":
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("巡察", "巡视", 1), encoding="utf-8")  # the same length in bytes
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert text != path.read_text(encoding="utf-8") and path.stat().st_mtime_ns == st.st_mtime_ns
    else:
        [record] = [p for p in (project / CACHE_DIR / FILES).rglob("*") if p.is_file()]
        record.write_bytes(record.read_bytes()[: record.stat().st_size // 2])
    nb_build(project, site)
    same_tree(site, cold_copy(project, tmp_path))


def test_series_data_is_made_again_only_for_the_series_whose_notices_changed(project: Path, tmp_path: Path, monkeypatch):
    """api/inspections.json: each series' part is kept in the build cache by its notices' keys;
    a changed notice has only its own series' part made again, and the file is the same bytes as
    one written without the cache."""
    from noticeboard.project import load_project
    from noticeboard.series import group
    from noticeboard.site import inspections
    from noticeboard.site.keep import Keep
    from noticeboard.urls import Urls

    entries = load_project(project).visible()
    series, _ = group(entries)
    assert len(series) >= 2
    site = Urls(site_url="https://example.org/notices/")
    store = Store(tmp_path / "cache")
    made: list[str] = []
    real = inspections.series_data
    monkeypatch.setattr(inspections, "series_data", lambda s, u: made.append(s.slug) or real(s, u))
    keys = {e.page: f"key of {e.page}" for e in entries}
    inspections.write_series_data(series, tmp_path / "a", site, Keep(lambda dests, key: False, keys, store))
    assert sorted(made) == sorted(s.slug for s in series)
    made.clear()
    changed = series[0].entries[0].page
    keys[changed] = "another key"
    inspections.write_series_data(series, tmp_path / "b", site, Keep(lambda dests, key: False, keys, store))
    assert made == [series[0].slug]
    inspections.write_series_data(series, tmp_path / "c", site)
    assert (tmp_path / "b/api/inspections.json").read_bytes() == (tmp_path / "c/api/inspections.json").read_bytes()


def test_a_kept_pages_use_of_the_stylesheet_is_recalled_from_the_cache_not_read(tmp_path: Path):
    """A warm build keeps most pages of the site as they are; what each takes of Material's
    stylesheet (its classes, inline scripts, palette) comes from the build cache by the key the
    last build recorded, so the trimmed stylesheet is the cold build's without reading them."""
    import material

    from noticeboard.mkdocs_plugin.material import TRIMMED, Stylesheet

    templates = Path(material.__file__).parent / "templates"
    store = Store(tmp_path / "cache")
    page = '<html><body><div class="md-banner"><p class="md-status--new">新</p></div><script>var a = "md-tooltip2";</script></body></html>'
    cold = Stylesheet(templates, trimmed=True)
    (tmp_path / "cold" / "a").mkdir(parents=True)
    (tmp_path / "cold" / "a" / "index.html").write_text(page, encoding="utf-8")
    cold.written(str(tmp_path / "cold" / "a" / "index.html"), page)
    cold.write(tmp_path / "cold", [], [])
    [key] = cold.keep(store).values()
    warm = Stylesheet(templates, trimmed=True)
    assert not warm.recall(str(tmp_path / "warm" / "a" / "index.html"), "0" * 32, store)  # not in the cache: read after the build
    assert warm.recall(str(tmp_path / "warm" / "a" / "index.html"), key, store)
    (tmp_path / "warm").mkdir()  # the page is not there to be read: its uses come from the cache
    warm.write(tmp_path / "warm", [], [])
    css = (tmp_path / "warm" / TRIMMED).read_text(encoding="utf-8")
    assert css == (tmp_path / "cold" / TRIMMED).read_text(encoding="utf-8")
    none = Stylesheet(templates, trimmed=True)  # a site without the page
    (tmp_path / "none").mkdir()
    none.write(tmp_path / "none", [], [])
    assert css != (tmp_path / "none" / TRIMMED).read_text(encoding="utf-8")


def test_a_read_notice_is_cached_with_its_text_once(project: Path, tmp_path: Path):
    """The build cache keeps each notice file read and checked; its text is in it once (the
    model), not twice (the YAML document besides, or the lean notice a warm build unpickles)."""
    build(project, tmp_path / "site")
    phrase = "成立巡察整改工作领导小组".encode("utf-8")
    assert phrase in (project / "notices/2021/2021-07-05-nanjing-dsj.yml").read_bytes()
    found = [p.read_bytes().count(phrase) for kind in ("notices", "files", "notice-text") for p in (project / CACHE_DIR / kind).rglob("*") if p.is_file()]
    assert sorted(found)[-1] == 1 and found.count(1) == 1


def test_a_warm_build_reads_only_the_changed_notice_file_and_once(project: Path, tmp_path: Path, monkeypatch):
    """The files whose identity (inode, size, times) is as the last build recorded are not read
    again; the changed one is read once for loading and its page's key (its bytes' digest is
    carried from loading, not read a second time)."""
    from noticeboard import project as project_module, yamlread
    from noticeboard.mkdocs_plugin import reuse as reuse_module

    site = tmp_path / "site"
    nb_build(project, site)
    path = project / NOTICE
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")
    read: list[str] = []

    def recording(module, name):
        real = getattr(module, name)

        def record(p, *args, **kwargs):
            if Path(p).suffix == ".yml" and Path(p).name != "issuers.yml":
                read.append(Path(p).relative_to(project).as_posix())
            return real(p, *args, **kwargs)
        monkeypatch.setattr(module, name, record)

    recording(project_module, "read_regular")
    recording(reuse_module, "read_regular")
    recording(yamlread, "read_regular")  # read_yaml's own reading
    nb_build(project, site)
    assert sorted(set(read)) == [NOTICE]
    assert "更正：" in (site / "notices/2021/2021-07-05-nanjing-dsj/index.html").read_text(encoding="utf-8")


def retitle(p: Path) -> None:
    path = p / NOTICE
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")


def cold_copy(project: Path, tmp_path: Path) -> Path:
    """A cold build of a copy of ``project`` without its cache: its site."""
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache"))
    nb_build(fresh, tmp_path / "cold")
    return tmp_path / "cold"


def test_a_notice_changed_keeping_its_size_and_modification_time_is_read_again(project: Path, tmp_path: Path):
    """The identity recorded of a notice file includes its change time, which no program sets:
    bytes changed behind a restored modification time are still seen."""
    site = tmp_path / "site"
    nb_build(project, site)
    path = project / NOTICE
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "巡察" in text
    path.write_text(text.replace("巡察", "巡视", 1), encoding="utf-8")  # the same length in bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    nb_build(project, site)
    same_tree(site, cold_copy(project, tmp_path))


def test_corrupt_record_of_the_notice_files_means_every_file_is_read(project: Path, tmp_path: Path):
    from noticeboard.project import FILES

    site = tmp_path / "site"
    nb_build(project, site)
    [record] = [p for p in (project / CACHE_DIR / FILES).rglob("*") if p.is_file()]
    flip_bit(record, -4)
    retitle(project)
    assert nb_build(project, site).reused
    same_tree(site, cold_copy(project, tmp_path))
    assert Store(project / CACHE_DIR).has(FILES, record.name)  # recorded again, sound


@pytest.mark.parametrize("corrupt", [False, True])
def test_listing_pages_are_made_again_only_where_the_changed_notice_is(project: Path, tmp_path: Path, monkeypatch, corrupt: bool):
    """The Markdown of listings, series pages, figures and open channels is kept in the build
    cache by what each is made from: after one notice's title changed, only the listing pages
    that list it are made again (all of them where the kept Markdown went bad), and the site
    equals a cold build of the changed project."""
    from noticeboard.render import listing
    from noticeboard.site.memo import Kept

    made: list[list[str]] = []
    real = listing._listing_page
    site = tmp_path / "site"
    nb_build(project, site)
    if corrupt:
        [kept] = [p for p in (project / CACHE_DIR / Kept.KIND).rglob("*") if p.is_file()]
        flip_bit(kept, -4)
    retitle(project)
    monkeypatch.setattr(listing, "_listing_page", lambda chunk, *a: made.append([e.source for e in chunk]) or real(chunk, *a))
    nb_build(project, site)
    warm, made[:] = list(made), []
    same_tree(site, cold_copy(project, tmp_path))
    assert warm and made
    if corrupt:
        assert len(warm) == len(made)
    else:
        assert all(NOTICE in chunk for chunk in warm)
        assert len(warm) < len(made)


def test_a_warm_build_converts_only_the_pages_it_renders(project: Path, tmp_path: Path, monkeypatch):
    """What a warm build takes from the live site is decided before anything is converted: the
    changed notice's page and the listing pages it is on are converted, no page taken."""
    from noticeboard.mkdocs_plugin import prerender

    site = tmp_path / "site"
    nb_build(project, site)
    retitle(project)
    sent: list[str] = []
    real = prerender._run
    monkeypatch.setattr(prerender, "_run", lambda job: sent.append(job.src_uri) or real(job))
    warm = nb_build(project, site)
    rendered = warm.generated - warm.reused
    assert "notices/2021/2021-07-05-nanjing-dsj.md" in sent
    assert set(sent) <= rendered
    assert set(sent) - set(warm.keys)  # the listing pages that list it
    assert len(sent) < len(warm.generated) / 2
    same_tree(site, cold_copy(project, tmp_path))


def test_a_warm_build_makes_a_page_again_whose_converted_entry_went_bad(project: Path, tmp_path: Path):
    """A warm build checks the converted page of a notice only where it renders the page: one
    whose cache entry went bad is converted again (a page taken from the live site needs none)."""
    site = tmp_path / "site"
    first = nb_build(project, site)
    uri = "notices/2021/2021-07-05-nanjing-dsj.md"
    [entry] = [p for p in (project / CACHE_DIR / "pages").rglob("*") if p.name == first.keys[uri]]
    entry.write_bytes(entry.read_bytes()[:-40])  # cut short
    page = site / "notices/2021/2021-07-05-nanjing-dsj/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()
    page.write_text(text.replace("<h1", "<h1 data-edited", 1), encoding="utf-8")  # not taken from the site: rendered
    warm = nb_build(project, site)
    assert uri not in warm.reused and warm.reused
    assert Store(project / CACHE_DIR).has("pages", first.keys[uri])  # converted again
    same_tree(site, cold_copy(project, tmp_path))


def test_a_build_after_a_warm_build_reuses_what_that_build_took(project: Path, tmp_path: Path):
    """The files a warm build took from the live site are recorded as the files they are (the
    same inode, size and time): the build after it, with nothing changed, takes every generated
    page again, and one after a file of that site was rewritten renders that page again."""
    site = tmp_path / "site"
    nb_build(project, site)
    path = project / NOTICE
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")
    warm = nb_build(project, site)
    assert warm.reused and warm.reused != warm.generated
    again = nb_build(project, site)
    assert warm.reused < again.reused  # and the pages the warm build rendered, which are now the live site's
    page = next(uri for uri in sorted(warm.reused) if uri.startswith("notices/"))
    written = site / page.removesuffix(".md") / "index.html"
    written.write_bytes(written.read_bytes())  # the same bytes, another file time
    last = nb_build(project, site)
    assert page not in last.reused and (again.reused - {page}) <= last.reused


def _failing_in(site: Path, call, error: int):
    """``call`` (os.link, shutil.copy2) failing with ``error`` where its source is a file of
    ``site``, as the kernel fails it (EMLINK: a file at its most links; ENOSPC: a full disk)."""
    inside = f"{site}/"

    def failing(source, target, *args, **kwargs):
        if os.fspath(source).startswith(inside):
            raise OSError(error, os.strerror(error))
        return call(source, target, *args, **kwargs)
    return failing


def test_a_file_of_the_site_that_cannot_be_linked_is_copied_and_taken_again_next_time(project: Path, tmp_path: Path, monkeypatch):
    """Where a kept file cannot be hard-linked from the site, the warm build copies it: the site
    equals a cold build, and the build after it takes the copies (recorded as the files they are)."""
    site = tmp_path / "site"
    nb_build(project, site)
    retitle(project)
    with monkeypatch.context() as patched:
        patched.setattr(os, "link", _failing_in(site, os.link, errno.EMLINK))
        warm = nb_build(project, site)
    assert warm.reused
    same_tree(site, cold_copy(project, tmp_path))
    again = nb_build(project, site)
    assert warm.reused < again.reused


def test_a_file_of_the_site_that_can_be_neither_linked_nor_copied_fails_the_build_saying_what_to_do(project: Path, tmp_path: Path, monkeypatch):
    """MkDocs skips a kept page: one that then can be neither linked nor copied from the site
    fails the build (the new site would lack it), naming it and what to do; the site stays as it
    was, no staging folder is left, and nothing goes on linking."""
    site = tmp_path / "site"
    nb_build(project, site)
    before = snapshot(site)
    retitle(project)
    monkeypatch.setattr(os, "link", _failing_in(site, os.link, errno.EMLINK))
    monkeypatch.setattr(shutil, "copy2", _failing_in(site, shutil.copy2, errno.ENOSPC))
    with pytest.raises(BuildFailed) as failed:
        nb_build(project, site)
    message = str(failed.value)
    named = message.split("cannot take ", 1)[1].split(" ", 1)[0]
    assert named in before and os.strerror(errno.ENOSPC) in message and "--clean" in message
    assert "Traceback" not in message
    assert snapshot(site) == before
    assert not list(tmp_path.glob(".site.new-*"))
    assert not [t for t in threading.enumerate() if t.name == "noticeboard-links"]
