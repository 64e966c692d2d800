"""What a long build is doing and how far it is, for ``noticeboard build``: the plugin's phase
lines and counts (``INFO    -  noticeboard: writing pages: 3000 of 10000``, as mkdocs prints its
own), as plain lines in a log (CI), and on a terminal the counts as a bar redrawn in place."""

from __future__ import annotations

import logging
import time
from typing import IO

#: the attribute of a log record that carries ``(phase, done, total)``
STEP = "nb_progress"
#: a plain line every so many items (and at the last)
EVERY = 1000
LOGGER = "mkdocs.plugins.noticeboard"


def step(log: logging.Logger | logging.LoggerAdapter, phase: str, done: int, total: int) -> None:
    """``done`` of ``total`` items of ``phase``: an INFO line every :data:`EVERY` items and at the
    end, a DEBUG record otherwise (the terminal's bar follows those)."""
    level = logging.INFO if done == total or done % EVERY == 0 else logging.DEBUG
    log.log(level, f"{phase}: {done} of {total}", extra={STEP: (phase, done, total)})


class Progress(logging.Handler):
    """Writes the plugin's INFO lines to ``stream``; on a terminal, counts as a bar in place
    (redrawn at most ten times a second)."""

    WIDTH = 30

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.tty = stream.isatty()
        self.bar = False  # a bar is on the current line
        self.drawn = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        counts = getattr(record, STEP, None)
        if self.tty and counts:
            self._draw(*counts)
        elif record.levelno == logging.INFO:
            self._clear()
            self.stream.write(f"INFO    -  {record.getMessage()}\n")  # as mkdocs prints its own
            self.stream.flush()

    def _draw(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.drawn < 0.1:
            return
        self.drawn = now
        filled = self.WIDTH * done // max(total, 1)
        self.stream.write(f"\r\x1b[K{phase} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}")
        self.bar = True
        if done == total:
            self.stream.write("\n")
            self.bar = False
        self.stream.flush()

    def _clear(self) -> None:
        if self.bar:
            self.stream.write("\r\x1b[K")
            self.bar = False


class shown:
    """``with shown(stream):`` the plugin's progress goes to ``stream`` for the block."""

    def __init__(self, stream: IO[str]) -> None:
        self.handler = Progress(stream)
        self.logger = logging.getLogger(LOGGER)

    def __enter__(self) -> Progress:
        self.level = self.logger.level
        self.logger.setLevel(logging.DEBUG if self.handler.tty else logging.INFO)
        self.logger.addHandler(self.handler)
        return self.handler

    def __exit__(self, *exc) -> None:
        self.handler._clear()
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)
