"""Render notices and listings into Markdown pages (with HTML blocks for the data parts)."""
