"""A fund's statement for a period: opening + inflows − outflows = closing, per asset.

What a fund *holds* is the posted balance of its holding accounts: ``cash`` and ``in_kind``
(CNY) and its volunteers' accounts (TIME). A flow is a posted journal entry (``single`` or the
``post`` of a reservation) between a holding account and any other account; entries between two
holding accounts (a gift of minutes between volunteers) move nothing in or out. Reservations move
no posted balance and do not appear.

Periods are by booking date (``booked_on``, inclusive), not by journal order: a transfer may be
booked on an earlier day than the entry before it, so the journal's stored after-balances do not
give "the balance at the start of a day". The opening balance is therefore the sum of the flows
booked before ``from``, and the closing balance is computed independently of the period's flows,
from the accounts' stored totals minus what was booked after ``to``. ``reconciled`` compares the
two, so an entry counted wrongly shows up as a statement that does not reconcile.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from typing import cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.funds.db.models import Account, Donation, Fund, Grant, TimeBankEntry, Transfer
from services.funds.schemas import (
    AssetStatement,
    FlowLine,
    PublicDonation,
    PublicFund,
    PublicGrant,
    StatementRead,
)

ACCOUNTS = cast(sa.Table, Account.__table__)
TRANSFERS = cast(sa.Table, Transfer.__table__)
HOLDING_KINDS = ("cash", "in_kind", "volunteer")
POSTED_ACTIONS = ("single", "post")
KIND_LABELS = {
    "donation": "捐赠 / donations",
    "in_kind_donation": "物资捐赠 / in-kind donations",
    "disbursement": "资助拨付 / grant disbursements",
    "earn": "服务积分 / minutes earned",
    "redeem": "公益仓兑换 / redeemed at the store",
    "gift": "亲属转赠 / gifts",
}


def holdings(fund_id: object) -> sa.Select[tuple[object]]:
    """The ids of the fund's holding accounts (a subquery)."""
    return sa.select(ACCOUNTS.c.id).where(
        ACCOUNTS.c.fund_id == fund_id, ACCOUNTS.c.kind.in_(HOLDING_KINDS)
    )


async def build_statement(
    session: AsyncSession, fund: Fund, start: dt.date, end: dt.date
) -> StatementRead:
    """The fund's statement for ``start``..``end`` (booking dates, inclusive)."""
    held = holdings(fund.id)
    into = TRANSFERS.c.credit_account_id.in_(held)
    out_of = TRANSFERS.c.debit_account_id.in_(held)
    when = sa.case(
        (TRANSFERS.c.booked_on < start, "before"),
        (TRANSFERS.c.booked_on <= end, "during"),
        else_="after",
    ).label("when")
    rows = (
        await session.execute(
            sa.select(
                TRANSFERS.c.asset,
                TRANSFERS.c.kind,
                into.label("into"),
                out_of.label("out_of"),
                when,
                sa.func.sum(TRANSFERS.c.amount),
                sa.func.count(),
            )
            .where(TRANSFERS.c.action.in_(POSTED_ACTIONS), sa.or_(into, out_of))
            .group_by(TRANSFERS.c.asset, TRANSFERS.c.kind, into, out_of, when)
        )
    ).all()
    balances = (
        await session.execute(
            sa.select(
                ACCOUNTS.c.asset,
                sa.func.sum(ACCOUNTS.c.credits_posted - ACCOUNTS.c.debits_posted),
            )
            .where(ACCOUNTS.c.id.in_(held))
            .group_by(ACCOUNTS.c.asset)
        )
    ).all()
    opening: dict[str, int] = defaultdict(int)
    later: dict[str, int] = defaultdict(int)
    inflows: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    outflows: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    assets = {asset for asset, _ in balances}
    for asset, kind, is_in, is_out, period, amount, count in rows:
        assets.add(asset)
        if bool(is_in) == bool(is_out):
            continue  # between two holding accounts: nothing enters or leaves the fund
        signed = int(amount) if is_in else -int(amount)
        if period == "before":
            opening[asset] += signed
        elif period == "after":
            later[asset] += signed
        else:
            line = (inflows if is_in else outflows)[asset][kind]
            line[0] += int(amount)
            line[1] += int(count)
    now = {asset: int(total or 0) for asset, total in balances}
    statements = []
    reconciled = True
    for asset in sorted(assets):
        ins = [FlowLine(kind=k, amount=a, count=c) for k, (a, c) in sorted(inflows[asset].items())]
        outs = [
            FlowLine(kind=k, amount=a, count=c) for k, (a, c) in sorted(outflows[asset].items())
        ]
        total_in = sum(line.amount for line in ins)
        total_out = sum(line.amount for line in outs)
        closing = now.get(asset, 0) - later[asset]
        reconciled = reconciled and opening[asset] + total_in - total_out == closing
        statements.append(
            AssetStatement(
                asset=asset,
                opening=opening[asset],
                inflows=ins,
                outflows=outs,
                total_in=total_in,
                total_out=total_out,
                closing=closing,
            )
        )
    return StatementRead(
        fund_id=fund.id,
        fund_name=fund.name,
        from_=start,
        to=end,
        assets=statements,
        reconciled=reconciled,
    )


HEADER: list[object] = [
    "资产 asset",
    "项目 section",
    "类别 kind",
    "说明 label",
    "金额 amount",
    "笔数 count",
]


def statement_rows(statement: StatementRead) -> list[list[object]]:
    """The statement as table rows (the same for CSV and XLSX)."""
    rows: list[list[object]] = [
        ["基金 fund", statement.fund_name, str(statement.fund_id), "", "", ""],
        ["期间 period", statement.from_.isoformat(), statement.to.isoformat(), "", "", ""],
        HEADER,
    ]
    for a in statement.assets:
        rows.append([a.asset, "opening", "", "期初余额 / opening balance", a.opening, ""])
        for line in a.inflows:
            label = KIND_LABELS.get(line.kind, line.kind)
            rows.append([a.asset, "inflow", line.kind, label, line.amount, line.count])
        for line in a.outflows:
            label = KIND_LABELS.get(line.kind, line.kind)
            rows.append([a.asset, "outflow", line.kind, label, line.amount, line.count])
        rows.append([a.asset, "total_in", "", "收入合计 / total in", a.total_in, ""])
        rows.append([a.asset, "total_out", "", "支出合计 / total out", a.total_out, ""])
        rows.append([a.asset, "closing", "", "期末余额 / closing balance", a.closing, ""])
    return rows


def statement_csv(statement: StatementRead) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the Chinese labels correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(statement_rows(statement))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()


def statement_xlsx(statement: StatementRead) -> bytes:
    """An XLSX workbook (write-only: rows streamed into the file)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("statement")
    for row in statement_rows(statement):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def disclosure(session: AsyncSession, fund: Fund) -> PublicFund:
    """What anyone may know of a fund: totals, grants, the latest donations (anonymized).

    No personal data: anonymous donors are ``匿名``, no contact details are kept at all, and the
    time bank shows only totals of minutes, never a volunteer.
    """
    held = holdings(fund.id)
    balances = (
        await session.execute(
            sa.select(
                ACCOUNTS.c.asset,
                sa.func.sum(ACCOUNTS.c.credits_posted - ACCOUNTS.c.debits_posted),
            )
            .where(ACCOUNTS.c.id.in_(held))
            .group_by(ACCOUNTS.c.asset)
        )
    ).all()
    received = sa.and_(Donation.fund_id == fund.id, Donation.status == "received")
    money = (
        await session.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(Donation.amount), 0),
                sa.func.count(),
                sa.func.coalesce(
                    sa.func.sum(sa.case((Donation.in_kind.is_not(None), Donation.amount), else_=0)),
                    0,
                ),
            ).where(received)
        )
    ).one()
    donations = (
        await session.scalars(
            sa.select(Donation).where(received).order_by(Donation.created_at.desc()).limit(100)
        )
    ).all()
    grants = (
        await session.scalars(
            sa.select(Grant)
            .where(Grant.fund_id == fund.id, Grant.status.in_(GRANTED))
            .order_by(Grant.created_at.desc())
            .limit(200)
        )
    ).all()
    granted = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Grant.amount), 0)).where(
            Grant.fund_id == fund.id, Grant.status.in_(GRANTED)
        )
    )
    disbursed = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Grant.disbursed), 0)).where(Grant.fund_id == fund.id)
    )
    minutes = dict(
        (
            await session.execute(
                sa.select(
                    TimeBankEntry.kind, sa.func.coalesce(sa.func.sum(TimeBankEntry.minutes), 0)
                )
                .where(TimeBankEntry.fund_id == fund.id, TimeBankEntry.status == "posted")
                .group_by(TimeBankEntry.kind)
            )
        ).all()
    )
    return PublicFund(
        id=fund.id,
        name=fund.name,
        kind=fund.kind,
        status=fund.status,
        restricted_domains=list(fund.restricted_domains),
        balances={asset: int(total or 0) for asset, total in balances},
        donations_total=int(money[0]),
        donations_count=int(money[1]),
        in_kind_total=int(money[2]),
        granted_total=int(granted or 0),
        disbursed_total=int(disbursed or 0),
        minutes_earned=int(minutes.get("earn", 0)),
        minutes_redeemed=int(minutes.get("redeem", 0)),
        grants=[
            PublicGrant(
                title=g.title,
                grantee_org_id=g.grantee_org_id,
                amount=g.amount,
                disbursed=g.disbursed,
                status=g.status,
            )
            for g in grants
        ],
        donations=[
            PublicDonation(
                receipt_no=d.receipt_no,
                donor=ANONYMOUS if d.anonymous else d.donor_name,
                donor_kind=d.donor_kind,
                amount=d.amount,
                in_kind=d.in_kind is not None,
                booked_on=d.booked_on,
            )
            for d in donations
        ],
    )


#: Grants the public sees: approved ones (cancelled ones still count in ``disbursed_total``).
GRANTED = ("approved", "disbursing", "completed")
ANONYMOUS = "匿名"
