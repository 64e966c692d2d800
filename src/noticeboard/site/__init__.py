"""The site as data: which pages exist (the page plan) and which other files are written."""
