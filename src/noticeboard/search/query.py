"""Reference implementation of the query that ``assets/search/search.js`` runs in the browser.

It reads the files :func:`noticeboard.search.index.build_index` wrote and follows the same steps,
so tests (and the benchmark) can check recall, precision and facet counts in Python.

The algorithm, for a query string ``q``:

1. **Words.** The first ``MAX_QUERY`` characters of ``q`` (the page says when more were
   dropped) are folded (per character: NFKC, lower case, traditional → simplified) and split on
   white space (not one space between digits), quotes around a word dropped; each word is a phrase
   that must occur (several words: all must occur, AND). A word and a text are matched with the
   digits of numbers joined (``0796-8689658`` = ``0796 8689658`` = ``07968689658``). The page
   shows each word as the query wrote it (``APP``, not ``app``): :func:`shown_words`. A query
   with nothing searchable (only marks, symbols or emoji) is idle, and the page says it was ignored.
2. **Candidates.** A word's keys are the CJK n-grams (the run itself when 1–4 characters, else
   its distinct 4-grams) and its Latin/digit tokens (whole tokens), at most ``WORD_KEYS`` a word
   and ``QUERY_KEYS`` a query, spread over each word (:func:`~.analysis.query_keys`: a long
   query fetches no more shards than a few short words); its candidates are the documents whose
   postings have every key, intersected before any document is fetched. For a CJK word of 1–4
   characters or a bare Latin token this is exact; otherwise the keys could occur apart and the
   text decides (step 5).
3. **Words that do not occur as written** (no candidate): the word is split at punctuation and
   script changes; then each CJK run that still has no candidate is cut into the fewest pieces of
   ≥ 2 characters that each occur somewhere (ties: longest first piece; "occurs" is by the
   index: the piece's keys meet in a document, a 3-character piece checked by its two bigrams, so
   the cut costs only the run's bigrams on top of the 4-grams already fetched). The pieces then all
   must occur. So ``公务用车差旅费`` (not a phrase anywhere) is ``公务用车 差旅费``, while
   ``公务用车`` stays one phrase. A run of at least ``TYPO_MIN`` characters with no such cut is cut
   with one character left on its own (one that occurs; the fewest pieces, ties: that character
   as late as possible), so a character typed once too often (``公务用车车``) or mistyped
   (``巡察反馈问题整该``) still finds the notices, and the page shows the pieces searched; a run with
   no cut either way matches nothing. Bounded: only runs of
   4 to ``CUT_MAX`` characters are cut, and a word is split only while the keys the query looks
   up stay within ``MAX_KEYS``; a word left whole matches nothing, and the page says that a long
   run was searched as one phrase (``Result.uncut``).
   A word that still has no candidate is in no notice at all: the page names it when nothing
   is found (``Result.missing``), and offers the other words (search.js ``renderEmpty``).
4. **Facets.** A document passes facet F when it has the selected value (status: any of its
   problems has it). Counts for F are over the query's results with every *other* selected facet
   applied (standard faceted search), so choosing a value in F shows what the other values of F
   would give. A value the index does not have (``?status=constructor``) is ignored.
5. **Exactness.** If some word is not exact by the index and the candidates are few
   (≤ ``VERIFY_MAX``), every candidate's text is fetched and checked, so counts are exact
   (and said without 约). Else
   the counts are those of the 4-gram intersection, shown as "约 N" (about): measured on the
   corpus, 0 false positives in ~1,800 candidates of 5–6 character phrases (the trigram
   intersection had 3–8 %; see tests/test_search_recall.py). Every document shown is still
   checked against its text; one that fails is dropped and the counts are lowered by it. A
   search checks at most ``VERIFY_MAX`` documents in all: when they run out before the page is
   full (a phrase whose keys meet in many notices that do not hold it), the page shows what was
   found, the count stays 约, and the page says how many were checked (``Result.capped``).
   A document has a head beside it (what a result shows, and the first ``HEAD`` characters of its
   text). When the query's candidates are at least half the notices (common words, mostly found
   early) the head is fetched first, and the whole document only if a word is not in the head;
   else the whole document at once (no second round trip). The snippet is cut from what was
   fetched (:meth:`Index.find`). A list without words (browse mode) fetches the heads only.
6. **Order.** ``sort=date``: newest first (document id order). ``sort=relevance`` (default with
   a query): score = Σ over words (10 if the word is in the title by the title postings, + 5 if in
   the issuer's name, + 1), ties newest first. An empty query with facets lists every matching
   notice by date (browse mode). A page number is clamped to the pages there are.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from .analysis import (CUT_MAX, MAX_KEYS, MAX_QUERY, PIECE, TYPO_MIN, cut_keys, fold, is_cjk_run, joined, query_keys, query_words,
                       shown_words, word_is_exact, word_keys)
from .index import FACET_LABELS, columns

#: documents fetched at most by one search to check its words in their text (step 5)
VERIFY_MAX = 30
FACETS = tuple(FACET_LABELS)  # the order of search.js's FACETS


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, pos
        shift += 7


def _posting(buf: bytes, pos: int) -> tuple[frozenset[int], int]:
    h, pos = _varint(buf, pos)
    if h & 1:
        nb = h >> 1
        ids = [(i << 3) | b for i in range(nb) if buf[pos + i] for b in range(8) if buf[pos + i] >> b & 1]
        return frozenset(ids), pos + nb
    ids = []
    cur = 0
    for j in range(h >> 1):
        g, pos = _varint(buf, pos)
        cur = g if j == 0 else cur + g
        ids.append(cur)
    return frozenset(ids), pos


def shard_entries(buf: bytes) -> dict[str, tuple[frozenset[int], frozenset[int]]]:
    """A shard's entries (key → its body and title postings), from its raw bytes."""
    entries = {}
    pos = 0
    while pos < len(buf):
        klen, pos = _varint(buf, pos)
        key = buf[pos:pos + klen].decode()
        pos += klen
        body, pos = _posting(buf, pos)
        title, pos = _posting(buf, pos)
        entries[key] = (body, title)
    return entries


@dataclass
class Hit:
    id: int
    url: str
    title: str
    date: str
    issuer: str
    progress: str | None
    text: str  # the text fetched: the whole, or its first HEAD characters (Index.head)
    found: bool = True  # every word of the query is in the document (Index.find)


@dataclass
class Result:
    words: list[str]  # after splitting words that do not occur as written
    total: int
    ids: list[int]  # every result in order (page verification aside)
    counts: dict[str, dict[str, int]]
    exact: bool
    page: list[Hit] = field(default_factory=list)
    mode: str = "query"  # query | browse | idle
    facets: dict[str, str] = field(default_factory=dict)  # the selections applied (known values)
    page_no: int = 1  # the page shown: the one asked for, within 1 … the number of pages
    truncated: bool = False  # the query was longer than MAX_QUERY characters: only those searched
    shown: list[str] = field(default_factory=list)  # the words as the query wrote them (what the page says)
    ignored: bool = False  # the query held nothing searchable (only marks, symbols, emoji): idle, and said so
    checked: int = 0  # documents whose text was checked (at most VERIFY_MAX)
    capped: bool = False  # the check stopped at VERIFY_MAX before the page was full: more may match
    uncut: list[str] = field(default_factory=list)  # runs that occur nowhere as written and were not cut (too long)
    missing: list[str] = field(default_factory=list)  # words in no notice at all (by the index): the page names them


class Index:
    """A built index on disk, read lazily like the browser does."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))
        self.meta = json.loads(_read(self.root / "meta.json.gz"))
        self.meta["col"] = columns(self.meta)
        self.n = self.meta["docs"]
        self._shards: dict[int, dict[str, tuple[frozenset, frozenset]]] = {}
        self._docs: dict[int, Hit] = {}
        self._heads: dict[int, Hit] = {}
        self.fetched: set[str] = set()  # files read, like a browser's network log

    def _shard(self, s: int) -> dict[str, tuple[frozenset, frozenset]]:
        if s not in self._shards:
            self.fetched.add(f"s/{s}.bin.gz")
            self._shards[s] = shard_entries(_read(self.root / "s" / f"{s}.bin.gz"))
        return self._shards[s]

    def postings(self, key: str) -> tuple[frozenset, frozenset]:
        from .analysis import shard_of

        return self._shard(shard_of(key, self.manifest["shards"])).get(key, (frozenset(), frozenset()))

    def _fetch(self, i: int, suffix: str) -> Hit:
        """Document ``i``'s file ``d/<group>/<i><suffix>``: the whole document, or its head."""
        rel = f"d/{i // 1000}/{i}{suffix}"
        self.fetched.add(rel)
        r = json.loads(_read(self.root / rel))
        return Hit(i, r["u"], r["t"], r["d"], r["i"], r.get("p"), r["x"])

    def doc(self, i: int) -> Hit:
        if i not in self._docs:
            self._docs[i] = self._fetch(i, ".json.gz")
        return self._docs[i]

    def head(self, i: int) -> Hit:
        if i in self._docs:
            return self._docs[i]
        if i not in self._heads:
            self._heads[i] = self._fetch(i, ".h.json.gz")
        return self._heads[i]

    def find(self, i: int, words: list[str], whole: bool = True) -> Hit:
        """Step 5: the whole document (``whole``), or its head and, when a word is not in its
        title, issuer or head, the whole document. The hit says whether every word was found."""
        d = self.doc(i) if whole else self.head(i)
        text = joined(fold(f"{d.title}\n{d.issuer}\n{d.text}"))
        if not whole and not all(joined(w) in text for w in words):
            d = self.doc(i)
            text = joined(fold(f"{d.title}\n{d.issuer}\n{d.text}"))
        return replace(d, found=all(joined(w) in text for w in words))

    # -- the query ---------------------------------------------------------------------------

    def candidates(self, word: str, keys: list[str] | None = None) -> frozenset[int]:
        result: frozenset[int] | None = None
        for key in word_keys(word) if keys is None else keys:
            body = self.postings(key)[0]
            result = body if result is None else result & body
            if not result:
                return frozenset()
        return result or frozenset()

    def in_title(self, word: str, keys: list[str]) -> frozenset[int]:
        result: frozenset[int] | None = None
        for key in keys:
            t = self.postings(key)[1]
            result = t if result is None else result & t
        return result or frozenset()

    def split(self, word: str, looked_up: set[str], uncut: list[str]) -> list[str]:
        """Step 3: the pieces of a word that does not occur as written. Kept whole (and added to
        ``uncut`` when a CJK run is left so) when the query's keys, ``looked_up`` so far and those
        of the pieces and their cuts, would exceed ``MAX_KEYS``; a run longer than ``CUT_MAX`` is
        not cut either."""
        pieces = PIECE.findall(word)
        cuttable = [p for p in pieces if is_cjk_run(p) and 4 <= len(p) <= CUT_MAX]
        need = {k for p in pieces for k in word_keys(p)} | {k for p in cuttable for k in cut_keys(p)}
        if len(pieces) == 1 and not cuttable or len(looked_up | need) > MAX_KEYS:
            if any(is_cjk_run(p) and len(p) >= 4 for p in pieces):
                uncut.append(word)
            return [word]
        looked_up |= need
        out: list[str] = []
        for piece in pieces:
            if piece not in cuttable or self.candidates(piece):
                out.append(piece)
                if is_cjk_run(piece) and len(piece) > CUT_MAX and not self.candidates(piece):
                    uncut.append(piece)
                continue
            cut = self.cut(piece)
            if cut is None and len(piece) >= TYPO_MIN and len(looked_up | set(piece)) <= MAX_KEYS:
                looked_up |= set(piece)
                cut = self.cut_one_out(piece)
            out += cut or [piece]
        return out

    def occurs(self, piece: str) -> bool:
        """Whether a piece may be cut out of a run: its keys meet in some document. A 3-character
        piece is checked by its two bigrams (so the cut needs only the run's bigrams and 4-grams)."""
        if len(piece) == 3:
            return bool(self.candidates(piece[:2]) & self.candidates(piece[1:]))
        return bool(self.candidates(piece))

    def cut_one_out(self, run: str) -> list[str] | None:
        """Fewest pieces that each occur, one of them a single character (step 3: the rest cut by
        :meth:`cut`); ties: that character as late as possible. None when there is none."""
        best: list[str] | None = None
        for k in range(len(run) - 1, -1, -1):
            if not self.candidates(run[k]):
                continue
            before, after = self.cut(run[:k]), self.cut(run[k + 1:])
            if before is not None and after is not None and (best is None or len(before) + 1 + len(after) < len(best)):
                best = before + [run[k]] + after
        return best

    def cut(self, run: str) -> list[str] | None:
        """Fewest pieces (≥ 2 characters each) that each occur; ties: longest first piece. None
        when there is no such cut (an empty run: no pieces)."""
        n = len(run)
        inf = n + 1
        best = [inf] * (n + 1)
        nxt = [0] * (n + 1)
        best[n] = 0
        for i in range(n - 2, -1, -1):
            for j in range(n, i + 1, -1):
                if best[j] + 1 < best[i] and self.occurs(run[i:j]):
                    best[i] = best[j] + 1
                    nxt[i] = j
        if best[0] >= inf:
            return None
        pieces, i = [], 0
        while i < n:
            pieces.append(run[i:nxt[i]])
            i = nxt[i]
        return pieces

    def verify(self, i: int, words: list[str], whole: bool = True) -> bool:
        return self.find(i, words, whole).found

    def known(self, f: str) -> set[str]:
        """The values of facet ``f`` that the index has (any other selection is ignored)."""
        m = self.meta
        return {"year": {str(y) for y in m["years"]}, "kind": {k[0] for k in m["kinds"]}, "type": set(m["types"]),
                "issuer": {x[0] for x in m["issuers"]}, "region": set(m["regions"]), "status": set(m["statuses"])}[f]

    def facet_values(self, i: int) -> dict[str, set[str]]:
        m = self.meta
        col = m["col"]
        vals = {
            "year": {str(m["years"][col["year"][i]])},
            "kind": {m["kinds"][col["kind"][i]][0]},
            "type": {m["types"][col["type"][i] - 1]} if col["type"][i] else set(),
            "issuer": {m["issuers"][col["issuer"][i]][0]},
            "region": {m["regions"][col["region"][i] - 1]} if col["region"][i] else set(),
            "status": {s for b, s in enumerate(m["statuses"]) if col["status"][i] >> b & 1},
        }
        return vals

    def search(self, q: str = "", facets: dict[str, str] | None = None, sort: str | None = None,
               page: int = 1, verify: str = "page") -> Result:
        """Run a query. ``verify``: "page" (like the browser), "all" or "none" (index only)."""
        facets = {k: v for k, v in (facets or {}).items() if k in FACETS and v in self.known(k)}
        first = query_words(q)
        keys = query_keys(first)
        looked_up = {k for ks in keys.values() for k in ks}
        words: list[str] = []
        uncut: list[str] = []
        for w in first:
            words += [w] if self.candidates(w, keys[w]) else self.split(w, looked_up, uncut)
        words = list(dict.fromkeys(words))
        for w in words:
            keys.setdefault(w, word_keys(w))
        missing = [w for w in words if not self.candidates(w, keys[w])]
        if words:
            mode = "query"
            cand: frozenset[int] | None = None
            for w in words:
                c = self.candidates(w, keys[w])
                cand = c if cand is None else cand & c
            ids = sorted(cand or ())
        elif facets:
            mode, ids = "browse", list(range(self.n))
        else:
            mode, ids = "idle", list(range(self.n))
        exact = all(word_is_exact(w) for w in words)
        whole = 2 * len(ids) < self.n  # few candidates: a word is as likely anywhere in a text (step 5)
        checked = 0
        if not exact and (verify == "all" or (verify == "page" and len(ids) <= VERIFY_MAX)):
            checked = len(ids)
            ids = [i for i in ids if self.verify(i, words, whole)]
            exact = True
        values = {i: self.facet_values(i) for i in ids}
        counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        results = []
        for i in ids:
            v = values[i]
            fails = [f for f, sel in facets.items() if sel not in v[f]]
            if not fails:
                results.append(i)
            for f in FACETS:
                if not fails or fails == [f]:
                    for val in v[f]:
                        counts[f][val] = counts[f].get(val, 0) + 1
        if mode == "idle":
            results = []
        if sort not in ("date", "relevance"):
            sort = None  # an unknown order from the URL: the default
        if mode == "query" and (sort or "relevance") == "relevance":
            score = dict.fromkeys(results, 0)
            issuers = self.meta["issuers"]
            issuer_col = self.meta["col"]["issuer"]
            for w in words:
                title = self.in_title(w, keys[w])
                for i in results:
                    score[i] += 1 + (10 if i in title else 0) + (5 if joined(w) in joined(fold(issuers[issuer_col[i]][1])) else 0)
            results.sort(key=lambda i: (-score[i], i))
        size = self.manifest["page"]
        page = min(max(page, 1), max(1, -(-len(results) // size)))
        res = Result(words, len(results), results, counts, exact, mode=mode, facets=facets, page_no=page,
                     truncated=len(q) > MAX_QUERY, shown=shown_words(q, words), ignored=bool(q.strip()) and not first,
                     uncut=uncut, missing=missing)
        start = (page - 1) * size
        k = start
        failed: set[int] = set()
        while len(res.page) < size and k < len(results):
            if not exact and verify == "page" and checked >= VERIFY_MAX:
                res.capped = True
                break
            i = results[k]
            k += 1
            if not exact:
                checked += 1
            hit = self.find(i, words, whole) if words else self.head(i)
            if exact or hit.found:
                res.page.append(hit)
            else:
                failed.add(i)
                res.total -= 1
                for f, vals in values[i].items():
                    for val in vals:
                        counts[f][val] -= 1
        if not exact and start == 0 and k == len(results):
            # every result was checked on the way (a facet left few): the count is exact now
            res.exact = True
            res.ids = [i for i in results if i not in failed]
        res.checked = checked
        return res
