"""noticeboard: a static-site publisher for public notices.

The core (model, loading, rendering, archive, feeds, importers) imports nothing from MkDocs;
only :mod:`noticeboard.mkdocs_plugin` does.
"""

__version__ = "0.1.0"
SCHEMA_VERSION = 1
