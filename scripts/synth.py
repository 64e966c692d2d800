"""Generate a synthetic archive of N valid notices by recombining the bundled sample notices.

    python scripts/synth.py N OUT_DIR

OUT_DIR becomes a project (mkdocs.yml, docs/, notices/): titles, issuers, sections, problems and
contacts are drawn from different real notices (seeded, so the same N gives the same archive),
with realistic length and vocabulary, dates spread over 2016–2025 and every notice schema-valid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


class _NoAliases(yaml.SafeDumper):
    """Sections reused across notices are written out in full (notices refuse YAML aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _samples() -> list[dict]:
    out = []
    for path in sorted((REPO / "notices").rglob("*.yml")):
        if path.name == "issuers.yml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("sections"):
            out.append(data)
    if not out:
        raise SystemExit("no sample notices with sections under notices/")
    return out


def _issuer_name(data: dict) -> str:
    issuer = data["issuer"]
    return issuer["name"] if isinstance(issuer, dict) else str(issuer)


def make_notice(i: int, samples: list[dict], rng: random.Random) -> dict:
    base = rng.choice(samples)
    year = 2016 + i % 10
    published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(200, 360))
    start = published - dt.timedelta(days=rng.randrange(150, 200))
    name = _issuer_name(base)
    issuer_name = f"{name}（{i % 97}）" if i % 3 else name
    # the base notice's shape and length, half of its sections swapped for other notices' ones
    sections = [rng.choice(rng.choice(samples)["sections"]) if rng.random() < 0.5 else s for s in base["sections"]]
    notice = {
        "title": base["title"],
        "slug": f"n{i:05d}",
        # a slug of its own per name: the names' slugs, cut to length, would lose the (k) and clash
        "issuer": {"name": issuer_name, "slug": "i-" + hashlib.blake2b(issuer_name.encode(), digest_size=5).hexdigest(), "region": base["issuer"].get("region") if isinstance(base["issuer"], dict) else None},
        "published": published.isoformat(),
        "kind": base.get("kind", "progress"),
        "inspection": {
            "type": rng.choice(["巡视", "巡察"]),
            "team": f"市委第{'一二三四五六七八九'[i % 9]}巡察组",
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=40)).isoformat(),
            "feedback": (start + dt.timedelta(days=90)).isoformat(),
        },
        "summary": base.get("summary") or "",
        "sections": sections,
    }
    if notice["issuer"]["region"] is None:
        del notice["issuer"]["region"]
    if base.get("problems"):
        notice["problems"] = base["problems"]
    contact = rng.choice(samples).get("contact")
    if contact:
        notice["contact"] = {k: v for k, v in contact.items() if k != "until"}
    return notice


def generate(n: int, out: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    samples = _samples()
    if out.exists():
        shutil.rmtree(out)
    (out / "notices").mkdir(parents=True)
    shutil.copytree(REPO / "docs", out / "docs")
    shutil.copytree(REPO / "overrides", out / "overrides")
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    for i in range(n):
        notice = make_notice(i, samples, rng)
        target = out / "notices" / notice["published"][:4] / f"{notice['slug']}.yml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(yaml.dump(notice, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return out


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    generate(count, target)
    print(f"wrote {count} notices into {target}")
