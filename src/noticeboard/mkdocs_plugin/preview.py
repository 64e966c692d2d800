"""The preview server (``noticeboard serve``): MkDocs' live-reload server with two changes.

- A rebuild that fails (a notice made invalid while it is edited) does not leave every request
  waiting: each page shows the problems, ``path:line:col`` as ``noticeboard check`` prints them,
  and reloads by itself when a later save builds again.
- It answers only requests addressed to the address it is bound to (the ``Host`` header), so a
  page of another site cannot read the drafts through DNS rebinding.
- A save that changes only notice files re-renders those notices' own pages at once
  (:meth:`NoticeboardPlugin.refresh`), not the site; the listing pages they are on, the pages
  about the whole archive (figures, inspections, open channels), feeds, open data and the search
  index follow in the background, and meanwhile every page's preview banner says so (the pages
  reload when it is done); when the listings' pages came or went, a full build follows.
- The system tells it which files changed as they change (inotify), where MkDocs looks at every
  watched file twice a second (at 10,000 notices, half a core and half a second a save), and a
  save reads the saved file only: the watching starts before the first build, so nothing saved
  since the last load goes unseen.
"""

from __future__ import annotations

import gc
import ipaddress
import logging
import os
import shutil
import tempfile
import threading
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from ..settings import ISSUERS_FILE
from .driver import Collect

log = logging.getLogger("mkdocs.plugins.noticeboard.preview")

PROBLEM_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>预览无法更新：有错误</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.6}}
pre{{background:#fff4f4;border-left:4px solid #c62828;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere}}</style>
</head><body>
<h1>预览无法更新</h1>
<p>保存后重新构建失败，原因如下（与 <code>noticeboard check</code> 的输出相同）。改正并保存文件后，本页会自动刷新。</p>
<pre class="nb-problems">{problems}</pre>
</body></html>
"""

#: the kinds of file-system event that are a change (not a file opened, nor closed unwritten)
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed", "attrib"})
#: how often the files are looked at where the system does not report changes (as MkDocs does)
POLL_SECONDS = 0.5

#: where the preview banner (templates/markdown/preview.html.j2) says what is still being updated
STATE_MARKER = b"<!-- noticeboard:preview-state -->"
UPDATING = "<span class=\"nb-preview-state\">搜索索引正在更新（列表、统计、整改进程等汇总页随后更新），完成后本页自动刷新。</span>".encode()


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The bound address (MkDocs also accepts ``localhost`` for --dev-addr)."""
    return ipaddress.ip_address("127.0.0.1" if host == "localhost" else host)


def host_allowed(header: str | None, host: str, port: int) -> bool:
    """Whether a request's ``Host`` header names the bound address: ``host:port`` itself, or
    ``localhost:port`` when bound to loopback; any IP address when bound to all interfaces
    (0.0.0.0 or ::). A name other than localhost is never answered (DNS rebinding)."""
    if not header:
        return False
    parts = urlsplit(f"//{header}")
    try:
        asked_port = parts.port or 80
    except ValueError:
        return False
    asked = (parts.hostname or "").lower()
    if asked_port != port:
        return False
    bound = _address(host)
    try:
        ip = ipaddress.ip_address(asked)
    except ValueError:
        return asked == "localhost" and (bound.is_loopback or bound.is_unspecified)
    return ip == bound or bound.is_unspecified or (host == "localhost" and ip.is_loopback)


class PreviewServer(LiveReloadServer):
    """Shows the last failed build's problems on every page instead of waiting for a good build;
    refuses requests for another host."""

    def __init__(self, builder, host: str, port: int, root: str, mount_path: str = "/") -> None:
        super().__init__(builder=builder, host=host, port=port, root=root, mount_path=mount_path)
        self.bound = (host, port)
        self.problems: str | None = None  # the report of the last build, when it failed
        self.updating = False  # feeds, open data and the search index are being rebuilt
        self._changes: set[str] = set()
        self._changes_lock = threading.Lock()
        self._handlers: dict[str, tuple[FileSystemEventHandler, str, bool]] = {}  # watched path → (handler, folder, recursive)
        try:
            # told by the system as a file changes (inotify on Linux) rather than MkDocs' look at
            # every file every half second: at 10,000 notices a look takes a core's half second
            self.observer = Observer()
        except OSError as exc:
            self._polling(exc)

    def _polling(self, why: OSError) -> None:
        log.warning(f"the system does not report file changes ({why.strerror or why}): looking for them every {POLL_SECONDS} s instead")
        self.observer = PollingObserver(timeout=POLL_SECONDS)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """As MkDocs watches ``path`` (a change there rebuilds), told by the system as it happens,
        and what changed is noted (:meth:`take_changes`). A file is watched through its folder, so
        that an editor that saves by replacing the file is seen too."""
        path = os.path.abspath(path)
        if func is not None and func is not self.builder:
            raise TypeError("Plugins can no longer pass a 'func' parameter to watch().")
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        folder, only = (path, None) if os.path.isdir(path) else (os.path.dirname(path), path)
        handler = FileSystemEventHandler()

        def changed(event) -> None:
            if event.event_type not in CHANGES:
                return  # a file opened, or closed unwritten: read (by a build too), not changed
            paths = {os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
            if only is not None:
                paths &= {only}
            if not paths:
                return
            with self._changes_lock:
                self._changes.update(paths)
            if not event.is_directory:
                with self._rebuild_cond:
                    self._want_rebuild = True
                    self._rebuild_cond.notify_all()

        handler.on_any_event = changed  # type: ignore[method-assign]
        self._handlers[path] = (handler, folder, recursive and only is None)
        try:
            self._watch_refs[path] = self.observer.schedule(handler, folder, recursive=recursive and only is None)
        except OSError as exc:  # the system's limit of watches reached, say
            if isinstance(self.observer, PollingObserver):
                raise
            started = self.observer.is_alive()
            if started:
                self.observer.stop()
            self._polling(exc)
            self._watch_refs = {p: self.observer.schedule(h, f, recursive=r) for p, (h, f, r) in self._handlers.items()}
            if started:
                self.observer.start()

    def unwatch(self, path: str) -> None:
        super().unwatch(path)
        if os.path.abspath(path) not in self._watched_paths:
            self._handlers.pop(os.path.abspath(path), None)

    def serve(self) -> None:
        """As MkDocs serves, the watching started already (:func:`serve_site` starts it before the
        first build, so that a file saved during that build is seen)."""
        self.server_bind()
        self.server_activate()
        if not self.observer.is_alive():
            self.observer.start()
        logging.getLogger("mkdocs.livereload").info(f"Serving on {self.url}")
        self.serve_thread.start()
        self._build_loop()

    def take_changes(self) -> set[str]:
        """The paths changed since the last call (files and folders, as the watcher saw them)."""
        with self._changes_lock:
            changes, self._changes = self._changes, set()
        return changes

    def rebuild(self) -> None:
        """Build again as if a watched file changed (none is noted, so the build is a full one)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def reload_browsers(self) -> None:
        """Pages open in a browser reload (unless a build is under way: it will reload them)."""
        with self._epoch_cond:
            if self._visible_epoch == self._wanted_epoch:
                self._visible_epoch = self._wanted_epoch = max(_timestamp(), self._visible_epoch + 1)
                self._epoch_cond.notify_all()

    def _inject_js_into_html(self, content, epoch):
        if self.updating:
            content = content.replace(STATE_MARKER, UPDATING, 1)
        return super()._inject_js_into_html(content, epoch)

    def serve_request(self, environ, start_response):
        if not host_allowed(environ.get("HTTP_HOST"), *self.bound):
            host, port = self.bound
            names = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"] + ([f"localhost:{port}"] if host != "localhost" and _address(host).is_loopback else [])
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"403 Forbidden: this preview answers only requests for {' or '.join(names)}\n".encode()]
        return super().serve_request(environ, start_response)

    def _serve_request(self, environ, start_response):
        if not environ["PATH_INFO"].startswith("/livereload/"):
            with self._epoch_cond:  # as MkDocs does: wait for the build under way
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                problems, epoch = self.problems, self._visible_epoch
            if problems is not None:
                page = PROBLEM_PAGE.format(problems=escape(problems)).encode("utf-8")
                page = self._inject_js_into_html(page, epoch)  # reloads when a save builds again
                start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                             ("Content-Length", str(len(page)))])
                return [page]
        return super()._serve_request(environ, start_response)


class Outputs:
    """Feeds, open data and the search index rewritten in a thread after a refresh, while the
    pages are already shown; a save meanwhile has them rewritten once more when this run ends.
    ``server.updating`` says so (the banner) until the last run is done; then browsers reload."""

    def __init__(self, write, server: PreviewServer) -> None:
        self.write = write  # None from it: the site needs a full build
        self.server = server
        self.lock = threading.Lock()
        self.pending = False
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        with self.lock:
            self.pending = True
            if self.thread is None or not self.thread.is_alive():
                self.server.updating = True
                self.thread = threading.Thread(target=self._run, name="noticeboard-outputs", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.pending:
                    self.server.updating = False
                    break
                self.pending = False
            try:
                summary = self.write()
            except Exception as exc:  # noqa: BLE001 - reported; the next full build writes them again
                log.error(f"updating feeds, open data and the search index failed: {exc}")
            else:
                if summary is None:
                    log.info("the listings' pages came or went: building in full")
                    self.server.rebuild()
                else:
                    log.info(f"updated {summary}")
        self.server.reload_browsers()

    def wait(self) -> None:
        """Let a run under way finish, and start no other."""
        with self.lock:
            self.pending = False
            thread = self.thread
        if thread is not None:
            thread.join()


def serve_site(config_file: Path, dev_addr: str) -> None:
    """``mkdocs serve`` with :class:`PreviewServer`: rebuilds on changes to docs/, notices/ and
    the config; drafts shown as 预览. Follows ``mkdocs.commands.serve.serve``."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    site_dir = tempfile.mkdtemp(prefix="noticeboard-preview-")

    def get_config():
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=dev_addr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    plugin = config.plugins["noticeboard"]
    notices_dir = Path(plugin.config.notices_dir).resolve()

    def only_notices(changes: set[str]) -> list[str] | None:
        """The changed paths, when they all lie in the notices folder, with its links resolved
        (not a file's own: a linked notice is a notice); None when anything else changed
        (issuers.yml touches every page of its issuers)."""
        paths = [Path(os.path.realpath(os.path.dirname(p))) / os.path.basename(p) for p in changes]
        if paths and all(p.is_relative_to(notices_dir) and p != notices_dir / ISSUERS_FILE for p in paths):
            return [str(p) for p in paths]
        return None

    def builder(config=None) -> None:
        collect = Collect(logging.ERROR)
        logger.addHandler(collect)
        try:
            notices = only_notices(server.take_changes()) if config is None else None
            if notices is not None and plugin.refresh(notices):
                if plugin.touched:
                    outputs.start()
            else:
                outputs.wait()  # a full build clears the site folder first
                gc.unfreeze()  # what the last full build kept may go now, cycles too
                try:
                    if config is None:
                        config = get_config()
                        config.site_url = serve_url
                    build(config, serve_url=serve_url)
                finally:
                    # what the build keeps (the notices, pages, navigation: millions of objects
                    # at 10,000 notices) is left out of the cyclic collector's passes, which a save
                    # would otherwise wait seconds for; the next full build lets it go
                    gc.collect()
                    gc.freeze()
        except (MkDocsException, SystemExit, OSError) as exc:
            server.problems = "\n".join(dict.fromkeys(collect.messages)) or str(exc)
            log.error("the preview shows these problems until a save builds again")
        else:
            server.problems = None
        finally:
            logger.removeHandler(collect)

    server = PreviewServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    outputs = Outputs(plugin.write_outputs, server)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        # watched from before the first build (which takes minutes at 10,000 notices): a file
        # saved while it runs is seen, and the save after it need look at the saved file only
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        server.watch(str(notices_dir))
        server.observer.start()
        builder(config)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        server.observer.stop()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
