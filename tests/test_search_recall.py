"""Recall and precision of the search on the real corpus texts (and notices recombined from them),
checked by brute force against the texts; facet counts likewise.

The brute-force side is computed here from the documents given to the index, with none of the
search code: a word matches where it occurs in the folded text (NFKC, lower case) and each of its
Latin/digit tokens stands there as a whole token (``2021`` is not found in ``20210``); a token
also stands where the text writes a month or day with a zero (``8`` in ``08月``) or a year in
Chinese digits (``2021`` in ``二〇二一年``).
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from noticeboard.search.index import build_index
from noticeboard.search.query import FACETS, Index
from search_corpus import corpus_docs, corpus_texts

NOT_PHRASE = re.compile(r"[\s0-9a-zA-Z０-９Ａ-Ｚａ-ｚ]")  # phrases stay off whitespace and Latin tokens
LATIN = "0-9a-z\u00e0-\u00f6\u00f8-\u024f"
TOKEN = re.compile(f"[{LATIN}]+")
CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\U00020000-\U0003134f"
# punctuation and symbols: a query's words are cut there. (Kept whole between Latin letters and
# digits — an e-mail address, 0796-8689658 — which the phrases sampled here never hold: NOT_PHRASE.)
MARKS = re.compile(f"[^{CJK}{LATIN}\\s]+")


def folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch).lower() for ch in text)


def as_numbers(text: str) -> str:
    """A folded text with its months and days without a leading zero and its years of four
    Chinese digits in Arabic ones: where a query's number also stands."""
    text = re.sub("(?<![0-9])0(?=[1-9][月日号])", "", text)
    return re.sub("(?<![〇零一二三四五六七八九])[〇零一二三四五六七八九]{4}(?=年)",
                  lambda m: "".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in m.group()), text)


def whole_token(token: str) -> re.Pattern:
    return re.compile(f"(?<![{LATIN}]){re.escape(token)}(?![{LATIN}])")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    docs = corpus_docs(400)
    root = tmp_path_factory.mktemp("search")
    build_index(docs, root)
    ix = Index(root)
    # the brute-force side, by index id: the index only tells which id a document (url) has
    by_url = {d.url: d for d in docs}
    given = {i: by_url[ix.doc(i).url] for i in range(ix.n)}
    texts = {i: folded(f"{d.title}\n{d.issuer}\n{d.text}") for i, d in given.items()}
    return docs, ix, texts, given


def words_of(query: str) -> list[str]:
    """White-space separated words, quotes typed around a word (“…”, "…") not part of it, cut at
    punctuation (公务用车，违规 is two words)."""
    words = [re.sub(r"^[\"“「『'‘](.+)[\"”」』'’]$", r"\1", w) for w in folded(query).split()]
    return list(dict.fromkeys(p for w in words for p in MARKS.split(w) if p))


def occurs(word: str, text: str) -> bool:
    return word in text and all(whole_token(t).search(text) for t in TOKEN.findall(word))


def brute(words, texts) -> set[int]:
    return {i for i, t in texts.items() if all(occurs(w, t) for w in words)}


def phrases(texts: dict[int, str], rng: random.Random, per_doc: int) -> list[str]:
    """Seeded 2–6 character phrases from the middle half of every text."""
    out = []
    for i, t in texts.items():
        got = tries = 0
        while got < per_doc and tries < 200:
            tries += 1
            size = 2 + (got + i) % 5
            at = rng.randrange(len(t) // 4, max(len(t) // 4 + 1, 3 * len(t) // 4 - size))
            p = t[at:at + size]
            if len(p) == size and not NOT_PHRASE.search(p) and re.search(r"[\u4e00-\u9fff]{2}", p):
                out.append(p)
                got += 1
    return out


def test_every_phrase_found_and_only_where_it_occurs(built):
    docs, ix, texts, given = built
    rng = random.Random(20240501)
    nreal = len(corpus_texts())
    real = {i: t for i, t in texts.items() if int(ix.doc(i).url.rstrip("/")[-5:]) < nreal}
    assert len(real) == nreal
    qs = phrases(real, rng, 12) + phrases(texts, rng, 1)
    assert len(qs) > 700
    fp: dict[int, list[int]] = {}
    for q in qs:
        expected = brute(words_of(q), texts)
        assert expected, q
        res = ix.search(q, verify="all")
        assert set(res.ids) == expected, q
        assert res.total == len(expected)
        # like the browser: the page shown is verified; the count is exact when res.exact
        res = ix.search(q, verify="page")
        assert set(res.ids) >= expected, q
        assert all(h.id in expected for h in res.page), q
        assert [h.id for h in res.page] == [i for i in res.ids if i in expected][:10] or not res.exact
        if res.exact:
            assert set(res.ids) == expected and res.total == len(expected), q
        if re.fullmatch(r"[\u4e00-\u9fff]+", q):
            got = fp.setdefault(len(q), [0, 0])
            got[0] += len(set(res.ids) - expected)
            got[1] += len(res.ids)
    # the n-gram intersection alone: exact up to 4 characters; measured beyond
    print("\nCJK phrase length: false positives of the 4-gram intersection / candidates")
    for size, (bad, total) in sorted(fp.items()):
        print(f"  {size}: {bad}/{total} = {bad / total:.2%}")
        if size <= 4:
            assert bad == 0


def test_several_words(built):
    docs, ix, texts, given = built
    rng = random.Random(5)
    pool = phrases(texts, rng, 1)
    for _ in range(150):
        a, b = rng.sample(pool, 2)
        for q in (f"{a} {b}", f"{a}　{b}"):
            res = ix.search(q, verify="all")
            assert set(res.ids) == brute(words_of(q), texts), q
        # without a space: a phrase if it occurs, else the pieces (each must occur)
        res = ix.search(a + b, verify="all")
        assert set(res.ids) == brute(res.words, texts)
        if brute(words_of(a + b), texts):
            assert res.words == words_of(a + b)
        else:
            assert all(w in folded(a + b) for w in res.words)


def test_latin_tokens(built):
    docs, ix, texts, given = built
    tokens = sorted({t for text in texts.values() for t in TOKEN.findall(text) if t.isascii()})
    rng = random.Random(11)
    for tok in rng.sample(tokens, min(80, len(tokens))):
        for q in (tok, tok.upper()):
            res = ix.search(q)
            assert set(res.ids) == {i for i, text in texts.items()
                                    if whole_token(tok).search(text) or whole_token(tok).search(as_numbers(text))}, q


def facet_values(d) -> dict[str, set[str]]:
    """The facet values of a document as given to the index (status: every status of its problems)."""
    return {"year": {d.date[:4]}, "kind": {d.kind}, "type": {d.inspection_type} - {None}, "issuer": {d.issuer_slug},
            "region": {d.region} - {None}, "status": set(d.statuses)}


def test_facet_counts_exact(built):
    docs, ix, texts, given = built
    rng = random.Random(9)
    qs = ["整改", "公务用车", "三重一大", "差旅费", "巡察", "2021", ""] + phrases(texts, rng, 1)[:20]
    for q in qs:
        for facets in ({}, {"year": "2021"}, {"kind": "progress", "status": "done"}, {"type": "巡察", "region": "浙江省台州市"},
                       {"issuer": "issuer-3"}, {"status": "long_term", "year": "2019", "type": "巡视"}):
            res = ix.search(q, facets=facets, verify="all")
            words = words_of(q)
            base = brute(words, texts) if words else set(texts)
            vals = {i: facet_values(given[i]) for i in base}
            for f in FACETS:
                want: dict[str, int] = {}
                for i in base:
                    if all(sel in vals[i][g] for g, sel in facets.items() if g != f):
                        for v in vals[i][f]:
                            want[v] = want.get(v, 0) + 1
                assert res.counts[f] == want, (q, facets, f)
            matching = {i for i in base if all(sel in vals[i][g] for g, sel in facets.items())}
            if words or facets:
                assert set(res.ids) == matching and res.total == len(matching)
