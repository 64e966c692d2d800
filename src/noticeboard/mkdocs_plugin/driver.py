"""Drive MkDocs for the CLI: a build that replaces the site only on success, and a preview server."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the end-of-life banner is not a build message


class BuildFailed(Exception):
    pass


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path, *, strict: bool = True, clean: bool = False) -> None:
    """Build into a temporary folder beside ``site_dir``; swap it in only when the build succeeded,
    so a failed build leaves the previous site untouched. ``clean``: convert every page afresh,
    without the build cache (``.cache/noticeboard/``)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(config_file), site_dir=str(tmp), strict=strict)
        if clean:
            config.plugins["noticeboard"].config.cache = False
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        details = "\n".join(dict.fromkeys(collect.messages))
        raise BuildFailed(details or str(exc)) from None  # MkDocs' own "Aborted …" adds nothing
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(collect)
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def serve_site(config_file: Path, dev_addr: str) -> None:
    """``mkdocs serve``: rebuilds on changes to docs/, notices/ and the config; drafts shown as 预览."""
    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
