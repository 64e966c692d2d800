"""Importers: turn a notice document (.txt, .docx) into a draft schema-v1 YAML file.

The pipeline is read → clean noise → find the header → split summary, sections and contact →
extract inspection, problems and progress → assemble a dict in schema key order → write YAML.
Each step lives in its own module; :func:`import_file` runs them all.
"""

from noticeboard.importers.assemble import ImportResult, import_file
from noticeboard.importers.reading import ImportFailure

__all__ = ["ImportFailure", "ImportResult", "import_file"]
