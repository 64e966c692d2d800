"""On ``build`` the generated pages other than notices' (archive years, issuers, kinds,
inspections, …) are converted ahead in the worker pool (prerender.py) rather than by MkDocs page
by page: the site written is byte for byte the one MkDocs' own conversion of those pages writes;
on ``noticeboard build`` their templates are rendered in forked workers (forked.py), and the site
is byte for byte the one MkDocs' own rendering writes."""

from __future__ import annotations

import contextlib
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
import pytest
from mkdocs.config import load_config

from noticeboard.mkdocs_plugin import forked
from noticeboard.mkdocs_plugin.driver import BuildFailed, build_site
from noticeboard.site.background import Background
from noticeboard.site.publish import MARKER
from sites import add_hook


def _build(project: Path, site: Path, monkeypatch=None):
    """A real ``mkdocs build --strict``; the plugin. With ``monkeypatch``: no page converted
    ahead but the notices', MkDocs converts the others itself."""
    with contextlib.chdir(project):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        plugin = config.plugins["noticeboard"]
        if monkeypatch is not None:
            monkeypatch.setattr(plugin, "_listings", lambda plan: [])
        mkdocs_build(config)
    return plugin


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_pages_converted_ahead_are_written_as_mkdocs_converts_them(project: Path, tmp_path: Path, monkeypatch):
    ahead = _build(project, tmp_path / "ahead")
    assert any(uri.startswith("archive/") for uri in ahead.listings) and any(uri.startswith("issuers/") for uri in ahead.listings)
    by_mkdocs = _build(project, tmp_path / "mkdocs", monkeypatch)
    assert by_mkdocs.listings == {}
    written, expected = _files(tmp_path / "ahead"), _files(tmp_path / "mkdocs")
    assert written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []


@pytest.mark.parametrize("polls", [0, 3, None])
def test_the_pages_rendered_by_forked_workers_are_written_as_mkdocs_renders_them(project: Path, tmp_path: Path, monkeypatch, polls):
    """``noticeboard build`` renders the generated pages' templates in forked workers (forked.py):
    every file of its site is the one MkDocs' own rendering of every page in its process writes.
    Until the search-index child has ended the build renders pages itself, from the last one back,
    and shares out the rest: the index ends at once (0), after three of its pages (3), or only
    after it has rendered every page itself (None: nothing is forked)."""
    monkeypatch.setattr(forked, "THRESHOLD", 1)  # the fixture's few pages are worth forking for
    asked = []

    def ended(job) -> bool:
        asked.append(job)
        if polls is not None and len(asked) > polls:
            job.wait()
            return True
        return False

    monkeypatch.setattr(Background, "ended", ended)
    config = project / "mkdocs.yml"  # with its search index, made by a child while the pages are converted
    config.write_text(config.read_text(encoding="utf-8").replace("search: false", "search: true"), encoding="utf-8")
    config = build_site(project / "mkdocs.yml", tmp_path / "forked", clean=True)
    plugin = config.plugins["noticeboard"]
    in_nav = {page.file.src_uri for page in plugin.nav.pages}
    generated = len({*plugin.sources, *plugin.listings} - in_nav)  # the pages shared out (none in the navigation)
    if polls is None:
        assert plugin.rendered_forked == 0 and len(asked) == generated  # it rendered every page while the index was made
    else:
        assert len(asked) == polls + 1
        assert 0 < plugin.rendered_forked <= generated - polls  # the worker's share of what was left
    _build(project, tmp_path / "mkdocs")
    written, expected = _files(tmp_path / "forked"), _files(tmp_path / "mkdocs")
    assert written.pop(MARKER) and written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []


def test_a_page_that_fails_in_a_forked_worker_fails_the_build_and_names_it(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(forked, "THRESHOLD", 1)
    site = tmp_path / "site"
    build_site(project / "mkdocs.yml", site, clean=True)
    before = _files(site)
    config = project / "mkdocs.yml"  # a site's own notice template, broken: a notice page's rendering fails
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    (project / "overrides").mkdir()
    (project / "overrides" / "notice.html").write_text(
        '{% extends "main.html" %}{% block content %}{{ page.meta.nb_nothing.attr }}{% endblock %}', encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml", site, clean=True)
    message = str(failed.value)
    assert "Error building page 'notices/" in message and "nb_nothing" in message and "previous site" in message
    assert _files(site) == before


def test_a_warning_logged_in_a_forked_worker_fails_a_strict_build(project: Path, tmp_path: Path, monkeypatch):
    """A site's hook (MkDocs ``hooks:``) warns while a page is rendered in a forked worker (only
    there): ``--strict`` counts it as it counts the build's own, the build fails naming it, and
    the previous site stays."""
    monkeypatch.setattr(forked, "THRESHOLD", 1)
    site = tmp_path / "site"
    build_site(project / "mkdocs.yml", site, clean=True)
    before = _files(site)
    add_hook(project,
        "import logging, os\n"
        "BUILD = os.getpid()  # loaded with the config, in the build's own process\n"
        "def on_post_page(output, page, config):\n"
        "    if os.getpid() != BUILD:\n"
        "        logging.getLogger('mkdocs.hooks.forked').warning(f'odd markup in {page.file.src_uri}')\n"
        "    return output\n")
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml", site, clean=True)
    assert "odd markup in notices/" in str(failed.value) and "previous site" in str(failed.value)
    assert _files(site) == before
    build_site(project / "mkdocs.yml", tmp_path / "lax", strict=False, clean=True)  # not strict: the warning is no failure


def test_a_page_converted_ahead_gets_no_markdown_object_in_mkdocs_process(project: Path, tmp_path: Path, monkeypatch):
    """MkDocs' ``Page.render`` makes a ``Markdown`` object with every extension for each page; a
    page converted ahead is not rendered so (its Markdown is empty, its HTML is the pool's)."""
    from mkdocs.structure.pages import Page

    rendered = []
    render = Page.render
    monkeypatch.setattr(Page, "render", lambda page, *args, **kwargs: rendered.append(page.file.src_uri) or render(page, *args, **kwargs))
    plugin = _build(project, tmp_path / "site")
    ahead = set(plugin.sources) | set(plugin.listings)
    assert len(ahead) > 10
    hand_written = {p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")}
    assert sorted(rendered) == sorted(hand_written | (plugin.generated - ahead))
