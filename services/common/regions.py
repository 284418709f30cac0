"""GB/T 2260 region codes: which codes lie under which (a fact of the code, not of a service).

A region's descendants are exactly the codes that start with its significant prefix: 2 digits
for a province (``330000``), 4 for a city (``330200``), 6 for a county (``330203``), and the
whole code for 9-digit townships and 12-digit villages.
"""

from __future__ import annotations


def subtree_prefix(code: str) -> str:
    """The prefix every code under ``code`` (and ``code`` itself) starts with."""
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def within(code: str | None, region: str) -> bool:
    """True when ``code`` is ``region`` or lies under it."""
    return code is not None and code.startswith(subtree_prefix(region))
