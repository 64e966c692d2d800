"""``noticeboard serve``: a preview with drafts and the 预览 banner, rebuilt when a notice changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from sites import free_port

DRAFT = "notices/2021/2021-05-01-draft-secret/"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
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


def test_serve_previews_drafts_and_rebuilds_on_notice_change(project):
    port = free_port()
    base = f"http://127.0.0.1:{port}/notices/"  # the fixture's site_url has the path /notices/
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "noticeboard.cli", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )
    try:
        draft = wait_for(base + DRAFT, lambda body: "甲乙丙丁" in body)
        assert 'class="nb-preview"' in draft and "预览" in draft
        home = fetch(base)
        assert home is not None and 'class="nb-preview"' in home
        target = project / "notices/2021/2021-05-01-draft-secret.yml"
        target.write_text(target.read_text(encoding="utf-8").replace("甲乙丙丁", "戊己庚辛"), encoding="utf-8")
        wait_for(base + DRAFT, lambda body: "戊己庚辛" in body and "甲乙丙丁" not in body)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
