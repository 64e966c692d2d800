"""SearchDocs from the real notice texts of tests/fixtures/corpus (first line = title), for search
tests and ``scripts/search_bench.py``: the real texts as they are, then synthetic notices recombined from
their paragraphs (seeded, so the same every run)."""

from __future__ import annotations

import random

from noticeboard.search.documents import SearchDoc
from paths import CORPUS

KINDS = [("plan", "整改方案"), ("progress", "整改进展情况通报"), ("report", "整改情况报告"),
         ("publicity", "整改情况公示"), ("review", "对照检查材料")]
REGIONS = ["黑龙江省大庆市", "浙江省台州市", "四川省成都市", "江苏省南京市", "广东省深圳市", None]
STATUSES = ["done", "in_progress", "long_term"]


def corpus_texts() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every corpus file, in file-name order."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        out.append((lines[0], lines[1:]))
    return out


def _doc(i: int, title: str, paras: list[str], rng: random.Random, issuers: int) -> SearchDoc:
    k = i % issuers
    region = REGIONS[k % len(REGIONS)]
    kind, label = KINDS[rng.randrange(len(KINDS))]
    year = 2017 + rng.randrange(8)
    statuses = tuple(sorted(s for s in STATUSES if rng.random() < 0.4))
    return SearchDoc(
        url=f"notices/{year}/n{i:05d}/",
        title=title,
        date=f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
        issuer=f"中共{(region or '某地')[-3:]}第{k}机关党组",
        issuer_slug=f"issuer-{k}",
        region=region,
        kind=kind,
        kind_label=label,
        inspection_type=rng.choice(["巡视", "巡察", None]),
        statuses=statuses,
        progress=f"{rng.randrange(10)}/10" if rng.random() < 0.5 else None,
        text="\n".join(paras),
    )


def corpus_docs(n: int | None = None, seed: int = 7, doc_bytes: int = 5000, issuers: int | None = None) -> list[SearchDoc]:
    """The real texts, then (up to ``n``) notices of about ``doc_bytes`` UTF-8 bytes recombined
    from corpus paragraphs."""
    rng = random.Random(seed)
    texts = corpus_texts()
    n = len(texts) if n is None else n
    issuers = issuers or max(1, n // 5)
    docs = [_doc(i, t, p, rng, issuers) for i, (t, p) in enumerate(texts[:n])]
    paras = [p for _, ps in texts for p in ps if len(p) >= 8]
    titles = [t for t, _ in texts]
    for i in range(len(docs), n):
        body, size = [], 0
        while size < doc_bytes:
            p = rng.choice(paras)
            body.append(p)
            size += len(p.encode())
        docs.append(_doc(i, f"{rng.choice(titles)}（{i}）", body, rng, issuers))
    return docs
