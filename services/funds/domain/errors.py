"""Funds's error codes with their zh-CN / en titles (none of its own yet: its endpoints come
with their own issue), and its uniqueness rules."""

from __future__ import annotations

from services.common.errors import ErrorCode, UniqueRules
from services.funds.db.models import Base


class FundsCode(ErrorCode):
    """Codes only Funds raises (the kernel's are in ``KernelCode``)."""


#: Funds's unique constraints and the 409 each answers with.
UNIQUE = UniqueRules({}, Base.metadata)
