"""Keyset cursors."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from services.common.errors import ValidationFailed
from services.common.pagination import decode_cursor, encode_cursor


def test_cursor_round_trip_keeps_types() -> None:
    key = [
        dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        uuid.uuid4(),
        "海曙",
        7,
        dt.date(2026, 5, 1),
    ]
    assert decode_cursor(encode_cursor(key)) == key


@pytest.mark.parametrize("cursor", ["", "!!!", "bm90IGpzb24", "W10", "eyJ4IjoxfQ"])
def test_bad_cursor_is_422(cursor: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        decode_cursor(cursor)
    assert info.value.code == "cursor_invalid"
