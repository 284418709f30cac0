"""Reference data shipped with the Registry: GB/T 2260 provinces, cities and counties.

``regions.csv`` (``README.md`` here says where it comes from and how it is rebuilt) holds
6-digit codes only. Every row's parent is named by its code prefix: a county's city is
``code[:4] + "00"`` and every city's province is ``code[:2] + "0000"``. Municipalities
(北京, 天津, 上海, 重庆) therefore keep their city-level rows ``110100 市辖区`` and
``500200 县``, and counties directly under a province (济源 419001, Hainan's 4690xx)
hang under the province's ``省直辖县级行政区划`` city row (419000, 469000).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources

LEVELS = ("province", "city", "county")


def iter_regions() -> Iterator[tuple[str, str, str, str | None]]:
    """Yield ``(code, name, level, parent_code)``; parents come before their children."""
    text = resources.files(__package__).joinpath("regions.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    if next(reader) != ["code", "name", "level", "parent_code"]:
        raise ValueError("regions.csv: unexpected header")
    for code, name, level, parent_code in reader:
        yield code, name, level, parent_code or None
