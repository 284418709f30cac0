"""Query pieces both backends answer correctly: region subtrees, list membership, CJK search.

- Region subtree: a region's descendants are exactly the codes that start with its significant
  prefix (2 digits for a province, 4 for a city, 6 for a county, 9 for a township, 12 for a
  village); ``code BETWEEN prefix AND prefix + '9…9'`` is a B-tree range on any column holding a
  region code, on SQLite and PostgreSQL alike (digit strings sort the same in every collation).
- List membership (roles, domains, skills): ``text[] @> ARRAY[x]`` with a GIN index on PostgreSQL,
  ``EXISTS (SELECT 1 FROM json_each(col) WHERE value = x)`` on SQLite.
- Name search: on PostgreSQL ``name_bigrams @> ARRAY[bigrams of q]`` (GIN) narrows the candidates
  and ``lower(name) LIKE '%q%'`` confirms; trigram indexes cannot serve two-character queries, the
  most common in Chinese. On SQLite a plain ``LIKE`` is the correct answer.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

LEVEL_PREFIX = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
LEVEL_DIGITS = {"province": 6, "city": 6, "county": 6, "township": 9, "village": 12}


def region_prefix(code: str, level: str) -> str:
    """The part of ``code`` every descendant's code starts with."""
    return code[: LEVEL_PREFIX[level]]


def in_region(column: Any, prefix: str) -> sa.ColumnElement[bool]:
    """``column`` holds the region with this prefix or one of its descendants."""
    return sa.and_(column >= prefix, column <= prefix.ljust(12, "9"))


def bigrams(text: str) -> list[str]:
    """Distinct two-character pieces of the lower-cased text, in order of first appearance."""
    low = text.lower()
    seen: dict[str, None] = {}
    for i in range(len(low) - 1):
        seen.setdefault(low[i : i + 2], None)
    return list(seen)


def escape_like(text: str) -> str:
    """``text`` with LIKE wildcards escaped by backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_all(column: Any, values: list[str], dialect: str) -> sa.ColumnElement[bool]:
    """The list in ``column`` holds every one of ``values``."""
    if dialect == "postgresql":
        # type_coerce, not CAST: the expression must stay the bare column for the GIN index.
        return sa.type_coerce(column, postgresql.ARRAY(sa.Text())).op("@>")(
            sa.cast(postgresql.array(values), postgresql.ARRAY(sa.Text()))
        )
    clauses = []
    for value in values:
        each = sa.func.json_each(column).table_valued("value").alias()
        clauses.append(sa.exists(sa.select(1).select_from(each).where(each.c.value == value)))
    return sa.and_(*clauses)


def name_matches(name: Any, name_bigrams: Any, q: str, dialect: str) -> sa.ColumnElement[bool]:
    """``name`` contains ``q`` (case-insensitive for Latin letters), served by an index on PG."""
    like = sa.func.lower(name).like(f"%{escape_like(q.lower())}%", escape="\\")
    grams = bigrams(q)
    if dialect == "postgresql" and grams:
        return sa.and_(contains_all(name_bigrams, grams, dialect), like)
    return like


def mask(value: str | None) -> str | None:
    """Hide the middle of a phone or certificate number: ``13812345678`` → ``138****5678``."""
    if value is None:
        return None
    n = len(value)
    if n >= 8:
        return value[:3] + "*" * (n - 7) + value[-4:]
    if n >= 3:
        return value[0] + "*" * (n - 2) + value[-1]
    return "*" * n


def mask_name(value: str | None) -> str | None:
    """Keep a person's surname (the first character) and hide the rest: ``王小明`` → ``王**``."""
    if not value:
        return value
    return value[0] + "*" * max(1, len(value) - 1)
