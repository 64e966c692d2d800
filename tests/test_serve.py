"""``noticeboard serve``: a preview with drafts and the 预览 banner, rebuilt when a notice changes;
a broken notice shown as a page of problems; only requests for its own address answered."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from noticeboard.search.query import Index
from sites import free_port, set_plugin_options
from test_publish import remaining

DRAFT = "notices/2021/2021-05-01-draft-secret/"


def fetch(url: str) -> str | None:
    """The body at ``url`` (an error status's too), or None when nothing answers within 2 s."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, predicate, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and predicate(body):
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} did not reach the expected state in {seconds}s")


@contextlib.contextmanager
def preview(project: Path, tmp: Path | None = None, stop: str = "SIGTERM"):
    """``noticeboard serve`` in a real process on a free port; yields (port, base URL).
    ``tmp``: its temporary folder (where it writes the site it serves); ``stop``: the signal
    that ends it, which it must obey within 10 s."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/notices/"  # the fixture's site_url has the path /notices/
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"TMPDIR": str(tmp)} if tmp else {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "noticeboard.cli", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    try:
        wait_for(base, lambda body: 'class="nb-preview"' in body)
        yield port, base
    finally:
        proc.send_signal(getattr(signal, stop))
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError("serve did not stop within 10 s of SIGTERM") from None


def test_serve_previews_drafts_and_rebuilds_on_notice_change(project):
    with preview(project) as (_, base):
        draft = wait_for(base + DRAFT, lambda body: "甲乙丙丁" in body)
        assert 'class="nb-preview"' in draft and "预览" in draft
        home = fetch(base)
        assert home is not None and 'class="nb-preview"' in home
        target = project / "notices/2021/2021-05-01-draft-secret.yml"
        target.write_text(target.read_text(encoding="utf-8").replace("甲乙丙丁", "戊己庚辛"), encoding="utf-8")
        wait_for(base + DRAFT, lambda body: "戊己庚辛" in body and "甲乙丙丁" not in body)


def test_serve_stopped_removes_the_preview_it_wrote(project, tmp_path):
    """Stopped by SIGTERM (a service manager, a test runner) or a closed terminal, serve removes
    the site it wrote into the temporary folder: at 10,000 notices that is 1.8 GB a run."""
    for stop in ("SIGTERM", "SIGHUP"):
        tmp = tmp_path / stop
        tmp.mkdir()
        with preview(project, tmp, stop=stop) as (_, base):
            assert any(tmp.glob("noticeboard-preview-*/index.html"))
        assert remaining(tmp) == []


UPDATING = "搜索索引正在更新"


def found_in_search(site: Path, word: str) -> bool:
    """Whether the served search index finds ``word`` (False while it is being written)."""
    try:
        return bool(Index(site / "search").candidates(word))
    except (OSError, ValueError, EOFError, KeyError):
        return False


def test_a_saved_notice_rerenders_only_its_pages_and_search_follows(project, tmp_path):
    """A save of one notice rewrites that notice's page and the hand-written pages with blocks
    (home), not the site; the search index follows, and a page says 搜索索引正在更新 whenever
    it is shown before the index has the change."""
    set_plugin_options(project, search=True)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with preview(project, tmp) as (_, base):
        [site] = tmp.glob("noticeboard-preview-*")
        wait_for(base + DRAFT, lambda body: "甲乙丙丁" in body and UPDATING not in body)
        assert found_in_search(site, "甲乙丙丁")
        before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
        target = project / "notices/2021/2021-05-01-draft-secret.yml"
        target.write_text(target.read_text(encoding="utf-8").replace("甲乙丙丁", "戊己庚辛"), encoding="utf-8")
        page = wait_for(base + DRAFT, lambda body: "戊己庚辛" in body)
        if UPDATING not in page:  # shown without the note: the index had the change already
            assert found_in_search(site, "戊己庚辛")
        deadline = time.monotonic() + 120
        while not found_in_search(site, "戊己庚辛") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert found_in_search(site, "戊己庚辛") and not found_in_search(site, "甲乙丙丁")
        wait_for(base + DRAFT, lambda body: "戊己庚辛" in body and UPDATING not in body)
        after = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    draft = site / DRAFT / "index.html"
    hand_written = {site / ("" if md.stem == "index" else md.relative_to(project / "docs").with_suffix("").as_posix()) / "index.html"
                    for md in (project / "docs").rglob("*.md")}
    rewritten = {p for p in before if after.get(p) != before[p]}
    assert draft in rewritten
    assert rewritten <= {draft} | hand_written
    assert len(before) - len(rewritten) > 20  # listings, the other notices, series, stats: untouched


def test_a_save_that_makes_a_listing_page_is_followed_by_a_full_build(project):
    """The saved notice shows at once; its new kind's listing page, which the last build did not
    have, comes with the full build that follows."""
    with preview(project) as (_, base):
        wait_for(base + DRAFT, lambda body: "甲乙丙丁" in body)
        assert "草稿通报不应公开" not in (fetch(base + "kinds/review/") or "")
        target = project / "notices/2021/2021-05-01-draft-secret.yml"
        target.write_text(target.read_text(encoding="utf-8").replace("\nkind: plan\n", "\nkind: review\n", 1), encoding="utf-8")
        wait_for(base + DRAFT, lambda body: "对照检查材料" in body)
        wait_for(base + "kinds/review/", lambda body: "草稿通报不应公开" in body)


def test_serve_shows_a_broken_notice_as_a_page_and_recovers_on_the_next_save(project, browser):
    target = project / "notices/2021/2021-05-01-draft-secret.yml"
    good = target.read_text(encoding="utf-8")
    assert "\nkind: plan\n" in good
    broken = good.replace("\nkind: plan\n", "\nkind: <img src=x onerror=alert(1)>\n")
    line = broken.splitlines().index("kind: <img src=x onerror=alert(1)>") + 1
    with preview(project) as (_, base):
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            page.goto(base + DRAFT)
            assert "甲乙丙丁" in page.inner_text("body")
            target.write_text(broken, encoding="utf-8")
            # the open page reloads by itself and shows the problem as `check` prints it
            page.wait_for_selector("pre.nb-problems", timeout=60_000)
            assert page.inner_text("pre.nb-problems").splitlines()[1] == (
                f"notices/2021/2021-05-01-draft-secret.yml:{line}:7: kind: '<img src=x onerror=alert(1)>' "
                "is not allowed; use one of: plan, progress, report, publicity or review")
            assert page.locator("img").count() == 0
            # every page answers at once with the same report, none waits for a good build
            started = time.monotonic()
            other = fetch(base + "archive/")
            assert other is not None and f"draft-secret.yml:{line}:7: kind: " in other
            assert time.monotonic() - started < 5
            target.write_text(good.replace("甲乙丙丁", "戊己庚辛"), encoding="utf-8")
            # the page reloads itself on the save: between two documents it has no body yet
            page.wait_for_function("document.body !== null && document.body.innerText.includes('戊己庚辛')", timeout=60_000)
            assert page.locator("pre.nb-problems").count() == 0
            assert dialogs == []
        finally:
            page.close()


def get(port: int, host: str | None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", "/notices/" + DRAFT, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_serve_answers_only_requests_for_its_own_address(project):
    with preview(project) as (port, _):
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
            status, body = get(port, host)
            assert status == 200 and "甲乙丙丁" in body, host
        # a page of another site whose name was re-pointed at 127.0.0.1 (DNS rebinding)
        for host in (f"attacker.example:{port}", f"localhost.attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", None):
            status, body = get(port, host)
            assert status == 403 and "甲乙丙丁" not in body, host
            assert body == f"403 Forbidden: this preview answers only requests for 127.0.0.1:{port} or localhost:{port}\n"


@pytest.mark.parametrize("header, host, port, allowed", [
    ("127.0.0.1:8000", "127.0.0.1", 8000, True),
    ("localhost:8000", "127.0.0.1", 8000, True),
    ("[::1]:8000", "::1", 8000, True),
    ("localhost:8000", "::1", 8000, True),
    ("127.0.0.1", "127.0.0.1", 80, True),  # a browser leaves out port 80
    ("127.0.0.1", "127.0.0.1", 8000, False),
    ("192.168.1.20:8000", "0.0.0.0", 8000, True),  # bound to every interface: any address of it
    ("192.168.1.20:8000", "192.168.1.20", 8000, True),
    ("localhost:8000", "192.168.1.20", 8000, False),
    ("rebound.example:8000", "0.0.0.0", 8000, False),
    ("127.0.0.1:8000@evil.example", "127.0.0.1", 8000, False),
    ("127.0.0.1:notaport", "127.0.0.1", 8000, False),
    ("", "127.0.0.1", 8000, False),
    ("localhost:8000", "localhost", 8000, True),  # --dev-addr localhost:8000
    ("[::1]:8000", "localhost", 8000, True),
    ("rebound.example:8000", "localhost", 8000, False),
])
def test_host_header_rule(header, host, port, allowed):
    from noticeboard.mkdocs_plugin.preview import host_allowed

    assert host_allowed(header, host, port) is allowed
