"""The GB/T 2260 province/city/county data shipped in ``services.registry.data``."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from services.registry.data import LEVELS, iter_regions

REGIONS = list(iter_regions())
BY_CODE = {code: (name, level, parent) for code, name, level, parent in REGIONS}


def test_counts_per_level_are_plausible() -> None:
    counts = Counter(level for _, _, level, _ in REGIONS)
    assert set(counts) == set(LEVELS)
    assert 31 <= counts["province"] <= 34
    assert 330 <= counts["city"] <= 360
    assert 2800 <= counts["county"] <= 3100


def test_codes_are_six_digits_and_unique() -> None:
    codes = [code for code, _, _, _ in REGIONS]
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    assert len(codes) == len(set(codes))


def test_names_are_not_blank() -> None:
    assert all(name.strip() == name and name for _, name, _, _ in REGIONS)


def test_parents_exist_and_come_first() -> None:
    seen: set[str] = set()
    for code, _, level, parent in REGIONS:
        if level == "province":
            assert parent is None
        else:
            assert parent in seen, code
        seen.add(code)


def test_parent_follows_the_code_prefix() -> None:
    for code, _, level, parent in REGIONS:
        if level == "city":
            assert parent == code[:2] + "0000"
            assert BY_CODE[parent][1] == "province"
        elif level == "county":
            assert parent == code[:4] + "00"
            assert BY_CODE[parent][1] == "city"


@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("330000", "浙江省", "province", None),
        ("330200", "宁波市", "city", "330000"),
        ("330203", "海曙区", "county", "330200"),
        ("500101", "万州区", "county", "500100"),
        ("500100", "市辖区", "city", "500000"),
        ("110101", "东城区", "county", "110100"),
        ("419001", "济源市", "county", "419000"),
        ("469001", "五指山市", "county", "469000"),
        ("510107", "武侯区", "county", "510100"),
        ("441900", "东莞市", "city", "440000"),
    ],
)
def test_known_examples(code: str, name: str, level: str, parent: str | None) -> None:
    assert BY_CODE[code] == (name, level, parent)
