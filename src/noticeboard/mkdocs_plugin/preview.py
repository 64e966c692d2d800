"""The preview server (``noticeboard serve``): MkDocs' live-reload server with two changes.

- A rebuild that fails (a notice made invalid while it is edited) does not leave every request
  waiting: each page shows the problems, ``path:line:col`` as ``noticeboard check`` prints them,
  and reloads by itself when a later save builds again.
- It answers only requests addressed to the address it is bound to (the ``Host`` header), so a
  page of another site cannot read the drafts through DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import logging
import shutil
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url

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

    def builder(config=None) -> None:
        collect = Collect(logging.ERROR)
        logger.addHandler(collect)
        try:
            if config is None:
                config = get_config()
                config.site_url = serve_url
            build(config, serve_url=serve_url)
        except (MkDocsException, SystemExit, OSError) as exc:
            server.problems = "\n".join(dict.fromkeys(collect.messages)) or str(exc)
            log.error("the preview shows these problems until a save builds again")
        else:
            server.problems = None
        finally:
            logger.removeHandler(collect)

    server = PreviewServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
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
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
