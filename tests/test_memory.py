"""What a build holds while MkDocs writes its pages: MkDocs converts every page before it writes
any and keeps every page to the end, so at 10,000 notices the pages' text would be most of the
build's memory. A generated page's HTML waits compressed from its conversion until it is written,
and every page lets its text go once written."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from mkdocs.structure.pages import Page

from noticeboard.mkdocs_plugin.plugin import NoticeboardPlugin
from noticeboard.search.documents import SearchDoc
from sites import build


def test_pages_hold_no_text_between_conversion_and_writing_nor_after(project: Path, tmp_path: Path, monkeypatch):
    seen: dict[str, list] = {}

    def on_env(self, env, *, config, files):
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        seen["generated"] = [(p.file.src_uri, p.markdown, p.content) for p in pages if p.file.src_uri in self.notice_data]
        seen["pages"] = pages
        return original(self, env, config=config, files=files)

    original = NoticeboardPlugin.on_env
    monkeypatch.setattr(NoticeboardPlugin, "on_env", on_env)
    build(project, tmp_path / "site")

    generated = seen["generated"]
    assert any(uri.startswith("issuers/") for uri, _, _ in generated)  # listings, not only notice pages
    assert [uri for uri, markdown, content in generated if markdown or content] == []
    written: list[Page] = seen["pages"]
    assert [p.file.src_uri for p in written if p.markdown or p.content] == []
    # the pages' titles are kept: the pages written after them show them in their navigation
    assert all(p.title for p in written)
    # and each was written whole: its text put back when it was written
    for uri, _, _ in generated:
        html = (tmp_path / "site" / (uri[: -len("index.md")] if uri.endswith("index.md") else uri[:-3] + "/") / "index.html").read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        assert "<h1" in article, uri


def _search_docs(path: Path, count: int, chars: int) -> int:
    """``count`` notices of about ``chars`` characters each (sentences of a small vocabulary, as
    notices repeat their phrases), one JSON line each as a build writes them for the index; the
    bytes their texts take when all are held at once."""
    rng = random.Random(10)
    sentences = ["".join(rng.choice(_CHARS) for _ in range(rng.randint(8, 30))) + "。" for _ in range(60)]
    held = 0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            text = "\n".join("".join(rng.choice(sentences) for _ in range(12)) for _ in range(chars // 240))
            held += sys.getsizeof(text)
            doc = SearchDoc(url=f"notices/2024/n{i}/", title=f"关于第{i}轮巡察整改进展情况的通报", date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                            issuer="中共某某县委巡察工作领导小组办公室", issuer_slug="moumou", region="某省某市", kind="progress",
                            kind_label="整改进展情况通报", inspection_type="巡察", statuses=("done",), progress=None, text=text)
            out.write(json.dumps(asdict(doc), ensure_ascii=False) + "\n")
    return held


_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


# the index's peak in a process of its own: threads and caches left by other tests in this
# process would be traced with it
_PEAK = """
import sys, tracemalloc
from pathlib import Path
from noticeboard.search import invert
from noticeboard.site.outputs import search_index_from
invert.PARTITION_PAIRS = int(sys.argv[3])
tracemalloc.start()
summary = search_index_from(Path(sys.argv[1]), Path(sys.argv[2]))
print(tracemalloc.get_traced_memory()[1])
print(summary)
"""


def _index_peak(tmp_path: Path, count: int, pairs: int) -> tuple[int, int]:
    """The index's peak traced memory for ``count`` notices (``pairs`` postings a partition), and
    what their texts take held at once."""
    docs = tmp_path / f"search-docs-{count}.jsonl"
    held = _search_docs(docs, count, 20_000)
    run = subprocess.run([sys.executable, "-c", _PEAK, str(docs), str(tmp_path / f"site-{count}"), str(pairs)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    peak, summary = run.stdout.split("\n", 1)
    assert summary.startswith(f"search index of {count} notices")
    return int(peak), held


def test_the_search_index_holds_one_notice_text_at_a_time(tmp_path: Path):
    """The index is built from the file of search documents the build writes: at 10,000 notices
    their texts are ~200 MB, and were held twice over (as read and folded). It reads each text
    when it reaches it and lets it go once its keys are spilled: twice the notices cost the index
    a small part of what their texts take (partitions sized to this small archive)."""
    small, held_small = _index_peak(tmp_path, 150, 100_000)
    large, held_large = _index_peak(tmp_path, 300, 100_000)
    assert held_large - held_small > 5_000_000
    assert large - small < (held_large - held_small) / 3, (small, large, held_small, held_large)


def test_a_build_loads_no_pinyin_tables_it_does_not_use():
    """pypinyin's tables are ~55 MB in each process that imports them: the build, its workers and
    its search index process (which import the command's modules) load them only to turn a
    Chinese name into a slug, never for the ASCII file names and keys a build slugifies."""
    code = ("import sys; import noticeboard.cli, noticeboard.mkdocs_plugin.plugin, noticeboard.mkdocs_plugin.prerender, "
            "noticeboard.site.outputs; from noticeboard.slugs import slugify; "
            "assert slugify('2021-07-05-Xx_ju') == '2021-07-05-xx-ju'; print('pypinyin' in sys.modules); "
            "assert slugify('中共大庆市委') == 'zhong-gong-da-qing-shi-wei'; print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
