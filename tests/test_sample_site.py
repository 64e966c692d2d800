"""The bundled sample site (notices/ imported from the corpus) builds with --strict and is complete."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from paths import REPO
from noticeboard.project import load_project
from noticeboard.urls import Urls

PROJECT = load_project(REPO)
PUBLISHED = PROJECT.visible()
DRAFTS = [e for e in PROJECT.entries if e.is_draft]


def read_any(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_samples_are_imported_from_the_corpus():
    assert len(PROJECT.entries) >= 25
    assert all(e.notice.source is not None for e in PROJECT.entries)
    assert all(not e.notice.review for e in PUBLISHED)


def test_every_published_notice_has_a_complete_page(sample_site):
    for entry in PUBLISHED:
        page = BeautifulSoup((sample_site / Urls().file(entry.page)).read_text(encoding="utf-8"), "html.parser")
        assert page.find("h1").get_text() == entry.notice.title
        rows = {tr.th.get_text() for tr in page.select("table.nb-meta tr")}
        assert {"发布机构", "发布日期", "类型"} <= rows
        contact = entry.notice.contact
        if contact:
            card = page.select_one("section.nb-contact")
            assert [a["href"] for a in card.select('a[href^="tel:"]')] == [f"tel:{p.replace(' ', '')}" for p in contact.phones]
            assert [a["href"] for a in card.select('a[href^="mailto:"]')] == [f"mailto:{m}" for m in contact.emails]


def test_drafts_text_is_in_no_output_file(sample_site):
    assert DRAFTS, "the sample content has drafts (undated templates) to check this with"
    # sentences that occur only in drafts, never in a published notice
    published_text = "".join(json.dumps(e.notice.model_dump(mode="json"), ensure_ascii=False) for e in PUBLISHED)
    probes = []
    for entry in DRAFTS:
        text = " ".join([entry.notice.summary or ""] + [s.body for s in entry.notice.sections])
        sentences = [s for s in re.split(r"[。；！？\n]", text) if len(s) >= 12 and s not in published_text]
        probes += sentences[:3] + [entry.slug]
    assert len(probes) >= len(DRAFTS) * 2
    for path in sample_site.rglob("*"):
        if path.is_file() and "assets" not in path.parts:
            text = read_any(path)
            for probe in probes:
                assert probe not in text, f"draft text {probe!r} found in {path.relative_to(sample_site)}"


def test_sitemap_and_feeds_list_the_published_notices(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    for entry in PUBLISHED:
        assert f"/{Urls().url(entry.page)}</loc>" in sitemap
    rss = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert not rss.bozo
    assert [e.title for e in rss.entries] == [e.notice.title for e in PUBLISHED][: len(rss.entries)]


def test_open_data_covers_every_published_notice(sample_site):
    index = json.loads((sample_site / "api/notices.json").read_text(encoding="utf-8"))
    assert index["count"] == len(PUBLISHED)
    assert {n["slug"] for n in index["notices"]} == {e.slug for e in PUBLISHED}
    for entry in PUBLISHED:
        one = json.loads((sample_site / f"api/notices/{entry.year}/{entry.slug}.json").read_text(encoding="utf-8"))
        assert one["title"] == entry.notice.title and "review" not in one
