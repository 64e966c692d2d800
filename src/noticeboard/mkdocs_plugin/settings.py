"""Read a project's :class:`~noticeboard.settings.Settings` from its mkdocs.yml, as MkDocs does.

The CLI calls :func:`read_settings` (``-f/--config-file``, default ``./mkdocs.yml``); the plugin
calls :func:`settings_of` on the config MkDocs loaded. Both take the noticeboard options as the
plugin's own config class validated them, so they cannot disagree.
"""

from __future__ import annotations

import logging
from logging.handlers import BufferingHandler
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..settings import Settings
from ..urls import Urls
from .site_text import site_text_problems

PLUGIN = "noticeboard"


class SettingsError(Exception):
    """mkdocs.yml cannot be read or does not set up the plugin; the message says why, one line each."""


def source_folders(config: MkDocsConfig) -> dict[str, Path]:
    """The project's source folders a site folder must keep clear of, by name."""
    root = Path(config.config_file_path).parent
    folders = {"docs folder": Path(config.docs_dir), "notices folder": root / "notices",
               "attachments folder": root / "attachments", "overrides folder": root / "overrides",
               ".git folder": root / ".git"}
    if config.theme.custom_dir:
        folders["theme custom_dir"] = Path(config.theme.custom_dir)
    plugin = config.plugins.get("noticeboard")
    if plugin is not None:
        folders["notices_dir"] = Path(plugin.config.notices_dir)
    return folders


def settings_of(config: MkDocsConfig) -> Settings:
    """The settings of a loaded MkDocs config that uses the noticeboard plugin."""
    options = config.plugins[PLUGIN].config
    return Settings(
        config_file=Path(config.config_file_path).resolve(),
        notices_dir=Path(options.notices_dir).resolve(),
        site_dir=Path(config.site_dir).resolve(),
        search=options.search,
        urls=Urls(directory_urls=config.use_directory_urls, site_url=config.site_url or ""),
        sources={name: path.resolve() for name, path in source_folders(config).items()},
    )


def read_settings(config_file: Path | None) -> Settings:
    """Load ``config_file`` (None: ``mkdocs.yml`` in the current folder) with MkDocs' own loader."""
    shown = str(config_file) if config_file is not None else "mkdocs.yml"
    caught = BufferingHandler(capacity=1000)
    caught.setLevel(logging.ERROR)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(caught)
    try:
        config = load_config(str(config_file) if config_file is not None else None)
    except MkDocsException as exc:  # its errors are logged; it raises "Aborted with … errors!"
        details = [_without_traceback(record.getMessage()) for record in caught.buffer] or [str(exc)]
        raise SettingsError("\n".join(f"{shown}: {' '.join(line.split())}" for line in dict.fromkeys(details))) from None
    finally:
        logger.removeHandler(caught)
    if PLUGIN not in config.plugins:
        raise SettingsError(f"{shown}: the {PLUGIN} plugin is not in plugins:; add '- {PLUGIN}' there")
    unsafe = site_text_problems(config)
    if unsafe:
        raise SettingsError("\n".join(f"{shown}: {line}" for line in unsafe))
    return settings_of(config)


def _without_traceback(message: str) -> str:
    """MkDocs' message without the traceback some of them carry (a Markdown extension that fails
    to load): its first line and the exception's last line."""
    lines = message.splitlines()
    if any(line.strip().startswith('File "') for line in lines[1:]):
        return f"{lines[0]} {lines[-1].strip()}"
    return message
