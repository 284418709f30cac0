"""Recompute the journal: the hash chain and every balance, streamed in batches.

Memory is one running total per account and one batch of entries, whatever the journal's size;
the read is one snapshot, so a verification that runs beside writers sees a consistent journal
and consistent balances.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.fastpath import Prepared
from services.funds.db.models import Account, LedgerHead, Transfer
from services.funds.domain.ledger import GENESIS, TEXTS, chain

BATCH = 5000
TRANSFERS = cast(sa.Table, Transfer.__table__)
ACCOUNTS = cast(sa.Table, Account.__table__)
_PAGE = Prepared(
    sa.select(TRANSFERS)
    .where(TRANSFERS.c.seq > sa.bindparam("after", type_=sa.BigInteger()))
    .order_by(TRANSFERS.c.seq)
    .limit(BATCH)
)


async def verify(session: AsyncSession) -> dict[str, Any]:
    """``{ok, entries, head, accounts, broken?}``: the first entry or balance that disagrees."""
    totals: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # dp, cp, dq, cq
    expected_hash, count, last = GENESIS, 0, 0
    texts: dict[Any, str] = {}  # accounts' ids as text, for the hashes
    while True:
        # Through the driver, rows as dicts (services/common/fastpath.py): SQLAlchemy's result
        # machinery and a dict per row cost more than the hash.
        rows = await _PAGE.all(session, after=last)
        if not rows:
            break
        for entry in rows:
            debit_id, credit_id = entry["debit_account_id"], entry["credit_account_id"]
            debit_text = texts.get(debit_id) or texts.setdefault(debit_id, str(debit_id))
            credit_text = texts.get(credit_id) or texts.setdefault(credit_id, str(credit_id))
            entry[TEXTS] = (str(entry["id"]), debit_text, credit_text)
            broken = _check(entry, expected_hash, last, totals)
            if broken is not None:
                return {
                    "ok": False,
                    "entries": count,
                    "head": expected_hash,
                    "accounts": len(totals),
                    "broken": broken,
                }
            expected_hash, last, count = entry["hash"], entry["seq"], count + 1
    head = await session.get(LedgerHead, 1)
    if head is not None and (head.seq != last or head.hash != expected_hash):
        return {
            "ok": False,
            "entries": count,
            "head": expected_hash,
            "accounts": len(totals),
            "broken": {
                "seq": head.seq,
                "reason": "the ledger head is not the journal's last entry",
            },
        }
    accounts = (await session.execute(sa.select(ACCOUNTS))).all()
    for account in accounts:
        stored = [
            account.debits_posted,
            account.credits_posted,
            account.debits_pending,
            account.credits_pending,
        ]
        if stored != totals.get(account.id, [0, 0, 0, 0]):
            reason = (
                f"stored totals {stored} differ from the journal's "
                f"{totals.get(account.id, [0, 0, 0, 0])}"
            )
            return _broken_account(count, expected_hash, len(accounts), account.id, reason)
    # The journal's accounts are not foreign keys (models.Transfer): check they all exist.
    missing = set(totals) - {account.id for account in accounts}
    if missing:
        reason = "the journal names an account that does not exist"
        return _broken_account(count, expected_hash, len(accounts), min(missing, key=str), reason)
    return {"ok": True, "entries": count, "head": expected_hash, "accounts": len(accounts)}


def _broken_account(
    count: int, head: str, accounts: int, account_id: Any, reason: str
) -> dict[str, Any]:
    return {
        "ok": False,
        "entries": count,
        "head": head,
        "accounts": accounts,
        "broken": {"account_id": str(account_id), "reason": reason},
    }


def _check(
    entry: dict[str, Any], expected: str, last: int, totals: dict[Any, list[int]]
) -> dict[str, Any] | None:
    where = {"seq": entry["seq"], "id": str(entry["id"])}
    if entry["seq"] != last + 1:
        return {**where, "reason": f"sequence jumps from {last} to {entry['seq']}"}
    if entry["prev_hash"] != expected:
        return {**where, "reason": "does not follow the entry before it (prev_hash)"}
    if chain(expected, entry) != entry["hash"]:
        return {**where, "reason": "its contents do not match its hash (edited)"}
    debit, credit, amount = (
        totals[entry["debit_account_id"]],
        totals[entry["credit_account_id"]],
        entry["amount"],
    )
    action = entry["action"]
    if action == "single":
        debit[0] += amount
        credit[1] += amount
    elif action == "pending":
        debit[2] += amount
        credit[3] += amount
    else:
        debit[2] -= amount
        credit[3] -= amount
        if action == "post":
            debit[0] += amount
            credit[1] += amount
    after = (
        debit[1] - debit[0],
        debit[3] - debit[2],
        credit[1] - credit[0],
        credit[3] - credit[2],
    )
    stored = (
        entry["debit_posted"],
        entry["debit_pending"],
        entry["credit_posted"],
        entry["credit_pending"],
    )
    if after != stored:
        return {**where, "reason": f"balances after it {stored} differ from the journal's {after}"}
    return None
