"""The search index builder and the reference query on small hand-made documents."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
from pathlib import Path

import pytest

from noticeboard.search.analysis import doc_keys, fold, query_words, shard_of, word_keys
from noticeboard.search.documents import SearchDoc, plain, search_doc
from noticeboard.search.index import build_index, encode_posting
from noticeboard.search.query import Index, _posting
from noticeboard.urls import Urls


def sd(n: int, title: str, text: str, *, date="2021-07-05", kind="progress", issuer="甲局", slug="jia",
       region="某省某市", itype="巡察", statuses=("done",)) -> SearchDoc:
    return SearchDoc(url=f"notices/{date[:4]}/n{n}/", title=title, date=date, issuer=issuer, issuer_slug=slug,
                     region=region, kind=kind, kind_label=kind, inspection_type=itype, statuses=statuses,
                     progress=None, text=text)


DOCS = [
    sd(1, "关于巡察整改进展情况的通报", "严格公务用车管理，规范差旅费报销。监督电话：12388", date="2021-07-05"),
    sd(2, "公务用车专项整改报告", "落实“三重一大”决策制度。邮箱 TZBDZZ@163.com", date="2022-01-10", kind="report",
       issuer="乙委", slug="yi", region=None, itype="巡视", statuses=("in_progress", "long_term")),
    sd(3, "整改方案", "差旅费报销不规范；公务接待超标准。２０２１年完成", date="2020-03-01", kind="plan", itype=None, statuses=()),
    sd(4, "整改情况公示", "用车公务化改革后，差旅管理仍需加强。", date="2021-12-31", kind="publicity"),
]


@pytest.fixture
def index(tmp_path) -> Index:
    build_index(DOCS, tmp_path / "search")
    return Index(tmp_path / "search")


def urls(index: Index, q: str, **kw) -> set[str]:
    res = index.search(q, **kw)
    return {index.doc(i).url for i in res.ids} if res.mode != "idle" else set()


def n(*nums) -> set[str]:
    return {d.url for d in DOCS if int(d.url.rstrip("/").rsplit("n", 1)[1]) in nums}


def test_phrases_exact(index):
    assert urls(index, "公务用车") == n(1, 2)
    assert urls(index, "差旅费") == n(1, 3)
    assert urls(index, "三重一大") == n(2)
    assert urls(index, "用车公务") == n(4)  # same characters, other order: only where it occurs
    assert urls(index, "公务") == n(1, 2, 3, 4)
    assert urls(index, "不存在的词") == set()


def test_one_character_is_searched_exactly(index):
    res = index.search("车")
    assert res.mode == "query" and res.exact and res.words == ["车"]
    assert urls(index, "车") == n(1, 2, 4)
    assert urls(index, "费") == n(1, 3)
    assert urls(index, "旅 车") == n(1, 4)  # two one-character words: both must occur
    assert urls(index, "鑫") == set()


def test_several_words_with_and_without_spaces(index):
    assert urls(index, "公务用车 差旅费") == n(1)
    assert urls(index, "公务用车　差旅费") == n(1)  # ideographic space
    res = index.search("公务用车差旅费")
    assert res.words == ["公务用车", "差旅费"]
    assert {index.doc(i).url for i in res.ids} == n(1)
    # a whole phrase that occurs is not split
    assert index.search("规范差旅费报销").words == ["规范差旅费报销"]
    # no cut into occurring pieces: nothing
    assert urls(index, "公务用车火星探测") == set()


def test_latin_and_digits_case_insensitive(index):
    assert urls(index, "12388") == n(1)
    assert urls(index, "tzbdzz@163.com") == n(2)
    assert urls(index, "TZBDZZ@163.COM") == n(2)
    assert urls(index, "163") == n(2)
    assert urls(index, "2021") == n(3)  # full-width digits in the text
    assert urls(index, "２０２１年") == n(3)
    assert urls(index, "tzbdz") == set()  # Latin matches whole tokens


def test_title_scores_higher(index):
    res = index.search("公务用车")
    assert [index.doc(i).url for i in res.ids] == [DOCS[1].url, DOCS[0].url]
    res = index.search("公务用车", sort="date")
    assert [index.doc(i).url for i in res.ids] == [DOCS[1].url, DOCS[0].url]
    res = index.search("差旅", sort="date")
    assert [index.doc(i).date for i in res.ids] == ["2021-12-31", "2021-07-05", "2020-03-01"]


def test_facets_exclude_their_own_selection(index):
    res = index.search("差旅", facets={"year": "2021"})
    assert res.total == 2
    assert res.counts["year"] == {"2021": 2, "2020": 1}
    assert res.counts["kind"] == {"progress": 1, "publicity": 1}
    assert res.counts["status"] == {"done": 2}
    res = index.search("公务", facets={"status": "long_term"})
    assert {index.doc(i).url for i in res.ids} == n(2)
    assert res.counts["status"] == {"done": 2, "in_progress": 1, "long_term": 1}
    assert res.counts["type"] == {"巡视": 1}
    assert res.counts["issuer"] == {"yi": 1}
    assert res.counts["region"] == {}


def test_browse_and_idle(index):
    res = index.search("", facets={"type": "巡察"})
    assert res.mode == "browse"
    assert [index.doc(i).url for i in res.ids] == [DOCS[3].url, DOCS[0].url]
    res = index.search("")
    assert res.mode == "idle" and res.total == 0 and res.counts["year"]["2021"] == 2


def test_values_the_index_does_not_have_are_ignored_and_pages_clamped(index):
    plain_ = index.search("差旅")
    for facet, value in [("status", "constructor"), ("status", "__proto__"), ("kind", "toString"),
                         ("year", "abc"), ("year", "2021.0"), ("issuer", "hasOwnProperty"), ("region", "valueOf")]:
        res = index.search("差旅", facets={facet: value})
        assert res.facets == {} and res.ids == plain_.ids and res.counts == plain_.counts, (facet, value)
    assert index.search("差旅", facets={"year": "2021", "status": "constructor"}).facets == {"year": "2021"}
    assert index.search("差旅", sort="constructor").ids == plain_.ids
    assert index.search("差旅", page=999).page_no == 1 and index.search("差旅", page=999).page
    assert index.search("差旅", page=-3).page_no == 1


def test_a_query_is_searched_on_its_first_max_query_characters(index):
    from noticeboard.search.analysis import MAX_QUERY

    long = "差旅费" + "公" * (MAX_QUERY - 3) + "务用车"
    assert query_words(long) == [fold(long[:MAX_QUERY])]
    res = index.search("公务用车 " + "x" * 5000)
    assert res.truncated and res.words == ["公务用车", "x" * (MAX_QUERY - 5)]
    assert not index.search("公务用车").truncated


def test_builds_only_what_it_is_given(tmp_path):
    # drafts are filtered by the caller: whatever is not passed in is not in the index anywhere
    given = DOCS[:2]
    stats = build_index(given, tmp_path)
    ix = Index(tmp_path)
    assert stats.docs == ix.n == 2
    assert urls(ix, "差旅费") == n(1)
    assert urls(ix, "公务接待") == set() and urls(ix, "接待") == set()
    assert ix.search("用车公务").words == ["用车", "公务"]  # not a phrase here: cut into pieces
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    blob = b"".join(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in files)
    assert "公务接待".encode() not in blob and DOCS[2].url.encode() not in blob
    assert len(files) == stats.files


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_deterministic(tmp_path):
    build_index(DOCS, tmp_path / "a")
    build_index(list(reversed(DOCS)), tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    data = (tmp_path / "a" / "meta.json.gz").read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip mtime


@pytest.mark.parametrize("pairs", [None, 2_000])
def test_numpy_inversion_equals_the_plain_key_sets(pairs, monkeypatch):
    """The same postings however many partitions the archive's size asks for (``pairs``: a
    partition's budget small enough that 40 notices need dozens)."""
    from collections import defaultdict

    from noticeboard.search import invert as inverting
    from noticeboard.search.analysis import is_cjk_run
    from noticeboard.search.invert import invert
    from search_corpus import corpus_docs

    if pairs:
        monkeypatch.setattr(inverting, "PARTITION_PAIRS", pairs)

    texts = [fold(d.title + "\n" + d.text) for d in corpus_docs(40)]
    expected: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        for key in sorted(doc_keys(text)):
            if is_cjk_run(key):
                expected[key].append(i)
    got = {key: ids.tolist() for key, ids in invert(texts)}
    assert got == dict(expected)


def test_an_index_child_killed_mid_inversion_leaves_nothing_in_the_temporary_folder(tmp_path):
    """A stopped build kills its search-index child (site/background.py), which by then may have
    spilled its pairs to disk: nothing of it stays in the temporary folder (at 10,000 notices
    those spills are hundreds of MB)."""
    import signal
    import subprocess
    import sys

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    script = (
        "import os, signal\n"
        "from noticeboard.search import invert\n"
        "invert.PARTITION_PAIRS = 200\n"
        "inversion = invert.Inversion(docs=50)\n"
        "for i in range(50):\n"
        "    inversion.add('巡察反馈意见整改' * 20 + str(i) + '第' + chr(0x4e00 + i) + '项')\n"
        "assert inversion.partitions, 'nothing spilled'\n"
        "print('spilled', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], env={**os.environ, "TMPDIR": str(tmp)}, capture_output=True, text=True)
    assert proc.stdout == "spilled\n", proc.stderr
    assert proc.returncode == -signal.SIGKILL
    assert list(tmp.iterdir()) == []


def test_shards_are_the_same_whatever_the_batch(tmp_path, monkeypatch):
    """The shards are sorted a batch at a time (memory bounded at any archive size): a budget so
    small that the shards come in dozens of batches gives the same index, byte for byte."""
    from noticeboard.search import index as indexing
    from search_corpus import corpus_docs

    docs = corpus_docs(40)
    stats = build_index(docs, tmp_path / "one")
    monkeypatch.setattr(indexing, "SHARD_BATCH", 2_000)
    assert build_index(docs, tmp_path / "many") == stats
    assert stats.shards > 24
    assert digest(tmp_path / "one") == digest(tmp_path / "many")


def test_more_than_65535_distinct_characters_still_index(tmp_path):
    chars = [chr(c) for c in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0x20000, 0x2A6E0)]]
    assert len(chars) > 65535
    text = "".join(chars) + "公务用车"
    docs = [SearchDoc(url="notices/2021/a/", title="大字库", date="2021-01-01", issuer="某局", issuer_slug="mou",
                      region=None, kind="report", kind_label="整改情况报告", inspection_type=None, statuses=(),
                      progress=None, text=text)]
    build_index(docs, tmp_path / "idx")
    index = Index(tmp_path / "idx")
    assert index.search(chars[70000] + chars[70001]).ids == [0]
    assert index.search("公务用车").ids == [0]
    assert index.search(chars[70001] + chars[70000]).ids == []


@pytest.mark.parametrize("ids", [[0], [5, 6, 7], list(range(0, 3000, 2)), [1, 200, 70000], list(range(100))])
def test_posting_round_trip(ids):
    out = bytearray()
    encode_posting(ids, out)
    got, pos = _posting(bytes(out), 0)
    assert sorted(got) == ids and pos == len(out)


def test_numbers_quotes_and_what_the_query_wrote():
    from noticeboard.search.analysis import joined, shown_words

    assert joined(fold("电话：0796-8689658，0796 8689658，０７９６－８６８９６５８")) == "电话:07968689658,07968689658,07968689658"
    assert joined("2021年 12月") == "2021年 12月" and joined("a-b 1- 2") == "a-b 12"
    assert query_words("0796 8689658 整改") == ["0796 8689658", "整改"]
    assert query_words("0796  8689658") == ["0796", "8689658"]
    assert word_keys("0796 8689658") == ["07968689658"] and word_keys("0796-8689658") == ["07968689658"]
    assert {"0796", "8689658", "07968689658"} <= doc_keys(fold("电话0796-8689658"))
    assert query_words("“三重一大” \"集体决策\"") == ["三重一大", "集体决策"]
    assert shown_words("APP 黨組書記 ＡＰＰ", ["app", "党组书记"]) == ["APP", "黨組書記"]


def test_a_month_or_day_matches_with_or_without_its_zero():
    from noticeboard.search.analysis import joined

    assert joined("2021年07月05日，12月09号") == "2021年7月5日，12月9号"
    assert joined("10月，20日，0571-8765432，2021.07") == "10月，20日，05718765432，2021.07"  # no other zero goes
    assert word_keys("2021年07月") == word_keys("2021年7月") == ["2021", "年", "7", "月"]
    assert {"07", "7", "05", "5"} <= doc_keys(fold("2021年07月05日"))


def test_a_year_in_chinese_digits_is_one_word_matched_as_arabic_digits():
    from noticeboard.search.analysis import joined

    assert query_words("二〇二一年") == ["二〇二一年"]  # 〇 is no mark that cuts it
    assert joined("二〇二一年 二零二一年 一九九八年") == "2021年 2021年 1998年"
    assert joined("十二三年 第二〇二一 一二三四五年") == "十二三年 第二〇二一 一二三四五年"  # only four digits and 年
    assert word_keys("二〇二一年") == word_keys("2021年") == ["2021", "年"]
    assert {"二〇二一", "〇", "2021"} <= doc_keys(fold("二〇二一年"))


def test_analysis():
    assert fold("ＡＢＣ２０２１") == "abc2021"
    assert word_keys("公务用车") == ["公务用车"]
    assert word_keys("公务用车辆") == ["公务用车", "务用车辆"]
    assert word_keys("差旅费") == ["差旅费"]
    assert word_keys("2021年公务用车") == ["2021", "年公务用", "公务用车"]
    assert word_keys("2021年") == ["2021", "年"] and word_keys("年") == ["年"]
    assert query_words("  公务用车  差旅费 公务用车 ，") == ["公务用车", "差旅费"]
    assert {"公务", "公务用", "公务用车", "2021"} <= doc_keys(fold("公务用车 2021"))
    assert "公" in doc_keys(fold("公务用车")) and not any("\0" in k for k in doc_keys(fold("公务，用车")))
    assert 0 <= shard_of("公务", 7) < 7


def test_search_doc_from_entry():
    from noticeboard.model import Notice
    from noticeboard.entry import Entry, IssuerInfo

    notice = Notice.model_validate({
        "title": "关于巡察整改进展情况的通报", "issuer": {"name": "中共某局党组", "region": "某省"},
        "published": dt.date(2021, 7, 5), "kind": "progress", "inspection": {"type": "巡察"},
        "summary": "根据**市委**统一部署，[详见](https://x.example/)。",
        "sections": [{"heading": "一、整改情况", "body": "严格公务用车管理。"}],
        "problems": [{"title": "差旅费控制不得力", "status": "done"}, {"title": "制度不健全", "status": "long_term"}],
        "progress": {"total": 25, "done": 8},
        "contact": {"phones": ["0459-4666176"], "emails": ["tzbdzz@163.com"]},
    })
    doc = search_doc(Entry(notice, "notices/2021/x.yml", "x", IssuerInfo("mou-ju", "中共某局党组", "某省")), Urls())
    assert doc.url == "notices/2021/x/" and doc.date == "2021-07-05"
    assert doc.kind == "progress" and doc.kind_label == "整改进展情况通报"
    assert doc.inspection_type == "巡察" and doc.statuses == ("done", "long_term", "unstated")
    assert doc.progress == "共 25 个问题，已完成 8 个"  # as stated; the 17 it does not account for are unstated
    assert doc.issuer_slug == "mou-ju" and doc.region == "某省"
    for part in ("根据市委统一部署，详见。", "一、整改情况", "差旅费控制不得力", "0459-4666176", "tzbdzz@163.com"):
        assert part in doc.text
    assert plain("# 标题\n\n- **粗体** <b>x</b>") == "标题\n粗体 x"


@pytest.mark.parametrize("ids", [list(range(0, 3000, 2)), list(range(100)), list(range(0, 70000, 500)),
                                 [1, 2, 3] + list(range(200, 9000, 97)), list(range(5000, 5200))])
def test_numpy_postings_encode_to_the_same_bytes(ids):
    import numpy as np

    plain, fast = bytearray(), bytearray()
    encode_posting(ids, plain)
    encode_posting(np.array(ids, dtype=np.uint32), fast)
    assert bytes(fast) == bytes(plain)


@pytest.mark.parametrize("values", [[0, 1, 63], [64, 0, 4095], [4096, 7, 262143], []])
def test_facet_columns_round_trip(values):
    from noticeboard.search.index import decode_column, encode_column

    assert decode_column(encode_column(values)) == values



def test_punctuation_in_a_query_splits_it_like_a_space():
    # pasted or typed with its punctuation: the words are found, not the punctuation
    assert query_words("党组书记：") == ["党组书记"]
    assert query_words("《公务用车》（差旅费）") == ["公务用车", "差旅费"]
    assert query_words("公务用车，违规吃喝。") == ["公务用车", "违规吃喝"]
    assert query_words("“公务用车 APP.") == ["公务用车", "app"]
    # a number keeps its hyphens; an address or a&b between letters stays whole
    assert query_words("0796-8689658。") == ["0796-8689658"]
    assert query_words("jubao@example.cn，公车 a&b") == ["jubao@example.cn", "公车", "a&b"]
    # an area code in brackets, a hyphen at a word's edge: not part of the number or the word
    assert query_words("(0571)8765-4321 -公务用车-") == ["0571", "8765-4321", "公务用车"]


def test_many_postings_encoded_at_once_are_each_encoded_alone():
    """The CJK postings of a partition are encoded in a few NumPy passes over them all
    (encode_postings): each one's bytes are encode_posting's, gap lists of one- to four-byte gaps
    and bitmaps alike, however they lie side by side."""
    import random

    import numpy as np

    from noticeboard.search.index import encode_postings

    rng = random.Random(7)
    postings = [[0], [7], [3, 4, 5, 6, 7, 8, 9, 10], list(range(0, 3000, 2)), [1, 200, 70000, 2_500_000]]
    for _ in range(200):
        n = rng.randint(1, 400)
        postings.append(sorted(rng.sample(range(rng.choice([10, 300, 5_000, 100_000, 3_000_000]) + n), n)))
    rng.shuffle(postings)
    bounds = np.cumsum([0] + [len(p) for p in postings])
    data, at = encode_postings(bounds, np.array([i for p in postings for i in p], dtype=np.uint32))
    assert len(at) == len(postings) + 1 and at[-1] == len(data)
    for k, ids in enumerate(postings):
        alone = bytearray()
        encode_posting(ids, alone)
        assert data[at[k]:at[k + 1]] == bytes(alone), ids


def test_a_long_text_folds_as_each_of_its_characters_does():
    """A notice's text is folded through a table of code points (analysis._fold_long), a short
    one character by character: the same folding, where a character folds to several (㈠ → (一))
    or the text holds a lone surrogate (a JSON escape) too."""
    from noticeboard.search.analysis import _FOLD

    pieces = ["黨組書記落實整改，", "ＡＢＣ２０２１年", "電話：0796－8689658；", "正常文本。\n", "Ⅻ ｶﾀｶﾅ ﬁ "]
    for extra in ["", "㈠", "\ud800"]:
        text = "".join(pieces) * 300 + extra
        assert fold(text) == text.translate(_FOLD) == "".join(fold(c) for c in text)
        assert fold(text[:40]) == text[:40].translate(_FOLD)


def test_a_date_and_a_chinese_year_find_the_notice_that_writes_them(tmp_path):
    docs = [sd(1, "整改通报", "2021年07月05日印发。余下问题二〇二二年底前完成。"),
            sd(2, "整改报告", "2021年10月5日印发。第二批问题十二二年来未决。")]
    build_index(docs, tmp_path / "search")
    index = Index(tmp_path / "search")
    for q in ("2021年7月5日", "7月5日", "2021年07月", "二〇二二年", "2022年", "二零二二年", "2022"):
        res = index.search(q)
        assert [index.doc(i).url for i in res.ids] == [docs[0].url], q
    assert index.search("2021年1月").total == 0  # 10月 is not 1月
    assert index.search("二〇二一年").total == 2  # both write 2021年


def test_a_word_in_no_notice_is_named(index):
    res = index.search("公务用车 火星探测 探测器")
    assert res.total == 0 and res.missing == ["火星探测", "探测器"]
    res = index.search("公务接待 12388")  # both somewhere, not together
    assert res.total == 0 and res.missing == []
    assert index.search("公务用车").missing == []


def test_a_character_typed_once_too_often_or_mistyped_leaves_the_rest_searched(tmp_path):
    docs = [sd(1, "整改报告", "严格公务用车管理，规范差旅费报销。"), sd(2, "情况通报", "车辆统一停放；报销单据齐全。"),
            sd(3, "整改方案", "火车站周边整治。")]
    build_index(docs, tmp_path / "search")
    index = Index(tmp_path / "search")
    res = index.search("公务用车车")  # one 车 too many: 公务用车 and 车
    assert res.words == ["公务用车", "车"] and [index.doc(i).url for i in res.ids] == [docs[0].url]
    res = index.search("规范差旅费报齐")  # 报齐 for 报销: 齐 is in another notice, not with the rest
    assert res.words == ["规范差旅费报", "齐"] and res.total == 0 and res.missing == []
    res = index.search("规范差旅费报消")  # 消 is in no notice: no character to leave on its own
    assert res.words == ["规范差旅费报消"] and res.total == 0
    res = index.search("差旅费报销费")  # in no text as written, nor in pieces of two: 差旅费报销 and 费
    assert res.words == ["差旅费报销", "费"] and [index.doc(i).url for i in res.ids] == [docs[0].url]
    assert index.search("火车站整治").words == ["火车站", "整治"]  # a cut into pieces of two or more: no single one
    assert index.search("车站").total == 1 and index.search("公务用").words == ["公务用"]  # short runs: as before
