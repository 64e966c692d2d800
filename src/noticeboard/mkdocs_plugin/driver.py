"""Drive MkDocs for ``noticeboard build``: a build that replaces the site only on success
(where and how the site is put in place: :mod:`noticeboard.site.publish`)."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from pathlib import Path
from typing import IO

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..site.publish import Publication, PublishError, refusal
from .progress import shown
from .settings import source_folders


os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the end-of-life banner is not a build message


class BuildFailed(Exception):
    """The build failed; the message (what, and what became of the site) is for the user."""


class SiteRefused(Exception):
    """The site folder is not one a build may replace; one line for the user."""


class Collect(logging.Handler):
    """Keeps the messages MkDocs and the plugin log during one build, from ``level`` up."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _DirtyNotice(logging.Filter):
    """Drops MkDocs' warning that a ``--dirty`` build may leave stale navigation: the staging
    folder starts empty, and a page is skipped only when its every input is unchanged (reuse.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _site_state(site_dir: Path) -> str:
    """What became of the site after a failed build (a failed build never publishes)."""
    if site_dir.is_dir() and any(site_dir.iterdir()):
        return f"the previous site in {site_dir} is unchanged"
    return f"no site was written to {site_dir}"


def _os_problem(exc: OSError, site_dir: Path) -> str:
    """One line: which path, what happened, what to do."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {site_dir}: {reason}; free some space on that disk, or choose another --site-dir"
    if exc.errno == errno.EROFS:
        return f"cannot write in {site_dir.parent}: {reason}; choose another --site-dir"
    paths = [Path(p) for p in (exc.filename, exc.filename2) if p]
    written = [p for p in paths if p.is_relative_to(site_dir.parent)]
    if paths and not written:  # a source the build reads
        return f"cannot read {paths[0]}: {reason}; restore it, or remove what names it, and build again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write in {site_dir.parent}: {reason}; make that folder writable, or choose another --site-dir"
    where = f" ({written[0]})" if written else ""
    return f"cannot write {site_dir}{where}: {reason}; check that folder and build again"


def build_site(config_file: Path, site_dir: Path, *, strict: bool = True, clean: bool = False,
               progress: IO[str] | None = None) -> MkDocsConfig:
    """Build into a staging folder beside ``site_dir`` and exchange it with the site only when the
    build succeeded (see :mod:`noticeboard.site.publish`): a failed build leaves the site as it was.
    Raises :class:`SiteRefused` before touching anything when ``site_dir`` is not a site folder.
    ``clean``: convert and render every page afresh, without the build cache (``.cache/noticeboard/``);
    otherwise the unchanged pages of the site are reused (:mod:`.reuse`). Returns the config built.
    ``progress``: where the build's phases and counts go as it runs (:mod:`.progress`)."""
    site_dir = site_dir.resolve()
    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    dirty = _DirtyNotice()
    builder = logging.getLogger("mkdocs.commands.build")
    builder.addFilter(dirty)
    try:
        config = load_config(str(config_file), strict=strict)
        plugin = config.plugins["noticeboard"]
        if clean:
            plugin.config.cache = False
        why = refusal(site_dir, Path(config.config_file_path).parent, source_folders(config))
        if why:
            raise SiteRefused(why)
        try:
            with Publication(site_dir, background=True) as publication:
                config["site_dir"] = str(publication.staging)
                plugin.live_site = None if clean else site_dir
                plugin.fork = True
                try:
                    with shown(progress) if progress is not None else contextlib.nullcontext():
                        # only the pages reuse.py takes and those the forked workers render are skipped
                        mkdocs_build(config, dirty=True)
                except BaseException:  # the children that write into the staging folder end before it is removed
                    config.plugins.on_shutdown()
                    raise
                publication.publish()
        finally:  # also on Ctrl-C or SIGTERM, which MkDocs' on_build_error does not see
            config.plugins.on_shutdown()
        return config
    except (MkDocsException, SystemExit) as exc:
        details = "\n".join(dict.fromkeys(collect.messages))  # MkDocs' own "Aborted …" adds nothing
        raise BuildFailed(f"{details or exc}\nbuild failed; {_site_state(site_dir)}.") from None
    except PublishError as exc:
        raise BuildFailed(f"build failed: {exc}; {_site_state(site_dir)}.") from None
    except OSError as exc:
        state = _site_state(site_dir)
        raise BuildFailed(f"build failed: {_os_problem(exc, site_dir)}. {state[0].upper()}{state[1:]}.") from None
    finally:
        logger.removeHandler(collect)
        builder.removeFilter(dirty)
