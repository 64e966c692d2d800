"""The MkDocs plugin: the only part of noticeboard that imports MkDocs."""
