"""Where the tests find what they read: everything is inside the repository."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_SITE = FIXTURES / "site"  # a small project: mkdocs.yml, docs/, notices/, attachments/
RECORD_SITE = FIXTURES / "record"  # notices across time: a series of three, scheduled, open channels
CORPUS = FIXTURES / "corpus"  # real notice texts (.txt), as received: see its README.md
ARTIFACTS = REPO / "test-artifacts"  # screenshots, for a person to look at
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
