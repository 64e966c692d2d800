"""A scheduled notice: in no output file before its date, out on the first build on or after it,
shown (with its date) in the preview; `check` notes one whose date has come and refuses a
published notice dated in the future. Real `mkdocs build --strict` builds of tests/fixtures/record
on dates set through SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from noticeboard.cli import main
from noticeboard.search.query import Index
from paths import RECORD_SITE
from sites import build_on, copy_project, set_plugin_options

SLUG = "2026-03-02-scheduled"
URL = f"notices/2026/{SLUG}/"
TITLE = "中共青禾市规划和自然资源局党组关于巡察整改进展情况的通报（定时）"
MARKER = "戊己庚辛"  # a phrase only the scheduled notice's summary holds
DATE = dt.date(2026, 3, 2)
DAY_BEFORE = DATE - dt.timedelta(days=1)
# every way the notice could leak: its slug (page, listing, feed, open data, sitemap, search),
# its title, its summary, its e-mail, and its attachment's file name
TRACES = (SLUG, TITLE, MARKER, "dingshi-marker", "scheduled-list.pdf")


@pytest.fixture
def record(tmp_path: Path) -> Path:
    return copy_project(RECORD_SITE, tmp_path)


def texts(site: Path):
    """``(path, text)`` of every file of the built site, gzip files unpacked."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            yield path.relative_to(site).as_posix(), data.decode("utf-8", errors="replace")


def test_before_its_date_no_output_file_holds_it(record, tmp_path):
    site = tmp_path / "site"
    build_on(DAY_BEFORE, record, site)
    leaks = {path: [t for t in TRACES if t in text] for path, text in texts(site)}
    assert {path: found for path, found in leaks.items() if found} == {}
    assert not (site / "attachments" / "2026").exists()
    assert not Index(site / "search").candidates(MARKER)
    # the other notices are there: the build itself ran
    assert (site / "notices/2024/2024-06-01-gtj-plan/index.html").is_file()


def test_on_its_date_it_goes_out_everywhere(record, tmp_path):
    site = tmp_path / "site"
    build_on(DATE, record, site)
    page = BeautifulSoup((site / URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text() == TITLE
    assert not page.select(".nb-banner--scheduled")  # on the public site it is simply published
    assert (site / "attachments/2026/scheduled-list.pdf").read_bytes().startswith(b"%PDF")
    listing = (site / "archive/2026/index.html").read_text(encoding="utf-8")
    assert f"{SLUG}/" in listing and "定时发布" not in listing
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.entries[0].title == TITLE
    data = json.loads((site / "api/notices.json").read_text(encoding="utf-8"))
    [summary] = [n for n in data["notices"] if n["slug"] == SLUG]
    assert summary["status"] == "published" and summary["published"] == "2026-03-02"
    assert f"https://example.org/board/{URL}" in (site / "sitemap.xml").read_text(encoding="utf-8")
    [hit] = Index(site / "search").candidates(MARKER)
    assert Index(site / "search").doc(hit).title == TITLE


def test_the_preview_shows_it_with_its_date(record, tmp_path):
    set_plugin_options(record, preview=True)
    site = tmp_path / "site"
    build_on(DAY_BEFORE, record, site)
    page = BeautifulSoup((site / URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    banner = page.select_one(".nb-banner--scheduled")
    assert banner.get_text().startswith("定时发布：将于 2026年3月2日 发布")
    assert banner.find("time")["datetime"] == "2026-03-02"
    row = next(tr for tr in BeautifulSoup((site / "archive/2026/index.html").read_text(encoding="utf-8"), "html.parser")
               .select("table.nb-listing tbody tr") if tr.find("a", string=TITLE))
    assert row.select_one(".nb-badge--scheduled").get_text() == "定时发布"
    assert row.find("time")["datetime"] == "2026-03-02"


def run_check(project: Path, day: dt.date):
    epoch = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()))
    return CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")], env={"SOURCE_DATE_EPOCH": epoch},
                              catch_exceptions=False)


def test_check_notes_a_scheduled_notice_whose_date_has_come(record):
    before = run_check(record, DAY_BEFORE)
    assert before.exit_code == 0
    assert before.output == "7 notices checked (0 drafts, 1 scheduled): no problems.\n"
    on = run_check(record, DATE)
    assert on.exit_code == 0  # a note, not a problem: the build of that day is meant to publish it
    assert on.output == (
        f"notices/2026/{SLUG}.yml:5:9: status: scheduled for 2026-03-02, which has come: the next build publishes it; "
        "write status: published to say so in the file\n"
        "7 notices checked (0 drafts, 1 scheduled): no problems; 1 note above.\n"
    )


def test_check_and_build_refuse_a_published_notice_dated_in_the_future(record, tmp_path):
    path = record / "notices" / "2026" / f"{SLUG}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: scheduled", "status: published"), encoding="utf-8")
    result = run_check(record, DAY_BEFORE)
    assert result.exit_code == 1
    assert result.output == (
        f"notices/2026/{SLUG}.yml:3:12: published: 2026-03-02 has not come yet (today is 2026-03-01), so this notice "
        "would be on the site dated in the future: to publish it on that date write status: scheduled; otherwise correct the date\n"
        "1 problem found.\n"
    )
    assert run_check(record, DATE).exit_code == 0
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((PluginError, Abort)):
        build_on(DAY_BEFORE, record, tmp_path / "site")
    assert not (tmp_path / "site" / URL).exists()
