"""The build cache (.cache/noticeboard/): a warm build writes the same bytes as a cold one, a
change reconverts exactly the pages it touches, and a bad cache entry is rebuilt, never used."""

from __future__ import annotations

import contextlib
import filecmp
import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from noticeboard.render import environment as environment_module
from noticeboard.site.cache import CACHE_DIR, Store

NOTICE = "notices/2021/2021-07-05-nanjing-dsj.yml"


def build(project: Path, site: Path) -> dict[str, str]:
    """A real ``mkdocs build --strict``; the plugin's ``{src_uri: cache key}`` of converted pages."""
    with contextlib.chdir(project):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        mkdocs_build(config)
    return dict(config.plugins["noticeboard"].sources)


def entries(project: Path) -> set[str]:
    return {p.name for p in (project / CACHE_DIR).rglob("*") if p.is_file()}


def same_tree(a: Path, b: Path) -> None:
    left = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert left == right
    _, mismatch, errors = filecmp.cmpfiles(a, b, left, shallow=False)
    assert mismatch == [] and errors == []


def warm_equals_cold(project: Path, tmp_path: Path, change) -> tuple[dict, set, set]:
    """Build cold, apply ``change``, build warm; compare with a cold build of a fresh copy of the
    changed project. Returns the warm build's keys and the cache entries before and after it."""
    build(project, tmp_path / "first")
    before = entries(project)
    assert before, "the first build filled the cache"
    change(project)
    keys = build(project, tmp_path / "warm")
    after = entries(project)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache"))
    build(fresh, tmp_path / "cold")
    same_tree(tmp_path / "warm", tmp_path / "cold")
    return keys, before, after


def test_one_changed_notice_reconverts_that_page_only(project: Path, tmp_path: Path):
    def change(p: Path) -> None:
        path = p / NOTICE
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正：", 1), encoding="utf-8")

    keys, before, after = warm_equals_cold(project, tmp_path, change)
    new = {uri for uri, key in keys.items() if key not in before}
    assert new == {"notices/2021/2021-07-05-nanjing-dsj.md"}
    assert "更正：" in (tmp_path / "warm" / "notices/2021/2021-07-05-nanjing-dsj/index.html").read_text(encoding="utf-8")


def test_deleted_notice(project: Path, tmp_path: Path):
    keys, _, _ = warm_equals_cold(project, tmp_path, lambda p: (p / NOTICE).unlink())
    assert "notices/2021/2021-07-05-nanjing-dsj.md" not in keys
    assert not (tmp_path / "warm" / "notices/2021/2021-07-05-nanjing-dsj").exists()


def test_issuers_file_change(project: Path, tmp_path: Path):
    issuers = project / "notices" / "issuers.yml"
    text = issuers.read_text(encoding="utf-8")
    assert "name: " in text

    def change(p: Path) -> None:
        issuers.write_text(text.replace("name: ", "name: 改名后的", 1), encoding="utf-8")

    keys, before, _ = warm_equals_cold(project, tmp_path, change)
    assert any(key not in before for key in keys.values())


def test_template_change_reconverts_every_page_using_it_and_nothing_else(project: Path, tmp_path: Path, monkeypatch):
    """The contact list partial is on the pages of notices with a contact only."""
    env = environment_module.environment()
    source, _, _ = env.loader.get_source(env, "_contact_list.md.j2")

    def change(p: Path) -> None:
        changed = env.overlay(loader=ChoiceLoader([DictLoader({"_contact_list.md.j2": source + "\n<p>模板已更改</p>\n"}), env.loader]))
        monkeypatch.setattr(environment_module, "environment", lambda: changed)

    keys, before, _ = warm_equals_cold(project, tmp_path, change)
    reconverted = {uri for uri, key in keys.items() if key not in before}
    with_contact = {uri for uri in keys
                    if "模板已更改" in (tmp_path / "warm" / uri.removesuffix(".md") / "index.html").read_text(encoding="utf-8")}
    assert with_contact and with_contact != set(keys)
    assert reconverted == with_contact


def test_corrupt_or_partial_entries_are_rebuilt(project: Path, tmp_path: Path):
    keys = build(project, tmp_path / "first")
    store = Store(project / CACHE_DIR)
    paths = sorted(p for p in (project / CACHE_DIR).rglob("*") if p.is_file())
    assert len(paths) == len(keys) >= 2
    paths[0].write_bytes(paths[0].read_bytes()[:-40])  # cut short
    data = bytearray(paths[1].read_bytes())
    data[-10] ^= 0x01  # one bit flipped
    paths[1].write_bytes(bytes(data))
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
