"""Matching's error codes with their zh-CN / en titles (none of its own yet: its endpoints come
with their own issue), and its uniqueness rules."""

from __future__ import annotations

from services.common.errors import ErrorCode, UniqueRules
from services.matching.db.models import Base


class MatchingCode(ErrorCode):
    """Codes only Matching raises (the kernel's are in ``KernelCode``)."""


#: Matching's unique constraints and the 409 each answers with.
UNIQUE = UniqueRules({}, Base.metadata)
