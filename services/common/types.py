"""Field types for request bodies and queries that refuse what lax coercion would let through.

Pydantic's lax mode turns ``0`` into ``false``, ``true`` into ``1`` and ``0`` into 1970-01-01;
for an API those are client mistakes that deserve a 422, not a silent guess.
"""

from __future__ import annotations

import datetime as dt
import re
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

__all__ = ["IsoDate", "IsoDateTime", "StrictBool", "StrictInt"]
