"""A project's settings: where its parts are and what it builds, as its mkdocs.yml says.

They are read once, in one place (:mod:`noticeboard.mkdocs_plugin.settings`), for the CLI and the
plugin alike, so that ``check`` validates the folder the build publishes. The core takes them as
plain data and imports nothing from MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .urls import Urls

NOTICES_DIR = "notices"
"""The notices folder when mkdocs.yml does not set the plugin's ``notices_dir``."""
ISSUERS_FILE = "issuers.yml"
"""In the notices folder: the shared issuer records."""
ATTACHMENTS_DIR = "attachments"
"""In the project root: the one folder attachments may come from."""


@dataclass(frozen=True)
class Settings:
    config_file: Path  # the project's mkdocs.yml; its folder is the project root
    notices_dir: Path  # absolute: the notice YAML files and issuers.yml
    site_dir: Path  # absolute: where ``build`` puts the site
    search: bool = True  # build the search page and index
    urls: Urls = Urls()  # the site's paths and links (use_directory_urls, site_url)
    sources: dict[str, Path] = field(default_factory=dict)  # the source folders by name ("docs folder": …), absolute

    @property
    def root(self) -> Path:
        return self.config_file.parent
