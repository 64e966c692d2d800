"""What a page loads of Material, and when (the package's ``theme/base.html`` says how).

Material's ``base.html`` is extended, not copied: :class:`ThemeLoader` serves Material's own
templates under :data:`BELOW` as well, so the package's ``base.html`` extends
``nb-material/base.html`` and changes only the blocks that load files. :class:`Stylesheet` reads
each page as it is written and, after the build, the site's other pages (their classes and inline
scripts) and the scripts the pages load (the classes they add as they run), and writes Material's
stylesheet trimmed to those names (``site/css_trim.py``), so a phone on a slow network waits for
less of it before it draws; a warm build, whose site holds the pages it kept, writes what a cold
one does. A preview (``serve``), which renders only some pages again, gets it whole.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.utils import normalize_url
from markupsafe import Markup

from .. import urls
from ..site.assets import THEME_DIR
from ..site.cache import Store, code_key, content_key
from ..site.css_trim import Names, trim, trim_values

BELOW = "nb-material/"  # prefix of the templates of the theme below the package's (Material's)
TRIMMED = urls.asset("material.css")  # where the stylesheet the pages link is written
PALETTE = urls.asset("palette.css")  # where the palette's stylesheet the pages link is written
# what Material's palette sets (its inputs say); found by its literal start, as _CLASS (colors())
_COLOR = re.compile(r'(data-md-color-(?:scheme|primary|accent))="([^"]*)"')
_MATERIAL_CSS = re.compile(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css")
_PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
_MATERIAL_JS = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
_CLASS = re.compile(r'class="([^"]*)"')  # found by its literal start: a leading \b made the scan 5× slower
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)
_UNTYPED_SCRIPT = re.compile(r"<script\b(?![^>]*\btype=)(?=[^>]*\bsrc=)", re.IGNORECASE)
LATER = "nb/later"  # the type of a script held until the page asks for it (theme/base.html: after the page is drawn; the search page's first results)


def class_names(html: str) -> list[str]:
    """The class names of ``html``'s ``class="…"`` attributes (not ``subclass="…"``: a word character before is no attribute start)."""
    names = []
    for match in _CLASS.finditer(html):
        at = match.start()
        if at and (html[at - 1].isalnum() or html[at - 1] == "_"):  # what \b before "class" excluded
            continue
        names.extend(match.group(1).split())
    return names


def colors(html: str) -> list[tuple[str, str]]:
    """The palette's ``data-md-color-…="…"`` attributes of ``html``, as (name, value), each
    starting at a word's start (what a leading ``\\b`` found, without the scan at every position it
    cost: 20× slower, a tenth of a 10,000-notice build's main process)."""
    found = []
    at = 0
    while (match := _COLOR.search(html, at)) is not None:
        start = match.start()
        if start and (html[start - 1].isalnum() or html[start - 1] == "_"):  # inside a word: look again one further
            at = start + 1
            continue
        found.append((match.group(1), match.group(2)))
        at = match.end()
    return found


def below(theme_dirs: list[str]) -> Path | None:
    """The theme folder after the package's that holds a ``base.html`` (Material's templates)."""
    dirs = [Path(d) for d in theme_dirs]
    after = dirs[dirs.index(THEME_DIR) + 1:] if THEME_DIR in dirs else dirs
    return next((d for d in after if (d / "base.html").is_file()), None)


def later(html: str) -> Markup:
    """``html`` with each ``<script src=…>`` that is not typed (a module, data) held: typed
    :data:`LATER`, which a browser neither fetches nor runs, until the page's ``nbLater()``
    (``theme/base.html``) loads them, in order."""
    return Markup(_UNTYPED_SCRIPT.sub(f'<script type="{LATER}"', str(html)))


class ThemeLoader(jinja2.BaseLoader):
    """The theme's loader, with Material's templates also as ``nb-material/<name>``."""

    def __init__(self, inner: jinja2.BaseLoader, material: Path) -> None:
        self.inner = inner
        self.material = jinja2.FileSystemLoader(str(material))

    def get_source(self, environment, template):
        if template.startswith(BELOW):
            return self.material.get_source(environment, template[len(BELOW):])
        return self.inner.get_source(environment, template)

    def list_templates(self):
        return self.inner.list_templates()


USES = "uses"  # the build cache's kind of a page's uses of the stylesheet


@dataclass(frozen=True)
class Uses:
    """What one page takes of the stylesheet: its class names, its inline scripts (which may add
    classes as they run) and the palette's values it sets; ``key`` names them (many pages share
    the same)."""

    names: frozenset[str]
    inline: frozenset[str]
    colors: frozenset[tuple[str, str]]
    key: str

    @staticmethod
    def parts(html: str) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]]]:
        return frozenset(class_names(html)), frozenset(_INLINE.findall(html)), frozenset(colors(html))

    @classmethod
    def of(cls, html: str) -> Uses:
        return cls.made(*cls.parts(html))

    @classmethod
    def made(cls, names: frozenset[str], inline: frozenset[str], colors: frozenset[tuple[str, str]]) -> Uses:
        return cls(names, inline, colors, content_key(json.dumps(cls._listed(names, inline, colors), ensure_ascii=False)))

    @staticmethod
    def _listed(names, inline, colors) -> list:
        return [sorted(names), sorted(inline), sorted(map(list, colors))]

    def dumps(self) -> bytes:
        return json.dumps(self._listed(self.names, self.inline, self.colors), ensure_ascii=False).encode("utf-8")

    @classmethod
    def loads(cls, data: bytes) -> Uses | None:
        try:
            names, inline, colors = json.loads(data)
            return cls.made(frozenset(names), frozenset(inline), frozenset((str(n), str(v)) for n, v in colors))
        except (ValueError, TypeError):
            return None


class Stylesheet:
    """Material's stylesheet as this build's pages use it (see the module's docstring)."""

    def __init__(self, material: Path, *, trimmed: bool) -> None:
        base = (material / "base.html").read_text(encoding="utf-8")
        css, js, palette = _MATERIAL_CSS.search(base), _MATERIAL_JS.search(base), _PALETTE_CSS.search(base)
        self.href = css.group(0) if css else None  # what Material's base.html links (None: left as it is)
        self.palette_href = palette.group(0) if palette else None
        self.source = material / self.href if self.href else None
        self.script = material / js.group(0) if js else None
        self.palette = material / palette.group(0) if palette else None
        self.material = material
        self.templates: ThemeLoader | None = None
        self.trimmed = trimmed
        # what each page of the site written so far (:meth:`written`) or kept from the last build
        # (:meth:`recall`) uses, by where it is: the key of its uses in ``uses``; pages share them
        self.pages: dict[str, str] = {}
        self.uses: dict[str, Uses] = {}
        self.made: dict[tuple, Uses] = {}  # by their parts: a page's uses named without hashing them again

    def replaced(self) -> list[str]:
        """Material's stylesheets (and their source maps) that the pages link in their place (the
        files :meth:`write` writes, trimmed or whole): no page loads them, so the site does not
        ship them."""
        return [f"{href}{ext}" for href in (self.href, self.palette_href) if href for ext in ("", ".map")]

    def loader(self, inner: jinja2.BaseLoader) -> ThemeLoader:
        """The loader for the theme's environment."""
        self.templates = ThemeLoader(inner, self.material)
        return self.templates

    def globals(self) -> dict:
        """What ``theme/base.html`` reads (``nb_material``)."""
        return {"css": self.href, "trimmed": TRIMMED, "palette": self.palette_href, "palette_trimmed": PALETTE}

    def written(self, path: str, html: str) -> None:
        """A page as it is written to ``path`` (its classes and inline scripts are read now, not
        from the site after the build)."""
        if self.trimmed:
            parts = Uses.parts(html)
            uses = self.made.get(parts)
            if uses is None:
                uses = self.made[parts] = Uses.made(*parts)
                self.uses.setdefault(uses.key, uses)
            self.pages[os.path.normpath(path)] = uses.key

    def share(self) -> tuple:
        """What :meth:`written` gathered (a worker's, for :meth:`merge` in the build: forked.py)."""
        return self.pages, self.uses

    def merge(self, shared: tuple) -> None:
        pages, uses = shared
        self.pages.update(pages)
        for key, found in uses.items():
            self.uses.setdefault(key, found)

    def recall(self, path: str, key: str, store: Store) -> bool:
        """A page the build keeps from the last one (reuse.py), whose uses the last build kept in
        the build cache ``store`` under ``key`` (:meth:`keep`): not read again. False when they
        are not there (then the page is read from the site after the build)."""
        if not self.trimmed:
            return True
        if key not in self.uses:
            data = store.get(USES, key)
            found = Uses.loads(data) if data is not None else None
            if found is None or found.key != key:
                return False
            self.uses[key] = found
        self.pages[os.path.normpath(path)] = key
        return True

    def keep(self, store: Store) -> dict[str, str]:
        """Keep the uses of this build's pages in the build cache ``store`` for the next build's
        :meth:`recall`; each page's key by where it was written."""
        for key, uses in self.uses.items():
            if not store.has(USES, key):
                store.put(USES, key, uses.dumps())
        return self.pages

    def write(self, site_dir: Path, scripts: list[Path], styles: list[Path], store: Store | None = None) -> str:
        """Write the stylesheet into the site; what was written, for the build's summary line.
        ``scripts`` and ``styles``: the other files the pages load (stylesheets read Material's
        custom properties). ``store``: the build cache, where the trimmed stylesheets are kept by
        everything they are made from (the set of the pages' uses, those files, Material's
        stylesheets, noticeboard's code): a build whose pages use what the last one's did writes
        the kept ones, not trimmed again."""
        if self.source is None:
            return "Material's stylesheet as it is"
        css = self.source.read_text(encoding="utf-8")
        palette = self.palette.read_text(encoding="utf-8") if self.palette is not None and self.palette.is_file() else None
        summary = "Material's stylesheet whole"
        if self.trimmed:
            # what the pages of the site hold, those written by this build (:meth:`written`) and
            # the others read from the site (a warm build's kept pages, 404.html, redirects), so a
            # warm build writes what a cold one would: their classes, their inline scripts
            found = {key: self.uses[key] for key in set(self.pages.values())}
            for html in _html_files(site_dir):
                if html not in self.pages:
                    with open(html, encoding="utf-8", errors="replace") as page:
                        uses = Uses.of(page.read())
                    found.setdefault(uses.key, uses)
            loaded = [path.read_text(encoding="utf-8") for path in [self.script, *scripts] if path is not None and path.is_file()]
            reads = [path.read_text(encoding="utf-8") for path in [self.palette, *styles] if path is not None and path.is_file()]
            key = content_key("stylesheet", code_key(), css, palette or "", *sorted(found), *(part for text in loaded for part in ("script", text)),
                              *(part for text in reads for part in ("style", text)))
            kept = _kept_sheets(store.get(STYLESHEETS, key)) if store is not None else None
            whole = len(css)
            if kept is not None:
                css, palette = kept
            else:
                css, palette = self._trimmed(css, palette, found.values(), loaded, reads)
                if store is not None:
                    store.put(STYLESHEETS, key, json.dumps([css, palette], ensure_ascii=False).encode("utf-8"))
            summary = f"Material's stylesheet trimmed to {len(css) // 1024} kB of {whole // 1024} kB" + (" (kept)" if kept is not None else "")
        target = site_dir / TRIMMED
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
        if palette is not None:
            (site_dir / PALETTE).write_text(palette, encoding="utf-8")
        return summary

    @staticmethod
    def _trimmed(css: str, palette: str | None, found, scripts: list[str], reads: list[str]) -> tuple[str, str | None]:
        """Material's stylesheet and palette trimmed to what the pages' uses ``found``, the
        ``scripts`` they load and the stylesheets ``reads`` (the palette's first) use."""
        names, inline, colors = Names(), set(), {}
        for uses in found:
            names.names.update(uses.names)
            inline.update(uses.inline)
            for name, value in uses.colors:
                colors.setdefault(name, set()).add(value)
        for script in sorted(inline):
            names.add_script(script)
        for script in scripts:
            names.add_script(script)
        for style in reads:
            names.add_reads(style)
        if palette is not None:
            # its colours for the schemes and colours the pages' palette offers (Material sets no other)
            names_set = ("data-md-color-scheme", "data-md-color-primary", "data-md-color-accent")
            palette = trim_values(palette, {n: colors.get(n, set()) for n in names_set})
        return trim(css, names), palette


STYLESHEETS = "stylesheets"  # the build cache's kind of the trimmed stylesheets (Stylesheet.write)


def _kept_sheets(data: bytes | None) -> tuple[str, str | None] | None:
    """The trimmed stylesheet and palette kept by :meth:`Stylesheet.write`, or None (none, or not sound)."""
    if data is None:
        return None
    try:
        css, palette = json.loads(data)
    except (ValueError, TypeError):
        return None
    if not isinstance(css, str) or not (palette is None or isinstance(palette, str)):
        return None
    return css, palette


def _html_files(site_dir: Path) -> list[str]:
    """The HTML files under ``site_dir``, as normalised path strings, sorted (a walk by strings:
    a warm build of 10,000 notices has some 100,000 files, which pathlib's rglob made slowly)."""
    found = []
    for folder, _, names in os.walk(os.path.normpath(site_dir)):
        found += [os.path.join(folder, name) for name in names if name.endswith(".html")]
    return sorted(found)


PARTIALS = ("nav", "tabs", "footer")  # Material's partials that :class:`Partials` makes once for the pages alike (theme/partials/)
SHARED_MAX = 64  # outputs kept per partial (one per depth of a page and section it is in: a few)


class Partials:
    """Material's navigation (``partials/nav.html``, ``partials/tabs.html``), made once for all
    the pages it shows alike, not once per page (a fifth of a page's templates, 23,000 times).

    What those templates (and the footer, ``partials/footer.html``) read of the page being
    written: the pages before and after it in the navigation (the footer's), whether it, or a page under an item, is
    the navigation's active item (``nav_item.active``, ``nav_item == page``; then its table of
    contents), ``page in nav_item.pages`` (Material's blog), and the links, each through MkDocs'
    ``url`` filter, relative to the page. So a page none of whose navigation's items is active,
    that is none of them and where no item holds ``pages`` (every generated page) gets what a page
    got whose every link the template made, made again for this page, is the same and whose
    navigation's items (titles, addresses, metadata) and the theme's features are the same (the
    rest they read, the site's settings and language, is the build's: a build, a new navigation,
    nothing kept). Any other page is made as Material makes it. The links a template makes are
    recorded (:meth:`url`) as it runs; at most :data:`SHARED_MAX` outputs are kept per partial."""

    def __init__(self) -> None:
        self.nav = None  # the navigation the outputs are of (a new build, a new navigation: none kept)
        self.env: jinja2.Environment | None = None  # the theme's (:meth:`install`)
        self.filter = None  # its url filter, which records the links
        self.made: dict[tuple, tuple[tuple[str, ...], dict[tuple, str]]] = {}  # (partial, items) → (its links, {their addresses here: output})
        self.recording: list[list[str]] = []  # the links the partials being made ask for
        self.texts: dict[tuple[str, str], str] = {}  # (language, key) → Material's text (:meth:`translation`)

    def install(self, env: jinja2.Environment) -> None:
        """Give the theme's environment MkDocs' ``url`` filter wrapped to also record each link
        for the partials being made, and the templates' globals ``nb_partial``, ``nb_translation``."""
        inner = env.filters["url"]

        @jinja2.pass_context
        def url(context, value):
            for links in self.recording:
                links.append(str(value))
            return inner(context, value)

        self.env, self.filter = env, url
        env.filters["url"] = url
        env.globals.update(nb_partial=self.shown, nb_translation=self.translation)

    def shown(self, name: str, page, nav, features, caller) -> str:
        """The partial ``name`` for ``page`` (``caller()`` makes it as Material does)."""
        items = self._items(page, nav)
        if items is None or name not in PARTIALS or page.previous_page is not None or page.next_page is not None \
                or self.env is None or self.env.filters.get("url") is not self.filter:  # (a template resolves its filters as it runs)
            return caller()  # the footer links the pages before and after in the navigation
        items = (tuple(features or ()), items)
        if nav is not self.nav:
            self.nav, self.made = nav, {}
        made = self.made.get((name, items))
        here = None
        if made is not None:
            links, outputs = made
            here = tuple(normalize_url(link, page=page) for link in links)
            output = outputs.get(here)
            if output is not None:
                for recording in self.recording:  # a partial being made holds this one: its links are its own
                    recording.extend(links)
                return output
        self.recording.append(links := [])
        try:
            output = caller()
        finally:
            self.recording.remove(links)
        if made is None or tuple(links) == made[0]:
            if made is None:
                made = self.made[(name, items)] = (tuple(links), {})
            if here is None:
                here = tuple(normalize_url(link, page=page) for link in links)
            if len(made[1]) < SHARED_MAX:
                made[1][here] = output
        return output

    @staticmethod
    def _items(page, nav) -> tuple | None:
        """What the partials read of the navigation's items, or None when ``page`` is one of
        them, one is active or holds ``pages``."""
        if page is None or nav is None:
            return None
        out = []
        todo = list(nav.items)
        while todo:
            item = todo.pop()
            if getattr(item, "active", False) or item is page or item == page or getattr(item, "pages", None) is not None:
                return None
            children = getattr(item, "children", None) or []
            todo.extend(children)
            out.append((type(item).__name__, item.title, getattr(item, "url", None), getattr(item, "is_index", None),
                        repr(getattr(item, "meta", None)), repr(getattr(item, "encrypted", None)), len(children)))
        return tuple(out)

    def translation(self, language: str, primary, fallback):
        """Material's ``lang.t`` (``theme/partials/language.html``): a key's text in ``language``
        (``primary``, Material's ``partials/languages/<language>.html``), else in English
        (``fallback``), else the key; ``zh-CN`` for Chinese's own tag. Each of those templates is
        a table of texts by key, so a key's text is made once a build, not at each use (30 a page)."""
        def t(key):
            found = self.texts.get((language, key))
            if found is None:
                if key == "language" and language == "zh":
                    found = "zh-CN"
                else:
                    found = str(primary(key) or fallback(key) or key)
                self.texts[(language, key)] = found
            return found
        return t
