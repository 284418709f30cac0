"""Field types for request bodies and queries that refuse what lax coercion would let through.

Pydantic's lax mode turns ``0`` into ``false``, ``true`` into ``1`` and ``0`` into 1970-01-01;
for an API those are client mistakes that deserve a 422, not a silent guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, StrictBool, StrictInt

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value):
        return value
    raise ValueError("日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) >= 10 and _DATE.match(value[:10]):
        return value
    raise ValueError("时间应为 RFC 3339 格式 / timestamp must be RFC 3339")


#: A date given as ``YYYY-MM-DD`` (never a number).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
#: A timestamp given as an RFC 3339 string with its offset (never a number, never naive: a
#: time without an offset means different instants to a server in UTC and an officer in
#: Beijing, so the contract requires the offset and a naive one is a 422).
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_datetime)]

__all__ = [
    "IsoDate",
    "IsoDateTime",
    "NormalizedText",
    "StrictBool",
    "StrictInt",
    "normalize_text",
]


#: Invisible characters that only ever hide a difference: zero-width space, non-joiner and
#: joiner, word joiner, byte-order mark, soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")


def normalize_text(value: str) -> str:
    """NFKC (full-width letters, digits and brackets become their half-width twins), without
    invisible characters, trimmed; a control or bidirectional-override character is refused.

    Two names that look the same must be the same string, or search and uniqueness checks
    see two names where an officer sees one (and a bidi override can make one read as another).
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip()
    for char in text:
        if unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"}:
            raise ValueError(
                f"不能包含控制字符 U+{ord(char):04X} / control character U+{ord(char):04X} "
                "is not allowed"
            )
    return text


def _normalized(value: Any) -> Any:
    return normalize_text(value) if isinstance(value, str) else value


#: Text compared by people (names): normalized by :func:`normalize_text` before other checks.
NormalizedText = Annotated[str, BeforeValidator(_normalized)]
