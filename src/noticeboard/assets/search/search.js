/* noticeboard archive search — plain ES2020, no dependencies, no build step.
 *
 * Acts only on a page holding <div id="nb-search" data-index="…" data-root="…"> (see
 * noticeboard.search.page): data-index is the folder of the index written by
 * noticeboard.search.index.build_index, data-root the site root; both relative to the page.
 * The algorithm is the one of src/noticeboard/search/query.py (read its docstring); keep the two
 * in step. State lives in the URL: ?q=&year=&kind=&type=&issuer=&region=&status=&sort=&page=
 */
(() => {
  "use strict";
  const FORMAT = 4;
  const MAX_TOKEN = 32;
  const VERIFY_MAX = 30; /* documents one search fetches at most to check its words (query.py step 5) */
  const WORD_KEYS = 8, QUERY_KEYS = 12; /* keys a word, and a query, is looked up by (analysis.py) */
  const CUT_MAX = 12, MAX_KEYS = 24; /* runs cut into pieces only up to CUT_MAX characters, within MAX_KEYS keys */
  const TYPO_MIN = 5; /* a run this long with no cut may leave one character on its own (analysis.TYPO_MIN) */
  const MAX_QUERY = 100; /* characters of a query that are searched: the work stays bounded */
  const SORTS = ["date", "relevance"];
  const FACETS = ["year", "kind", "type", "issuer", "region", "status"];
  const CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u{20000}-\u{3134f}";
  const LATIN = "0-9a-z\u00e0-\u00f6\u00f8-\u024f";
  const CJK_RUN = new RegExp(`^[${CJK}]+$`, "u");
  const LATIN_TOKEN = new RegExp(`^[${LATIN}]+$`, "u");
  const PIECE = new RegExp(`[${CJK}]+|[${LATIN}]+`, "gu");
  const FACET_LIMIT = 100;
  /* what matching drops (analysis.DIGIT_JOIN): one separator inside a written number, the zero of
     07月 / 05日 / 05号; where a query splits (WORD_GAP); QUOTES */
  const DIGIT_JOIN = /(?<=[0-9])(?:[ \t]?[-\u2010-\u2015\u2212][ \t]?|[ \t])(?=[0-9])|(?<![0-9])0(?=[1-9][月日号])/g;
  const WORD_GAP = /\s{2,}|(?<![0-9])\s|\s(?![0-9])/u;
  const OPEN_QUOTES = "\"'“‘「『", CLOSE_QUOTES = "\"'”’」』";

  /* ---- text analysis (mirrors analysis.py) ---- */
  /* traditional → simplified, one character to one: the index's t2s.json.gz, fetched (once) only
     for a text that holds one of its characters (Index.ensureT2s); until then fold leaves them */
  let T2S = null;
  const foldCache = new Map();
  function foldChar(ch) {
    let out = foldCache.get(ch);
    if (out === undefined) {
      out = ch.normalize("NFKC").toLowerCase();
      if (T2S) {
        let simple = "";
        for (const c of out) simple += T2S.get(c) || c;
        out = simple;
      }
      foldCache.set(ch, out);
    }
    return out;
  }
  function fold(s) {
    let out = "";
    for (const ch of s) out += ch.charCodeAt(0) < 128 ? ch.toLowerCase() : foldChar(ch);
    return out;
  }
  /* a year in four Chinese digits (二〇二三年) in Arabic ones, one character for one (analysis.CN_YEAR) */
  const CN_DIGITS = "〇零一二三四五六七八九", ARABIC = "00123456789";
  const CN_YEAR = new RegExp(`(?<![${CN_DIGITS}])[${CN_DIGITS}]{4}(?=年)`, "g");
  const years = (s) => s.replace(CN_YEAR, (m) => [...m].map((c) => ARABIC[CN_DIGITS.indexOf(c)]).join(""));
  /* what is matched (analysis.joined): a Chinese year in Arabic digits, digits joined across a
     hyphen or one space, a month's or day's leading zero dropped */
  const joined = (s) => years(s).replace(DIGIT_JOIN, "");
  /* fold (and join) with a map from every folded UTF-16 index to [start, end) in the original string */
  function foldMapped(s) {
    let out = "";
    const from = [], to = [];
    let i = 0;
    for (const ch of s) {
      const f = ch.charCodeAt(0) < 128 ? ch.toLowerCase() : foldChar(ch);
      for (let k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    out = years(out); /* one UTF-16 unit for one: the map stands */
    let text = "", last = 0;
    const jfrom = [], jto = [];
    for (const m of out.matchAll(DIGIT_JOIN)) {
      text += out.slice(last, m.index);
      for (let k = last; k < m.index; k++) { jfrom.push(from[k]); jto.push(to[k]); }
      last = m.index + m[0].length;
      if (m[0] === "0") from[last] = from[m.index]; /* a dropped zero of 07月 is marked with its 7 */
    }
    if (!last) return { text: out, from, to };
    text += out.slice(last);
    for (let k = last; k < out.length; k++) { jfrom.push(from[k]); jto.push(to[k]); }
    return { text, from: jfrom, to: jto };
  }
  /* a word without the quotes around it; a quote on one side only stays (analysis.unquoted) */
  function unquoted(w) {
    while (w.length >= 2 && OPEN_QUOTES.includes(w[0]) && CLOSE_QUOTES.includes(w[w.length - 1])) w = w.slice(1, -1);
    return w;
  }
  /* each (folded) word as the query wrote it: APP stays APP, 黨組 stays 黨組 (analysis.shown_words) */
  function shownWords(q, words) {
    const s = cpSlice(q, 0, MAX_QUERY);
    const from = [], to = [];
    let text = "", i = 0;
    for (const ch of s) {
      const f = ch.charCodeAt(0) < 128 ? ch.toLowerCase() : foldChar(ch);
      for (let k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      text += f;
      i += ch.length;
    }
    return words.map((w) => {
      const at = w ? text.indexOf(w) : -1;
      return at >= 0 ? s.slice(from[at], to[at + w.length - 1]) : w;
    });
  }
  const isCjkRun = (w) => CJK_RUN.test(w);
  const cpLen = (s) => [...s].length;
  const cpSlice = (s, a, b) => [...s].slice(a, b).join("");
  /* keys when there are at most k, else k of them spread evenly from the first to the last (analysis.spread) */
  function spread(keys, k) {
    if (keys.length <= k) return keys;
    if (k === 1) return keys.slice(0, 1);
    const out = [];
    for (let i = 0; i < k; i++) out.push(keys[Math.floor((i * (keys.length - 1)) / (k - 1))]);
    return out;
  }
  const grams = (cps, n) => {
    const out = [];
    for (let i = 0; i + n <= cps.length; i++) out.push(cps.slice(i, i + n).join(""));
    return out;
  };
  /* a run's distinct 4-grams: all up to limit, else every fourth and the last (analysis.run_keys) */
  function runKeys(run, limit = 8) {
    const cps = [...run];
    if (cps.length <= 4) return [run];
    let g = [...new Set(grams(cps, 4))];
    if (g.length > limit) {
      const set = new Set();
      for (let i = 0; i < g.length; i += 4) set.add(i);
      set.add(g.length - 1);
      g = [...set].sort((a, b) => a - b).map((i) => g[i]);
    }
    return g;
  }
  function wordKeys(word) {
    const keys = [];
    for (const m of joined(word).matchAll(PIECE)) {
      const p = m[0];
      if (isCjkRun(p)) keys.push(...runKeys(p));
      else keys.push(cpSlice(p, 0, MAX_TOKEN));
    }
    return spread([...new Set(keys)], WORD_KEYS);
  }
  /* each word's keys, spread down to an equal share of QUERY_KEYS (analysis.query_keys) */
  function queryKeys(words) {
    const share = Math.max(1, Math.floor(QUERY_KEYS / Math.max(1, words.length)));
    return new Map(words.map((w) => [w, spread(wordKeys(w), share)]));
  }
  /* what cutting a run looks up: its bigrams and 4-grams (analysis.cut_keys) */
  const cutKeys = (run) => [...new Set([...grams([...run], 2), ...grams([...run], 4)])];
  function wordIsExact(word) {
    word = joined(word);
    if (isCjkRun(word)) return cpLen(word) <= 4;
    return LATIN_TOKEN.test(word) && cpLen(word) <= MAX_TOKEN;
  }
  function fnv1a(key) {
    let h = 0x811c9dc5;
    for (const ch of key) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }
  /* a word cut where punctuation or symbols stand; kept whole between two Latin letters or digits
     of which one is a letter, and one hyphen or dash between two digits (analysis.split_marks) */
  const MARKS = new RegExp(`[^${CJK}${LATIN}\\s]+`, "gu");
  const LATIN_CHAR = new RegExp(`^[${LATIN}]$`, "u");
  const DIGIT = /^[0-9]$/, DASH = /^[-\u2010-\u2015\u2212]$/;
  function splitMarks(word) {
    const out = [];
    let start = 0;
    for (const m of word.matchAll(MARKS)) {
      const a = m.index, b = a + m[0].length;
      const before = a > 0 ? word.slice(a - 1, a) : "", after = word.slice(b, b + 1);
      if (LATIN_CHAR.test(before) && LATIN_CHAR.test(after) && (!(DIGIT.test(before) && DIGIT.test(after)) || DASH.test(m[0]))) continue;
      out.push(word.slice(start, a));
      start = b;
    }
    out.push(word.slice(start));
    return out;
  }
  function queryWords(q) {
    const words = fold(cpSlice(q, 0, MAX_QUERY)).split(WORD_GAP).flatMap((w) => splitMarks(unquoted(w))).filter((w) => w && wordKeys(w).length);
    return [...new Set(words)].slice(0, 10);
  }
  const searchable = (d) => `${d.t}\n${d.i}\n${d.x}`;

  /* ---- facet columns of meta.json.gz (index.columns) ---- */
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const DIGIT_VALUE = new Int8Array(128);
  [...DIGITS].forEach((c, v) => { DIGIT_VALUE[c.charCodeAt(0)] = v; });
  function decodeColumn(text) {
    const width = text.charCodeAt(0) - 48, n = (text.length - 1) / width, out = new Int32Array(n);
    for (let i = 0, at = 1; i < n; i++) {
      let v = 0;
      for (let k = 0; k < width; k++) v = (v << 6) | DIGIT_VALUE[text.charCodeAt(at++)];
      out[i] = v;
    }
    return out;
  }
  function columns(meta) {
    const col = {};
    for (const f of ["kind", "type", "status", "issuer"]) col[f] = decodeColumn(meta.col[f]);
    col.year = new Int32Array(meta.docs);
    let i = 0;
    for (const [y, count] of meta.yearRuns) col.year.fill(y, i, (i += count));
    col.region = col.issuer.map((k) => meta.issuers[k][2]);
    return col;
  }

  /* ---- bitsets ---- */
  const newBits = (n) => new Uint32Array((n + 31) >>> 5);
  function andBits(a, b) {
    const out = new Uint32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
    return out;
  }
  function bitsIds(bits) {
    const ids = [];
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w];
      while (x) {
        const t = x & -x;
        ids.push((w << 5) + 31 - Math.clz32(t));
        x ^= t;
      }
    }
    return ids;
  }
  const hasBit = (bits, i) => (bits[i >>> 5] >>> (i & 31)) & 1;
  const isEmpty = (bits) => bits.every((x) => x === 0);

  /* ---- fetching ---- */
  async function fetchBytes(url, init) {
    const resp = await fetch(url, init);
    if (!resp.ok) throw new Error(`${resp.status} ${url}`);
    const buf = new Uint8Array(await resp.arrayBuffer());
    if (buf[0] !== 0x1f || buf[1] !== 0x8b) return buf; /* already decoded by the server */
    const stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  const utf8 = new TextDecoder();
  function varint(buf, pos) {
    let n = 0, shift = 0, b;
    do {
      b = buf[pos++];
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return [n, pos];
  }

  class Index {
    constructor(base) {
      this.base = base;
      this.shards = new Map();
      this.docs = new Map();
      this.heads = new Map();
      this.keys = new Map();
    }
    url(rel) { return new URL(`${rel}?v=${this.manifest.build}`, this.base).href; }
    /* the manifest names every file (by the build) and the shards: a query's shards can be
       fetched as soon as it is here, while the metadata (facets, t2s bitmap) still arrives.
       The search page's head asked for it before its stylesheets and this script arrived
       (window.nbSearchManifest, theme/base.html): that answer is taken, once; later (a failed
       load tried again, a page brought in by Material's instant navigation) it is asked for here */
    manifestLoaded() {
      if (!this.manifestReady) {
        this.manifestReady = (async () => {
          const url = new URL("manifest.json", this.base).href, early = window.nbSearchManifest;
          window.nbSearchManifest = undefined;
          const m = await (early && early.url === url ? early.response : fetch(url, { cache: "no-cache" }));
          if (!m.ok) throw new Error(`${m.status} manifest.json`);
          const manifest = await m.json();
          if (manifest.format !== FORMAT) throw new Error("index format " + manifest.format);
          this.manifest = manifest;
          this.n = manifest.docs;
        })();
        this.manifestReady.catch(() => { this.manifestReady = null; });
      }
      return this.manifestReady;
    }
    async load() {
      if (!this.ready) {
        this.ready = (async () => {
          await this.manifestLoaded();
          this.meta = JSON.parse(utf8.decode(await fetchBytes(this.url("meta.json.gz"))));
          this.meta.col = columns(this.meta);
          this.t2sBits = Uint8Array.from(atob(this.meta.t2s.bits), (c) => c.charCodeAt(0));
          await this.ensureT2s(this.meta.issuers.map((x) => x[1]).join(""));
          this.all = newBits(this.n);
          for (let i = 0; i < this.n; i++) this.all[i >>> 5] |= 1 << (i & 31);
          this.issuerFolded = this.meta.issuers.map((x) => joined(fold(x[1])));
        })();
        this.ready.catch(() => { this.ready = null; });
      }
      return this.ready;
    }
    /* whether s holds a character that the t2s table folds (meta.t2s: a bitmap from lo, the rest listed) */
    hasT2s(s) {
      const t = this.meta.t2s;
      for (const ch of s) {
        const c = ch.codePointAt(0);
        if (c < t.lo) continue;
        if (c < 0x10000) {
          const k = c - t.lo;
          if ((k >>> 3) < this.t2sBits.length && (this.t2sBits[k >>> 3] >>> (k & 7)) & 1) return true;
        } else if (t.astral.includes(ch)) return true;
      }
      return false;
    }
    async ensureT2s(s) {
      if (T2S || !this.hasT2s(s)) return;
      if (!this.t2sLoading) {
        this.t2sLoading = fetchBytes(this.url("t2s.json.gz")).then((b) => {
          const t = JSON.parse(utf8.decode(b));
          const to = [...t.to];
          const table = new Map();
          [...t.from].forEach((c, i) => table.set(c, to[i]));
          T2S = table;
          foldCache.clear();
        });
        this.t2sLoading.catch(() => { this.t2sLoading = null; });
      }
      await this.t2sLoading;
    }
    shard(s) {
      if (!this.shards.has(s)) {
        const p = fetchBytes(this.url(`s/${s}.bin.gz`)).then((buf) => {
          const entries = new Map();
          let pos = 0;
          while (pos < buf.length) {
            let klen;
            [klen, pos] = varint(buf, pos);
            const key = utf8.decode(buf.subarray(pos, pos + klen));
            pos += klen;
            const start = pos;
            pos = this.skipPosting(buf, pos);
            pos = this.skipPosting(buf, pos);
            entries.set(key, [buf, start]);
          }
          return entries;
        });
        p.catch(() => this.shards.delete(s));
        this.shards.set(s, p);
      }
      return this.shards.get(s);
    }
    skipPosting(buf, pos) {
      let h;
      [h, pos] = varint(buf, pos);
      if (h & 1) return pos + (h >>> 1);
      for (let j = 0; j < h >>> 1; j++) { while (buf[pos] & 0x80) pos++; pos++; }
      return pos;
    }
    readPosting(buf, pos) {
      const bits = newBits(this.n);
      let h;
      [h, pos] = varint(buf, pos);
      if (h & 1) {
        const nb = h >>> 1;
        for (let i = 0; i < nb; i++) bits[i >>> 2] |= buf[pos + i] << ((i & 3) << 3);
        return [bits, pos + nb];
      }
      let cur = 0;
      for (let j = 0; j < h >>> 1; j++) {
        let g;
        [g, pos] = varint(buf, pos);
        cur = j === 0 ? g : cur + g;
        bits[cur >>> 5] |= 1 << (cur & 31);
      }
      return [bits, pos];
    }
    /* make sure the postings of these keys are loaded (in parallel) */
    async fetchKeys(keys) {
      const need = [...new Set(keys)].filter((k) => !this.keys.has(k));
      const shards = await Promise.all(need.map((k) => this.shard(fnv1a(k) % this.manifest.shards)));
      need.forEach((k, i) => {
        const e = shards[i].get(k);
        if (!e) { this.keys.set(k, [newBits(this.n), newBits(this.n)]); return; }
        const [body, pos] = this.readPosting(e[0], e[1]);
        const [title] = this.readPosting(e[0], pos);
        this.keys.set(k, [body, title]);
      });
    }
    candidates(word, which = 0, keys = wordKeys(word)) {
      let result = null;
      for (const k of keys) {
        const b = this.keys.get(k)[which];
        result = result ? andBits(result, b) : b;
      }
      return result || newBits(this.n);
    }
    async doc(i) {
      if (!this.docs.has(i)) {
        const p = fetchBytes(this.url(`d/${Math.floor(i / 1000)}/${i}.json.gz`)).then(async (b) => {
          const d = JSON.parse(utf8.decode(b));
          await this.ensureT2s(searchable(d)); /* a notice in traditional characters: verified and marked folded */
          return d;
        });
        p.catch(() => this.docs.delete(i));
        this.docs.set(i, p);
      }
      return this.docs.get(i);
    }
    /* the head of document i (its first characters of text), or the document when it is here */
    head(i) {
      if (this.docs.has(i)) return this.docs.get(i);
      if (!this.heads.has(i)) {
        const p = fetchBytes(this.url(`d/${Math.floor(i / 1000)}/${i}.h.json.gz`)).then(async (b) => {
          const d = JSON.parse(utf8.decode(b));
          await this.ensureT2s(searchable(d));
          return d;
        });
        p.catch(() => this.heads.delete(i));
        this.heads.set(i, p);
      }
      return this.heads.get(i);
    }
    /* the whole document (whole), or its head and, when a word is not in its title, issuer or
       head, the whole document: {doc, found} (query.py Index.find) */
    async find(i, words, whole) {
      let d = await (whole ? this.doc(i) : this.head(i));
      const has = (x) => { const text = joined(fold(searchable(x))); return words.every((w) => text.includes(joined(w))); };
      let found = has(d);
      if (!whole && !found) { d = await this.doc(i); found = has(d); }
      return { doc: d, found };
    }
    async verify(i, words, whole) {
      return (await this.find(i, words, whole)).found;
    }
    /* step 3 of query.py: pieces of a word that does not occur as written; kept whole when its
       pieces and cuts would take the query's keys (lookedUp) past MAX_KEYS (Index.split) */
    async split(word, lookedUp, uncut) {
      const pieces = [...word.matchAll(PIECE)].map((m) => m[0]);
      const cuttable = new Set(pieces.filter((p) => isCjkRun(p) && cpLen(p) >= 4 && cpLen(p) <= CUT_MAX));
      const need = new Set(pieces.flatMap(wordKeys));
      for (const p of cuttable) for (const k of cutKeys(p)) need.add(k);
      if ((pieces.length === 1 && !cuttable.size) || new Set([...lookedUp, ...need]).size > MAX_KEYS) {
        if (pieces.some((p) => isCjkRun(p) && cpLen(p) >= 4)) uncut.push(word);
        return [word];
      }
      for (const k of need) lookedUp.add(k);
      await this.fetchKeys([...need]);
      const out = [];
      for (const p of pieces) {
        if (!cuttable.has(p) || !isEmpty(this.candidates(p))) {
          out.push(p);
          if (isCjkRun(p) && cpLen(p) > CUT_MAX && isEmpty(this.candidates(p))) uncut.push(p);
          continue;
        }
        let cut = this.cut(p);
        const chars = [...p];
        if (cut === null && chars.length >= TYPO_MIN && new Set([...lookedUp, ...chars]).size <= MAX_KEYS) {
          for (const c of chars) lookedUp.add(c);
          await this.fetchKeys(chars);
          cut = this.cutOneOut(p);
        }
        out.push(...(cut || [p]));
      }
      return out;
    }
    /* fewest pieces that each occur, one a single character; ties: that character as late as possible (Index.cut_one_out) */
    cutOneOut(run) {
      const cps = [...run];
      let best = null;
      for (let k = cps.length - 1; k >= 0; k--) {
        if (isEmpty(this.candidates(cps[k]))) continue;
        const before = this.cut(cps.slice(0, k).join("")), after = this.cut(cps.slice(k + 1).join(""));
        if (before !== null && after !== null && (best === null || before.length + 1 + after.length < best.length)) {
          best = [...before, cps[k], ...after];
        }
      }
      return best;
    }
    /* a piece may be cut out when its keys meet; 3 characters: by its two bigrams */
    occurs(cps) {
      if (cps.length === 3) return !isEmpty(andBits(this.candidates(cps[0] + cps[1]), this.candidates(cps[1] + cps[2])));
      return !isEmpty(this.candidates(cps.join("")));
    }
    cut(run) {
      const cps = [...run];
      const n = cps.length;
      const inf = n + 1;
      const best = new Array(n + 1).fill(inf);
      const next = new Array(n + 1).fill(0);
      best[n] = 0;
      for (let i = n - 2; i >= 0; i--) {
        for (let j = n; j >= i + 2; j--) {
          if (best[j] + 1 < best[i] && this.occurs(cps.slice(i, j))) {
            best[i] = best[j] + 1;
            next[i] = j;
          }
        }
      }
      if (best[0] >= inf) return null; /* no cut (an empty run: no pieces) */
      const pieces = [];
      for (let i = 0; i < n; i = next[i]) pieces.push(cps.slice(i, next[i]).join(""));
      return pieces;
    }
    /* facet values as column indexes: type and region are 1-based (0 = none), status a bit */
    valueIndex(f, value) {
      const m = this.meta;
      if (f === "year") return m.years.findIndex((y) => String(y) === value);
      if (f === "kind") return m.kinds.findIndex((k) => k[0] === value);
      if (f === "type") { const k = m.types.indexOf(value); return k < 0 ? -1 : k + 1; }
      if (f === "issuer") return m.issuers.findIndex((x) => x[0] === value);
      if (f === "region") { const k = m.regions.indexOf(value); return k < 0 ? -1 : k + 1; }
      return m.statuses.indexOf(value);
    }
    valueCount(f) {
      const m = this.meta;
      return { year: m.years.length, kind: m.kinds.length, type: m.types.length + 1, issuer: m.issuers.length,
        region: m.regions.length + 1, status: m.statuses.length }[f];
    }
    valueName(f, v) {
      const m = this.meta;
      if (f === "year") return String(m.years[v]);
      if (f === "kind") return m.kinds[v][0];
      if (f === "type") return v ? m.types[v - 1] : null;
      if (f === "issuer") return m.issuers[v][0];
      if (f === "region") return v ? m.regions[v - 1] : null;
      return m.statuses[v];
    }
    facetValues(i) {
      const m = this.meta, c = m.col;
      const st = [];
      m.statuses.forEach((s, b) => { if ((c.status[i] >> b) & 1) st.push(s); });
      return {
        year: [String(m.years[c.year[i]])],
        kind: [m.kinds[c.kind[i]][0]],
        type: c.type[i] ? [m.types[c.type[i] - 1]] : [],
        issuer: [m.issuers[c.issuer[i]][0]],
        region: c.region[i] ? [m.regions[c.region[i] - 1]] : [],
        status: st,
      };
    }
    async search(state) {
      const q = state.q || "";
      await this.manifestLoaded();
      /* the query's shards, as folded before the traditional table may be needed, are fetched
         while the metadata arrives (one round trip less for a first query from a link) */
      const early = this.fetchKeys([...queryKeys(queryWords(q)).values()].flat());
      await Promise.all([this.load(), early]);
      await this.ensureT2s(q);
      /* a facet value the index does not hold (a hand-made URL: "constructor", "__proto__"…) is no filter */
      const facets = {};
      for (const f of FACETS) if (state[f] && this.valueIndex(f, state[f]) >= 0) facets[f] = state[f];
      const truncated = cpLen(q) > MAX_QUERY;
      const first = queryWords(q);
      const keys = queryKeys(first);
      const lookedUp = new Set([...keys.values()].flat());
      await this.fetchKeys([...lookedUp]);
      const resolved = [], uncut = [];
      for (const w of first) {
        if (!isEmpty(this.candidates(w, 0, keys.get(w)))) resolved.push(w);
        else resolved.push(...(await this.split(w, lookedUp, uncut)));
      }
      const words = [...new Set(resolved)];
      for (const w of words) if (!keys.has(w)) keys.set(w, wordKeys(w));
      await this.fetchKeys(words.flatMap((w) => keys.get(w)));
      /* words in no notice at all (by the index): named when nothing is found (query.py Result.missing) */
      const missing = words.filter((w) => isEmpty(this.candidates(w, 0, keys.get(w))));
      let mode, ids;
      if (words.length) {
        mode = "query";
        let bits = null;
        for (const w of words) bits = bits ? andBits(bits, this.candidates(w, 0, keys.get(w))) : this.candidates(w, 0, keys.get(w));
        ids = bitsIds(bits);
      } else {
        mode = Object.keys(facets).length ? "browse" : "idle";
        ids = bitsIds(this.all);
      }
      let exact = words.every(wordIsExact);
      let checked = 0;
      const whole = 2 * ids.length < this.n; /* few candidates: a word is as likely anywhere in a text (query.py step 5) */
      if (!exact && ids.length <= VERIFY_MAX) {
        checked = ids.length;
        const ok = await Promise.all(ids.map((i) => this.verify(i, words, whole)));
        ids = ids.filter((_, k) => ok[k]);
        exact = true;
      }
      /* facet counting over the columns: value index of doc i for facet f is vix[f](i) */
      const m = this.meta, col = m.col;
      const statusBits = (i) => col.status[i];
      const sel = FACETS.map((f) => (facets[f] ? this.valueIndex(f, facets[f]) : -2));
      const tally = FACETS.map((f) => new Int32Array(this.valueCount(f)));
      const cols = [col.year, col.kind, col.type, col.issuer, col.region];
      const S = FACETS.indexOf("status");
      let results = [];
      for (const i of ids) {
        let fails = 0;
        for (let f = 0; f < S; f++) if (sel[f] !== -2 && cols[f][i] !== sel[f]) fails |= 1 << f;
        if (sel[S] !== -2 && !((statusBits(i) >> sel[S]) & 1)) fails |= 1 << S;
        if (!fails) results.push(i);
        for (let f = 0; f < S; f++) if (!fails || fails === 1 << f) tally[f][cols[f][i]]++;
        if (!fails || fails === 1 << S) for (let b = 0; b < m.statuses.length; b++) if ((statusBits(i) >> b) & 1) tally[S][b]++;
      }
      const counts = {};
      FACETS.forEach((f, k) => {
        counts[f] = new Map();
        tally[k].forEach((c, v) => { const name = this.valueName(f, v); if (c && name !== null) counts[f].set(name, c); });
      });
      if (mode === "idle") results = [];
      const sort = SORTS.includes(state.sort) ? state.sort : (mode === "query" ? "relevance" : "date");
      if (mode === "query" && sort === "relevance") {
        const score = new Map(results.map((i) => [i, 0]));
        const ic = this.meta.col.issuer;
        for (const w of words) {
          const title = this.candidates(w, 1, keys.get(w));
          for (const i of results) {
            score.set(i, score.get(i) + 1 + (hasBit(title, i) ? 10 : 0) + (this.issuerFolded[ic[i]].includes(joined(w)) ? 5 : 0));
          }
        }
        results.sort((a, b) => score.get(b) - score.get(a) || a - b);
      }
      const shown = shownWords(state.q || "", words);
      const ignored = q.trim() !== "" && !first.length;
      const res = { words, shown, total: results.length, counts, exact, mode, sort, facets, truncated, ignored, uncut,
        missing: shownWords(state.q || "", missing),
        capped: false, page: [], pages: 0 };
      const size = this.manifest.page;
      const page = Math.min(Math.max(1, state.page || 1), Math.max(1, Math.ceil(results.length / size)));
      let k = (page - 1) * size;
      while (res.page.length < size && k < results.length) {
        if (!exact && checked >= VERIFY_MAX) { res.capped = true; break; }
        const batch = results.slice(k, k + Math.min(size - res.page.length, exact ? size : VERIFY_MAX - checked));
        k += batch.length;
        if (!exact) checked += batch.length;
        const hits = await Promise.all(batch.map((i) => (words.length ? this.find(i, words, whole) : this.head(i).then((d) => ({ doc: d, found: true })))));
        batch.forEach((i, n) => {
          const hit = hits[n];
          if (exact || hit.found) {
            res.page.push({ id: i, doc: hit.doc, values: this.facetValues(i) });
          } else {
            res.total -= 1;
            for (const [f, vals] of Object.entries(this.facetValues(i))) for (const val of vals) counts[f].set(val, counts[f].get(val) - 1);
          }
        });
      }
      /* every result was checked on the way (a facet left few): the count is exact now (query.py) */
      if (!exact && page === 1 && k === results.length) res.exact = true;
      res.checked = checked;
      res.pages = Math.ceil(res.total / size);
      res.pageNo = page;
      return res;
    }
  }

  /* ---- URL state ---- */
  function readState() {
    const p = new URLSearchParams(location.search);
    const s = { q: p.get("q") || "", sort: p.get("sort") || "", page: parseInt(p.get("page") || "1", 10) || 1 };
    for (const f of FACETS) s[f] = p.get(f) || "";
    return s;
  }
  function stateQuery(s) {
    const p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    for (const f of FACETS) if (s[f]) p.set(f, s[f]);
    if (s.sort) p.set("sort", s.sort);
    if (s.page > 1) p.set("page", String(s.page));
    const str = p.toString();
    return str ? `?${str}` : location.pathname;
  }

  /* ---- rendering (DOM nodes and textContent only: notice text is never parsed as HTML) ---- */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v; else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  /* original-text intervals where any word occurs */
  function matches(s, words) {
    const m = foldMapped(s);
    const iv = [];
    for (const word of words) {
      const w = joined(word);
      let at = w ? m.text.indexOf(w) : -1;
      while (at >= 0) {
        iv.push([m.from[at], m.to[at + w.length - 1]]);
        at = m.text.indexOf(w, at + w.length);
      }
    }
    iv.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const x of iv) {
      const last = merged[merged.length - 1];
      if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]); else merged.push([...x]);
    }
    return merged;
  }
  function marked(s, iv, a = 0, b = s.length) {
    const frag = document.createDocumentFragment();
    let pos = a;
    for (const [x, y] of iv) {
      if (y <= a || x >= b) continue;
      const s0 = Math.max(x, a), s1 = Math.min(y, b);
      if (s0 > pos) frag.append(s.slice(pos, s0));
      frag.append(el("mark", {}, s.slice(s0, s1)));
      pos = s1;
    }
    if (pos < b) frag.append(s.slice(pos, b));
    return frag;
  }
  function excerpt(text, words, width = 120) {
    const iv = matches(text, words);
    if (!iv.length) {
      const a = text.slice(0, width);
      return el("p", { class: "nb-excerpt" }, a + (text.length > width ? "…" : ""));
    }
    const first = iv[0][0];
    const paraStart = text.lastIndexOf("\n", first) + 1;
    let a = Math.max(paraStart, first - 30);
    let b = Math.min(text.length, a + width);
    const nl = text.indexOf("\n", first);
    if (nl >= 0 && nl < b && nl - a > width / 2) b = nl;
    while (a > 0 && /[\uDC00-\uDFFF]/.test(text[a])) a--;
    while (b < text.length && /[\uDC00-\uDFFF]/.test(text[b])) b++;
    return el("p", { class: "nb-excerpt" }, a > paraStart ? "…" : "", marked(text, iv, a, b), b < text.length ? "…" : "");
  }

  class SearchUI {
    constructor(root) {
      this.root = root;
      this.index = new Index(new URL(root.dataset.index || "./", document.baseURI));
      this.siteRoot = new URL(root.dataset.root || "../", document.baseURI);
      this.form = root.querySelector("form");
      this.input = root.querySelector("input[name=q]");
      this.sortSel = root.querySelector("select[name=sort]");
      this.facetBox = root.querySelector(".nb-facets");
      this.list = root.querySelector(".nb-results");
      this.status = root.querySelector(".nb-status");
      this.pager = root.querySelector(".nb-pager");
      this.seq = 0;
      this.state = readState();
      this.input.value = this.state.q;
      this.sortSel.value = this.state.sort || "";
      this.form.addEventListener("submit", (e) => {
        e.preventDefault();
        this.update({ q: this.input.value.trim(), page: 1 }, "push");
      });
      /* a keystroke after a pause is searched at once; those that follow it within 60 ms wait
         until the typing pauses (the last one is always searched) */
      let timer = 0, last = -Infinity;
      const typed = () => {
        const now = performance.now(), quick = now - last < 60;
        last = now;
        clearTimeout(timer);
        const go = () => this.update({ q: this.input.value.trim(), page: 1 }, "replace");
        if (quick) timer = setTimeout(go, 60); else go();
      };
      this.input.addEventListener("input", (e) => { if (!e.isComposing) typed(); });
      this.input.addEventListener("compositionend", typed);
      this.sortSel.addEventListener("change", () => this.update({ sort: this.sortSel.value, page: 1 }, "push"));
      this.facetBox.addEventListener("change", (e) => {
        const f = e.target.name;
        if (FACETS.includes(f)) this.update({ [f]: e.target.value, page: 1 }, "push");
      });
      this.pager.addEventListener("click", (e) => {
        const a = e.target.closest("a[data-page]");
        if (!a) return;
        e.preventDefault();
        this.update({ page: parseInt(a.dataset.page, 10) }, "push");
        this.status.focus();
      });
      window.addEventListener("popstate", () => {
        if (!this.root.isConnected) return; /* Material's instant navigation replaced the page */
        this.state = readState();
        this.input.value = this.state.q;
        this.sortSel.value = this.state.sort || "";
        this.run();
      });
      this.run();
    }
    update(change, how) {
      const next = { ...this.state, ...change };
      const same = stateQuery(next) === stateQuery(this.state);
      this.state = next;
      if (!same) {
        const url = stateQuery(next);
        if (how === "push") history.pushState(null, "", url); else history.replaceState(null, "", url);
      }
      this.run();
    }
    async run() {
      const seq = ++this.seq;
      this.root.setAttribute("aria-busy", "true");
      let res;
      try {
        res = await this.index.search(this.state);
      } catch (err) {
        if (seq !== this.seq) return;
        this.root.removeAttribute("aria-busy");
        this.status.textContent = location.protocol === "file:"
          ? "搜索无法在直接打开的文件（file://）中使用：浏览器不允许这样打开的页面读取搜索索引。请通过网页服务器打开本站：" +
            "在站点项目中运行 noticeboard serve，或用任一网页服务器（例如在生成的 site 目录中运行 python3 -m http.server）发布后，用 http:// 地址访问。"
          : `搜索索引无法加载（${err.message}）。请稍后再试。`;
        this.shown();
        return;
      }
      if (seq !== this.seq) return;
      for (const f of FACETS) this.state[f] = res.facets[f] || ""; /* unknown values dropped */
      this.state.page = res.pageNo;
      if (!SORTS.includes(this.state.sort)) this.state.sort = "";
      this.sortSel.value = this.state.sort;
      this.render(res);
      this.root.removeAttribute("aria-busy");
      this.shown();
    }
    /* the page holds Material's script (and extra_javascript) until the first answer is on screen
       (theme/base.html, nbLater): asked for once it has been painted (the frame after the one
       that drew it), so that on a slow network the index's files do not share it with 114 kB the
       results do not need */
    shown() {
      if (this.painted) return;
      this.painted = true;
      if (typeof window.nbLater !== "function") return;
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => window.nbLater(follow), 0)));
    }
    render(res) {
      const meta = this.index.meta;
      this.renderFacets(res);
      this.list.replaceChildren();
      this.pager.replaceChildren();
      this.root.dataset.state = res.mode;
      const note = res.truncated ? `（检索词过长，只按前 ${MAX_QUERY} 个字检索）` : "";
      /* a query with nothing searchable is not searched silently: say what was ignored and why */
      const typed = this.input.value;
      let ignored = "";
      if (res.mode !== "query" && typed.trim() === "" && typed !== "") ignored = "检索词只有空格，已忽略。";
      else if (res.ignored) {
        const q = [...(this.state.q || "").trim()];
        ignored = `已忽略检索词“${q.slice(0, 20).join("")}${q.length > 20 ? "…" : ""}”：其中没有汉字、字母或数字（标点、符号和表情不参与检索）。`;
      }
      if (res.mode === "idle") {
        this.status.textContent = `${ignored}共 ${meta.docs} 篇通报。输入关键词搜索，或选择筛选条件浏览。${note}`;
        this.renderEmpty(res);
        return;
      }
      const what = res.mode === "browse" ? "符合条件的通报" : `包含“${res.shown.join("”和“")}”的通报`;
      const about = res.exact ? "" : "约 "; /* only when the count is an estimate (query.py step 5) */
      let said;
      if (res.capped && !res.page.length) {
        /* the check ran out before finding one (query.py step 5): not "none", but what was checked */
        said = `逐篇核对了索引给出的 ${res.checked} 篇通报，都不含“${res.shown.join("”和“")}”原文；其余约 ${res.total} 篇未逐篇核对。可以减少或分开检索词再试。`;
      } else if (res.total) {
        said = `找到 ${about}${res.total} 篇${what}` + (res.pages > 1 ? `，第 ${res.pageNo}/${res.pages} 页` : "") +
          (res.capped ? `（逐篇核对了 ${res.checked} 篇，总数按索引估计）` : "");
      } else {
        /* a query under filters: it is the filters that found nothing, perhaps (renderEmpty offers it without them) */
        const under = res.mode === "query" && Object.keys(res.facets).length ? "在所选的筛选条件下" : "";
        said = `${under}没有找到${what}。` + (res.uncut.length ? "较长的连续文字按整句检索，不拆开；可以用空格分开几个关键词再试。" : "");
        /* several words, some in no notice at all: say which (the others are offered, renderEmpty) */
        if (res.mode === "query" && res.shown.length > 1 && res.missing.length) {
          said += `其中“${res.missing.join("”和“")}”在所有通报中都没有出现。`;
        }
      }
      this.status.textContent = ignored + said + note;
      this.renderEmpty(res);
      for (const hit of res.page) {
        const d = hit.doc, v = hit.values;
        const kind = meta.kinds.find((k) => k[0] === v.kind[0]);
        const href = new URL(d.u, this.siteRoot).href;
        const bits = [d.d, d.i, kind ? kind[1] : v.kind[0]];
        if (v.type.length) bits.push(v.type[0]);
        if (d.p) bits.push(`${meta.labels.progress}：${d.p}`);
        const words = res.mode === "query" ? res.words : [];
        this.list.append(el("li", { class: "nb-hit" },
          el("h2", { class: "nb-hit-title" }, el("a", { href }, marked(d.t, matches(d.t, words)))),
          d.w ? el("p", { class: "nb-hit-withdrawn" }, d.w) : null,
          el("p", { class: "nb-hit-meta" }, bits.join(" · ")),
          words.length ? excerpt(d.x, words) : null));
      }
      if (res.pages > 1) {
        const link = (p, label, rel) => {
          const url = stateQuery({ ...this.state, page: p });
          return el("a", { href: url, "data-page": String(p), rel, class: "md-button" }, label);
        };
        if (res.pageNo > 1) this.pager.append(link(res.pageNo - 1, "上一页", "prev"));
        this.pager.append(el("span", { class: "nb-pageno" }, `第 ${res.pageNo} / ${res.pages} 页`));
        if (res.pageNo < res.pages) this.pager.append(link(res.pageNo + 1, "下一页", "next"));
      }
    }
    /* no result: a way on (each word alone when there are several; the archive and the issuers in the template) */
    renderEmpty(res) {
      const box = this.root.querySelector(".nb-empty");
      if (!box) return;
      box.hidden = !(res.mode !== "idle" && res.total === 0);
      /* a query under filters: the same query without them (a link only while it is offered) */
      const unfilter = box.querySelector(".nb-unfilter");
      unfilter.hidden = !(box.hidden === false && res.mode === "query" && Object.keys(res.facets).length);
      unfilter.querySelector(".nb-unfiltered").replaceChildren(
        ...(unfilter.hidden ? [] : [el("a", { href: stateQuery({ q: this.state.q, sort: this.state.sort, page: 1 }) }, "再搜索一次")]));
      const fewer = box.querySelector(".nb-fewer");
      const parts = fewer.querySelector(".nb-parts");
      parts.replaceChildren();
      /* each word alone, but not one that is in no notice (the status names those) */
      const offers = res.shown.filter((w) => !res.missing.includes(w));
      fewer.hidden = !(res.mode === "query" && res.shown.length > 1 && offers.length);
      if (fewer.hidden) return;
      offers.forEach((w, k) => {
        if (k) parts.append("、");
        parts.append(el("a", { href: stateQuery({ ...this.state, q: w, page: 1 }) }, w));
      });
    }
    renderFacets(res) {
      const meta = this.index.meta;
      const label = {
        year: (v) => `${v}年`,
        kind: (v) => (meta.kinds.find((k) => k[0] === v) || [v, v])[1],
        type: (v) => v,
        issuer: (v) => (meta.issuers.find((x) => x[0] === v) || [v, v])[1],
        region: (v) => v,
        status: (v) => (Object.hasOwn(meta.labels.status, v) ? meta.labels.status[v] : v),
      };
      const focused = document.activeElement && document.activeElement.name;
      const boxes = [];
      for (const f of FACETS) {
        const counts = res.counts[f];
        let vals = [...counts.entries()].filter(([, c]) => c > 0);
        if (f === "year") vals.sort((a, b) => b[0].localeCompare(a[0]));
        else vals.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        vals = vals.slice(0, FACET_LIMIT);
        const cur = res.facets[f] || "";
        if (cur && !vals.some(([v]) => v === cur)) vals.unshift([cur, 0]);
        if (!vals.length && !cur) continue;
        const id = `nb-f-${f}`;
        const sel = el("select", { id, name: f }, el("option", { value: "" }, "全部"));
        for (const [v, c] of vals) sel.append(el("option", { value: v, selected: v === cur }, `${label[f](v)}（${c}）`));
        boxes.push(el("div", { class: "nb-facet" }, el("label", { for: id }, meta.labels.facets[f]), sel));
      }
      this.facetBox.replaceChildren(...boxes);
      if (focused && FACETS.includes(focused)) {
        const again = this.facetBox.querySelector(`select[name="${focused}"]`);
        if (again) again.focus();
      }
    }
  }

  function init() {
    const root = document.getElementById("nb-search");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    const ui = new SearchUI(root);
    /* the page's folding, for checking it against analysis.py (tests) */
    window.noticeboardSearch = Object.freeze({
      fold: async (s) => { await ui.index.load(); await ui.index.ensureT2s(s); return fold(s); },
    });
  }
  /* Material's instant navigation (navigation.instant) brings a page in without loading it and
     says so on its document$; it runs this script again whenever it brings the search page in:
     the first run starts every search page after it, later runs do nothing */
  let following = false;
  function follow() {
    if (following || !window.document$ || typeof window.document$.subscribe !== "function") return;
    following = true;
    window.document$.subscribe(init);
  }
  if (window.noticeboardSearchStarts) return;
  window.noticeboardSearchStarts = true;
  /* on a page load this script runs before Material's (it stands before it in the page: it does
     not wait for it); on the search page Material's comes after the first results (SearchUI.shown),
     elsewhere (navigation.instant) its document$ is there once the page has loaded */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => { init(); follow(); });
  } else {
    init();
    if (window.document$) follow(); else document.addEventListener("DOMContentLoaded", follow);
  }
})();
