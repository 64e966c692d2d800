"""Recall and precision of the search on the real corpus texts (and notices recombined from them),
checked by brute force against the texts; facet counts likewise."""

from __future__ import annotations

import random
import re

import pytest

from noticeboard.search.analysis import doc_keys, fold, query_words, word_keys
from noticeboard.search.index import build_index, searchable
from noticeboard.search.query import FACETS, Index
from search_corpus import corpus_docs, corpus_texts

NOT_PHRASE = re.compile(r"[\s0-9a-zA-Z０-９Ａ-Ｚａ-ｚ]")  # phrases stay off whitespace and Latin tokens


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    docs = corpus_docs(400)
    root = tmp_path_factory.mktemp("search")
    build_index(docs, root)
    ix = Index(root)
    # the brute-force side: the folded text and keys of every document, by index id
    texts, keys = {}, {}
    for i in range(ix.n):
        d = ix.doc(i)
        texts[i] = fold(searchable(d.title, d.issuer, d.text))
        keys[i] = doc_keys(texts[i])
    return docs, ix, texts, keys


def brute(words, texts, keys) -> set[int]:
    return {i for i, t in texts.items() if all(w in t and set(word_keys(w)) <= keys[i] for w in words)}


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
            if len(p) == size and not NOT_PHRASE.search(p) and word_keys(p):
                out.append(p)
                got += 1
    return out


def test_every_phrase_found_and_only_where_it_occurs(built):
    docs, ix, texts, keys = built
    rng = random.Random(20240501)
    nreal = len(corpus_texts())
    real = {i: t for i, t in texts.items() if int(ix.doc(i).url.rstrip("/")[-5:]) < nreal}
    assert len(real) == nreal
    qs = phrases(real, rng, 12) + phrases(texts, rng, 1)
    assert len(qs) > 700
    fp: dict[int, list[int]] = {}
    for q in qs:
        expected = brute(query_words(q), texts, keys)
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
    docs, ix, texts, keys = built
    rng = random.Random(5)
    pool = phrases(texts, rng, 1)
    for _ in range(150):
        a, b = rng.sample(pool, 2)
        for q in (f"{a} {b}", f"{a}　{b}"):
            res = ix.search(q, verify="all")
            assert set(res.ids) == brute(query_words(q), texts, keys), q
        # without a space: a phrase if it occurs, else the pieces (each must occur)
        res = ix.search(a + b, verify="all")
        assert set(res.ids) == brute(res.words, texts, keys)
        if brute([fold(a + b)], texts, keys):
            assert res.words == [fold(a + b)]
        else:
            assert all(w in fold(a + b) for w in res.words)


def test_latin_tokens(built):
    docs, ix, texts, keys = built
    tokens = sorted({t for k in keys.values() for t in k if t.isascii()})
    rng = random.Random(11)
    for tok in rng.sample(tokens, min(80, len(tokens))):
        for q in (tok, tok.upper()):
            res = ix.search(q)
            assert set(res.ids) == {i for i, k in keys.items() if tok in k}, q


def test_facet_counts_exact(built):
    docs, ix, texts, keys = built
    rng = random.Random(9)
    qs = ["整改", "公务用车", "三重一大", "差旅费", "巡察", "2021", ""] + phrases(texts, rng, 1)[:20]
    for q in qs:
        for facets in ({}, {"year": "2021"}, {"kind": "progress", "status": "done"}, {"type": "巡察", "region": "浙江省台州市"},
                       {"issuer": "issuer-3"}, {"status": "long_term", "year": "2019", "type": "巡视"}):
            res = ix.search(q, facets=facets, verify="all")
            words = query_words(q)
            base = brute(words, texts, keys) if words else set(texts)
            vals = {i: ix.facet_values(i) for i in base}
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
