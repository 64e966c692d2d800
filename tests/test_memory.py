"""What a build holds while MkDocs writes its pages: MkDocs converts every page before it writes
any and keeps every page to the end, so at 10,000 notices the pages' text would be most of the
build's memory. A generated page's HTML waits compressed from its conversion until it is written,
and every page lets its text go once written."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.pages import Page

from noticeboard.mkdocs_plugin.plugin import NoticeboardPlugin
from sites import build


def test_pages_hold_no_text_between_conversion_and_writing_nor_after(project: Path, tmp_path: Path, monkeypatch):
    seen: dict[str, list] = {}

    def on_env(self, env, *, config, files):
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        seen["generated"] = [(p.file.src_uri, p.markdown, p.content) for p in pages if p.file.src_uri in self.notice_data]
        seen["pages"] = pages
        return original(self, env, config=config, files=files)

    original = NoticeboardPlugin.on_env
    monkeypatch.setattr(NoticeboardPlugin, "on_env", on_env)
    build(project, tmp_path / "site")

    generated = seen["generated"]
    assert any(uri.startswith("issuers/") for uri, _, _ in generated)  # listings, not only notice pages
    assert [uri for uri, markdown, content in generated if markdown or content] == []
    written: list[Page] = seen["pages"]
    assert [p.file.src_uri for p in written if p.markdown or p.content] == []
    # the pages' titles are kept: the pages written after them show them in their navigation
    assert all(p.title for p in written)
    # and each was written whole: its text put back when it was written
    for uri, _, _ in generated:
        html = (tmp_path / "site" / (uri[: -len("index.md")] if uri.endswith("index.md") else uri[:-3] + "/") / "index.html").read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        assert "<h1" in article, uri
