"""Lighthouse (Google's audit of a page as a visitor's browser loads it) on the sample site, on the
home page, a notice, the archive and the search page, with Lighthouse's mobile preset (a mid-range
phone on a slow 4G network, simulated) and its desktop preset, one run per page and preset:
100 in accessibility, best practices and SEO, and no layout shift as the page loads (cumulative
layout shift under 0.1, Lighthouse's "good"; the search page shifted by 0.3–0.9 as its results
arrived). The failure message gives every score, the audits that cost points, the metrics and the
host's benchmark index.

The performance score is reported, not asserted: Lighthouse simulates the phone's CPU by
multiplying the main-thread time it observes on this host, and on a shared 2-core machine it
warns that the host is slower than it expects (benchmark index under 1000); the same page then
scores 76 one run and 100 the next (see the lead's report for the measurements).

Lighthouse is installed from the npm registry by `make setup` at a pinned version (see the
Makefile), like axe-core, and drives Debian's chromium."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from paths import CHROMIUM, REPO
from sites import serve_dir
from site_pages import page_kinds

LIGHTHOUSE = REPO / ".venv" / "node_modules" / "lighthouse" / "cli" / "index.js"
THRESHOLDS = {"accessibility": 100, "best-practices": 100, "seo": 100}
CATEGORIES = ("performance", *THRESHOLDS)
GOOD_CLS = 0.1
PRESETS = ("mobile", "desktop")


def lighthouse(url: str, preset: str) -> dict:
    """One Lighthouse run of ``url``: its JSON report."""
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `make setup` (it installs Lighthouse from the npm registry)")
    args = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--skip-audits=full-page-screenshot,screenshot-thumbnails,final-screenshot"]
    if preset == "desktop":
        args.append("--preset=desktop")
    run = subprocess.run(args, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if run.returncode != 0:
        pytest.fail(f"lighthouse {url} ({preset}) failed: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def summary(report: dict) -> dict:
    """The category scores (0–100), the audits that lost points, the metrics and the host's speed."""
    scores = {k: round(c["score"] * 100) for k, c in report["categories"].items()}
    lost = sorted({f"{a['id']} ({a.get('displayValue') or a['score']})"
                   for c in report["categories"].values() if round(c["score"] * 100) < 100
                   for ref in c["auditRefs"] if ref["weight"] > 0
                   for a in [report["audits"][ref["id"]]] if a["score"] is not None and a["score"] < 1})
    metrics = report["audits"]["metrics"]["details"]["items"][0]
    return {"scores": scores, "cls": round(metrics["cumulativeLayoutShift"], 3),
            "ms": {k: metrics[k] for k in ("firstContentfulPaint", "largestContentfulPaint", "totalBlockingTime")},
            "lost": lost, "benchmarkIndex": report["environment"]["benchmarkIndex"]}


@pytest.mark.browser
@pytest.mark.parametrize("preset", PRESETS)
def test_lighthouse_scores_on_the_pages_a_citizen_opens(sample_site, preset):
    kinds = page_kinds(sample_site)
    pages = {"home": kinds["home"], "notice": kinds["notice"], "archive": kinds["archive"], "search": kinds["search"]}
    results = {}
    with serve_dir(sample_site) as base:
        for name, path in pages.items():
            results[name] = summary(lighthouse(base + path, preset))
    below = {name: {k: r["scores"][k] for k in THRESHOLDS if r["scores"][k] < THRESHOLDS[k]} for name, r in results.items()}
    shifting = {name: r["cls"] for name, r in results.items() if r["cls"] >= GOOD_CLS}
    assert not any(below.values()) and not shifting, (
        f"Lighthouse {preset}: below {THRESHOLDS}: {below}; layout shift ≥ {GOOD_CLS}: {shifting}\n"
        f"all: {json.dumps(results, ensure_ascii=False)}")
