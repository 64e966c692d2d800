"""The feeds' XML (noticeboard.site.feed_xml) is written directly, not through feedgen: for the
same feed it is the very bytes feedgen 1.0 writes (the feeds of the record site and of the
hostile corpus, and feeds of hand-made hostile texts), and a character XML cannot hold is refused
as feedgen refuses it."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from feedgen.feed import FeedGenerator

from noticeboard.project import load_project
from noticeboard.series import group
from noticeboard.site import feed_xml, feeds
from noticeboard.site.feed_xml import Channel, Item
from noticeboard.urls import Urls
from paths import FIXTURES, RECORD_SITE

TODAY = dt.date(2026, 11, 26)
EIGHT = dt.timezone(dt.timedelta(hours=8))


def feedgen_bytes(channel: Channel, rss_url: str, atom_url: str) -> tuple[bytes, bytes]:
    """What feedgen 1.0 writes for ``channel`` (how noticeboard made its feeds before)."""
    fg = FeedGenerator()
    fg.id(rss_url)
    fg.title(channel.title)
    fg.link(href=rss_url, rel="self")
    fg.link(href=channel.page, rel="alternate")
    fg.description(channel.description)
    fg.language(channel.language)
    fg.updated(channel.updated)
    fg.lastBuildDate(channel.updated)
    for shown in reversed(channel.items):  # feedgen prepends
        entry = fg.add_entry()
        entry.id(shown.url)
        entry.guid(shown.url, permalink=True)
        entry.title(shown.title)
        entry.link(href=shown.url)
        entry.published(shown.published)
        entry.updated(shown.updated)
        entry.author(name=shown.author)
        entry.category(term=shown.term, label=shown.label)
        entry.summary(shown.summary, type="html")
    rss = fg.rss_str(pretty=True)
    fg.link(href=atom_url, rel="self", replace=True)
    fg.id(atom_url)
    return rss, fg.atom_str(pretty=True)


def project_channels(root) -> list[Channel]:
    entries = load_project(root, today=TODAY).visible(False, TODAY)
    series, _ = group(entries)
    site = Urls(site_url="https://example.gov.cn/政务/")
    made: list[Channel] = []
    item = lambda e: feeds._item(e, site)  # noqa: E731
    made.append(feeds._channel("站点 & <名>", site, "index.md", entries, "zh", item))
    for s in series:
        made.append(feeds._channel(s.issuer.name, site, s.page, s.entries[::-1], "zh", item))
    for e in entries:
        made.append(feeds._channel(f"{e.issuer.name} — 站点", site, e.page, [e], "zh", item))
    return made


@pytest.mark.parametrize("root", [RECORD_SITE, FIXTURES / "hostile"], ids=["record", "hostile"])
def test_a_projects_feeds_are_the_bytes_feedgen_writes(root):
    channels = project_channels(root)
    assert len(channels) > 3
    for channel in channels:
        expected = feedgen_bytes(channel, channel.page + "feed.xml", channel.page + "feed.atom")
        assert (feed_xml.rss(channel, channel.page + "feed.xml"), feed_xml.atom(channel, channel.page + "feed.atom")) == expected


PAYLOADS = [
    'a & b < c > d "e" \'f\'', "</title><script>alert(1)</script>", "]]><![CDATA[x]]>", "&amp;&lt;&#x3c;&#60;",
    "line\nbreak\ttab\r\nreturn", "  leading and trailing  ", "emoji 😀 and 𠀋 and \ufffd", "<?xml version='1.0'?><!DOCTYPE x>",
    '<a href="javascript:alert(1)">x</a>', "\u2028\u2029\u00a0\u200b", "中文：（全角）『引号』",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_texts_in_every_field_are_the_bytes_feedgen_writes(payload):
    day = dt.datetime(2024, 2, 9, tzinfo=EIGHT)
    url = "https://example.gov.cn/n/?q=" + payload.replace(" ", "%20")
    items = [Item(url, payload, day, day + dt.timedelta(days=3), payload, payload, payload, escape(payload)),
             Item(url + "2", "二", day, day, payload, "kind", "", payload),
             Item(url + "3", payload, day, day, "", "kind", payload, "")]  # no author, no summary
    channel = Channel(payload, url, escape(payload), "zh-CN", day, items)
    assert (feed_xml.rss(channel, url + "feed.xml"), feed_xml.atom(channel, url + "feed.atom")) == \
        feedgen_bytes(channel, url + "feed.xml", url + "feed.atom")


@pytest.mark.parametrize("bad", ["\x00", "\x08", "\x1b", "\ud800", "\ufffe"])
def test_a_character_xml_cannot_hold_is_refused_like_feedgen_refuses_it(bad):
    day = dt.datetime(2024, 2, 9, tzinfo=EIGHT)
    channel = Channel(f"标题{bad}", "https://example.gov.cn/", "说明", "zh", day, [])
    with pytest.raises(ValueError):
        feedgen_bytes(channel, "https://example.gov.cn/feed.xml", "https://example.gov.cn/feed.atom")
    with pytest.raises(ValueError):
        feed_xml.rss(channel, "https://example.gov.cn/feed.xml")
    with pytest.raises(ValueError):
        feed_xml.atom(channel, "https://example.gov.cn/feed.atom")
