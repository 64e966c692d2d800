"""Feeds: a notice listed by several feeds (the site's, its issuer's, its inspection's) is shown
alike in each, and its item is made once, not once per feed (write_feeds wrote 25,040 feeds at
10,000 notices, converting each notice's summary again for each)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import feedparser

from noticeboard.project import load_project
from noticeboard.series import group
from noticeboard.site import feeds
from noticeboard.urls import Urls
from paths import RECORD_SITE

TODAY = dt.date(2026, 11, 26)


def test_a_notice_in_several_feeds_is_made_once_and_shown_alike(tmp_path, monkeypatch):
    entries = load_project(RECORD_SITE, today=TODAY).visible(False, TODAY)
    series, _ = group(entries)
    assert series and any(len(s.entries) > 1 for s in series)
    converted = Counter()
    to_plain = feeds.to_plain

    def counted(text):
        converted[text] += 1
        return to_plain(text)

    monkeypatch.setattr(feeds, "to_plain", counted)
    written = feeds.write_feeds(entries, tmp_path, Urls(site_url="https://example.gov.cn/"), "站点", series=series)
    assert len(written) == 2 * (1 + len({e.issuer.slug for e in entries}) + len(series))
    assert sum(converted.values()) == len(entries)  # once per notice
    shown: dict[tuple[str, str], set] = {}  # (notice, format) → how each feed shows it
    appearances = Counter()
    for path in written:
        for item in feedparser.parse((tmp_path / path).read_bytes()).entries:
            key = (item.link, path.rsplit(".", 1)[-1])
            appearances[key] += 1
            shown.setdefault(key, set()).add((item.title, item.summary, item.published))
    assert len(shown) == 2 * len(entries) and max(appearances.values()) >= 3  # the site's, its issuer's, its inspection's
    assert all(len(items) == 1 for items in shown.values())  # alike in every feed that lists it
