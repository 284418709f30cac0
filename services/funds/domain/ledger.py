"""The ledger: double-entry transfers, applied in batches, hash-chained, never edited.

Every change of a balance goes through :meth:`Ledger.apply`, in one database transaction per
batch:

1. lock the pending transfers a batch settles, then its accounts (ascending ids, one statement:
   :func:`~services.common.locking.lock_rows`), then the ledger head — always in this order, so
   two writers can never deadlock;
2. check and apply every transfer against the locked balances in memory, in order (an account
   without ``allow_negative`` never goes below zero counting what is reserved; a sealed period
   takes nothing; a repeated idempotency key replays its transfer);
3. write the journal entries (sequence numbers and hashes handed out under the head's lock, each
   entry's hash covering the previous hash and the entry), the new totals of every account and
   the head, in a few multi-row statements.

A batch holds *groups*: a single ``POST /v1/transfers`` is a group of one, ``POST
/v1/transfers/batch`` one group per item, or one atomic group in which all items succeed or
none does. Groups never see each other's failures; an atomic group that fails leaves the
in-memory balances as they were before it. The :class:`~services.funds.domain.writer.
LedgerWriter` puts the transfers of many concurrent requests into one batch (group commit), so a
hot account is locked and its row written once per batch instead of once per request.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.clock import CHINA as CHINA
from services.common.clock import china_today
from services.common.db import RawJSON, utcnow
from services.common.errors import (
    Conflict,
    KernelCode,
    NotFound,
    ValidationFailed,
    WusheError,
)
from services.common.events import emit
from services.common.fastpath import Prepared, copy_records
from services.common.locking import lock_rows
from services.funds.db.models import Account, LedgerHead, PendingTransfer, Period, Transfer
from services.funds.domain.errors import FundsCode

GENESIS = "0" * 64
#: Where a new entry keeps its ``transfer_json`` (computed once, for its event); read, never
#: changed: the event's data is the same dict.
PUBLIC = "_public"
#: The largest amount of one transfer (fen or minutes): ten trillion yuan, far below overflow.
MAX_AMOUNT = 10**15
ACTIONS = ("single", "pending", "post", "void", "expire")
#: The day officers book on is China's (services/common/clock.py).
today = china_today


@dataclass(slots=True)
class TransferRequest:
    """One transfer; ``post``, ``void`` and ``expire`` name the pending one they settle."""

    debit_account_id: uuid.UUID | None = None
    credit_account_id: uuid.UUID | None = None
    amount: int | None = None
    asset: str | None = None
    kind: str = "transfer"
    action: str = "single"
    pending_id: uuid.UUID | None = None
    reverses_id: uuid.UUID | None = None
    timeout_seconds: int | None = None
    booked_on: dt.date | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    principal: str | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    #: Handed out by the batch (many at once: :func:`new_ids`) unless given.
    id: uuid.UUID | None = None
    #: The id of the ``POST /v1/transfers/batch`` this item belongs to: its entries are told in
    #: ``transfer.batch`` events (one per :data:`BATCH_EVENT_SIZE` entries), not one each.
    batch: str | None = None


@dataclass
class Outcome:
    """What became of one request: the journal entry (new or replayed), or why not."""

    entry: dict[str, Any] | None = None
    error: WusheError | None = None
    replayed: bool = False


@dataclass
class _Balances:
    debits_posted: int
    credits_posted: int
    debits_pending: int
    credits_pending: int
    allow_negative: bool
    asset: str
    fund_id: uuid.UUID | None
    #: The last sealed day this account's entries may not be booked on (its fund's or global).
    sealed_until: dt.date | None = None
    touched: bool = False
    #: The account's id as text (its entries' JSON and hashes need it, thousands of times).
    text: str = ""

    @property
    def posted(self) -> int:
        return self.credits_posted - self.debits_posted

    @property
    def pending(self) -> int:
        return self.credits_pending - self.debits_pending

    def snapshot(self) -> tuple[int, int, int, int]:
        return (self.debits_posted, self.credits_posted, self.debits_pending, self.credits_pending)

    def restore(self, values: tuple[int, int, int, int]) -> None:
        (self.debits_posted, self.credits_posted, self.debits_pending, self.credits_pending) = (
            values
        )


#: Where a new entry keeps its id and its accounts' ids as text (computed once).
TEXTS = "_texts"
#: Where an entry of a batch keeps its ``TransferRead`` JSON text (its event's and answer's).
JSON_TEXT = "_json"
#: At most this many transfers in one ``transfer.batch`` event.
BATCH_EVENT_SIZE = 1000


def _texts(entry: dict[str, Any]) -> tuple[str, str, str]:
    texts: tuple[str, str, str] | None = entry.get(TEXTS)
    if texts is None:
        texts = (
            str(entry["id"]),
            str(entry["debit_account_id"]),
            str(entry["credit_account_id"]),
        )
    return texts


_UUID_MASK = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_V4 = (4 << 76) | (0x8000 << 48)
_new_object = object.__new__
_set = object.__setattr__


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` random (version 4) UUIDs from one read of the system's random source.

    ``uuid.uuid4()`` costs several microseconds each (a system call and ``UUID.__init__``'s
    checks): thousands per batch. The same bits, the same kind of UUID, built directly.
    """
    raw = os.urandom(16 * count)
    out = []
    from_bytes = int.from_bytes
    for start in range(0, 16 * count, 16):
        value = _new_object(uuid.UUID)
        _set(value, "int", from_bytes(raw[start : start + 16], "big") & _UUID_MASK | _UUID_V4)
        _set(value, "is_safe", uuid.SafeUUID.unknown)
        out.append(value)
    return out


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
#: Compact JSON in the value's own key order (metadata in the journal and in answers).
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: What ``json.dumps(text, ensure_ascii=False)`` does to a string, without the method calls.
_string = json.encoder.encode_basestring


@functools.lru_cache(maxsize=64)
def _utc_text(value: dt.datetime) -> str:
    # A batch's entries share one timestamp: formatted once.
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(entry: dict[str, Any]) -> bytes:
    """The bytes an entry's hash covers: every field that says what happened, in one order.

    They are the compact, key-sorted JSON (``ensure_ascii=False``) of ``{seq, id,
    debit_account_id, credit_account_id, amount, asset, kind, action, pending_id, reverses_id,
    booked_on, metadata, created_at, balances: [debit posted, debit pending, credit posted,
    credit pending]}``, written out here in sorted order rather than by ``json.dumps(...,
    sort_keys=True)`` of a dict: the same bytes (``tests/funds/test_batch.py`` compares them on
    every kind of entry) at a fraction of the cost, paid for every entry written and verified.
    UUIDs, dates and integers need no escaping; strings go through ``json``'s own escaping.
    """
    text_id, text_debit, text_credit = _texts(entry)
    pending, reverses, metadata = entry["pending_id"], entry["reverses_id"], entry["metadata"]
    pending_text = f'"{pending}"' if pending else "null"
    reverses_text = f'"{reverses}"' if reverses else "null"
    return (
        f'{{"action":{_string(entry["action"])},"amount":{entry["amount"]:d},'
        f'"asset":{_string(entry["asset"])},"balances":[{entry["debit_posted"]:d},'
        f"{entry['debit_pending']:d},{entry['credit_posted']:d},{entry['credit_pending']:d}],"
        f'"booked_on":"{entry["booked_on"].isoformat()}",'
        f'"created_at":"{_utc_text(entry["created_at"])}",'
        f'"credit_account_id":"{text_credit}","debit_account_id":"{text_debit}",'
        f'"id":"{text_id}","kind":{_string(entry["kind"])},'
        f'"metadata":{_encode(metadata) if metadata else "{}"},'
        f'"pending_id":{pending_text},"reverses_id":{reverses_text},'
        f'"seq":{entry["seq"]:d}}}'
    ).encode()


def chain(prev_hash: str, entry: dict[str, Any]) -> str:
    """The hash of ``entry`` following ``prev_hash``."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(entry)).hexdigest()


def entry_of(row: Any) -> dict[str, Any]:
    """A journal row as the dict the ledger works with."""
    return {
        "seq": row.seq,
        "id": row.id,
        "debit_account_id": row.debit_account_id,
        "credit_account_id": row.credit_account_id,
        "amount": row.amount,
        "asset": row.asset,
        "kind": row.kind,
        "action": row.action,
        "pending_id": row.pending_id,
        "reverses_id": row.reverses_id,
        "timeout_at": row.timeout_at,
        "booked_on": row.booked_on,
        "metadata": row._mapping["metadata"],
        "debit_posted": row.debit_posted,
        "debit_pending": row.debit_pending,
        "credit_posted": row.credit_posted,
        "credit_pending": row.credit_pending,
        "created_at": row.created_at,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _refuse(message: str, code: Any, field_name: str | None = None) -> ValidationFailed:
    errors = [{"field": field_name, "message": message}] if field_name else None
    return ValidationFailed(message, code=code, errors=errors)


TRANSFERS = cast(sa.Table, Transfer.__table__)
ACCOUNTS = cast(sa.Table, Account.__table__)
PENDINGS = cast(sa.Table, PendingTransfer.__table__)
HEAD = cast(sa.Table, LedgerHead.__table__)
PERIODS = cast(sa.Table, Period.__table__)

# The writer's statements, compiled once (services/common/fastpath.py): they run once per batch,
# and per batch SQLAlchemy's own execution cost more than the database's work.
_LOCK_HEAD = Prepared(sa.select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1).with_for_update())
_UPDATE_HEAD = Prepared(
    sa.update(HEAD)
    .where(HEAD.c.id == 1)
    .values(
        seq=sa.bindparam("seq", type_=sa.BigInteger()), hash=sa.bindparam("hash", type_=sa.String())
    )
)
# PostgreSQL only: arrays and row locks.
_SEALED_UNTIL = (
    sa.select(sa.func.max(PERIODS.c.until))
    .where(sa.or_(PERIODS.c.fund_id.is_(None), PERIODS.c.fund_id == ACCOUNTS.c.fund_id))
    .scalar_subquery()
    .label("sealed_until")
)
_LOCK_ACCOUNTS = Prepared(
    sa.select(
        ACCOUNTS.c.id,
        ACCOUNTS.c.debits_posted,
        ACCOUNTS.c.credits_posted,
        ACCOUNTS.c.debits_pending,
        ACCOUNTS.c.credits_pending,
        ACCOUNTS.c.allow_negative,
        ACCOUNTS.c.asset,
        ACCOUNTS.c.fund_id,
        _SEALED_UNTIL,
    )
    .where(ACCOUNTS.c.id == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.Uuid()))))
    .order_by(ACCOUNTS.c.id)
    .with_for_update(of=ACCOUNTS, key_share=True)
)
#: Transfer columns given to COPY as they are (``metadata`` goes as JSON text).
_ARRAY_COLUMNS = [c.key for c in TRANSFERS.columns if c.key != "metadata"]


#: The journal's columns in COPY order (``metadata`` last, as JSON text).
_COPY_COLUMNS = [*_ARRAY_COLUMNS, "metadata"]
#: From this many entries a batch's journal goes by COPY: two round trips (COPY waits for the
#: server's go-ahead before the data), against one for the INSERT of column arrays, whose
#: driver-side cost per value only tells in large batches.
COPY_FROM = 100


def _array_of(column: sa.Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, sa.TypeDecorator):  # UTCDateTime: aware datetimes go as they are
        kind = kind.impl_instance
    return ARRAY(kind)


_INSERT_TRANSFERS = Prepared(
    sa.insert(TRANSFERS).from_select(
        [*_ARRAY_COLUMNS, "metadata"],
        sa.select(
            *[
                sa.func.unnest(sa.bindparam(c, type_=_array_of(TRANSFERS.c[c])))
                for c in _ARRAY_COLUMNS
            ],
            sa.cast(sa.func.unnest(sa.bindparam("metadata", type_=ARRAY(sa.Text()))), sa.JSON()),
        ),
    )
)
_UPDATES = sa.select(
    sa.func.unnest(sa.bindparam("u_id", type_=ARRAY(sa.Uuid()))).label("id"),
    sa.func.unnest(sa.bindparam("u_dp", type_=ARRAY(sa.BigInteger()))).label("dp"),
    sa.func.unnest(sa.bindparam("u_cp", type_=ARRAY(sa.BigInteger()))).label("cp"),
    sa.func.unnest(sa.bindparam("u_dq", type_=ARRAY(sa.BigInteger()))).label("dq"),
    sa.func.unnest(sa.bindparam("u_cq", type_=ARRAY(sa.BigInteger()))).label("cq"),
).subquery("updates")
_UPDATE_ACCOUNTS = Prepared(
    sa.update(ACCOUNTS)
    .where(ACCOUNTS.c.id == _UPDATES.c.id)
    .values(
        debits_posted=_UPDATES.c.dp,
        credits_posted=_UPDATES.c.cp,
        debits_pending=_UPDATES.c.dq,
        credits_pending=_UPDATES.c.cq,
    )
)


def _metadata_text(value: dict[str, Any]) -> str:
    return _compact(value) if value else "{}"


class Ledger:
    """Applies batches of transfer groups in one transaction (see the module docstring)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        #: PostgreSQL runs the array statements; SQLite the portable ones.
        self.postgres = False

    async def apply(
        self, groups: Sequence[tuple[Sequence[TransferRequest], bool]]
    ) -> list[list[Outcome]]:
        """Apply every group (``(requests, atomic)``); one list of outcomes per group.

        Nothing is committed here: the caller commits (and retries a lost race).
        """
        requests = [r for group, _ in groups for r in group]
        unnamed = [r for r in requests if r.id is None]
        for r, new_id in zip(unnamed, new_ids(len(unnamed)), strict=True):
            r.id = new_id
        self.postgres = self.session.sync_session.get_bind().dialect.name == "postgresql"
        replays = await self._replays(requests)
        pendings = await self._pendings(requests)
        accounts = await self._accounts(requests, pendings)
        seq, head_hash = await self._head()
        now = utcnow()
        state = _Batch(seq, head_hash, now, accounts, pendings, {}, replays)
        results = []
        for group, atomic in groups:
            results.append(state.apply_group(group, atomic))
        if state.entries:
            await self._write(state)
        return results

    async def _replays(
        self, requests: Sequence[TransferRequest]
    ) -> dict[tuple[str | None, str], Any]:
        keyed = {(r.principal, r.idempotency_key) for r in requests if r.idempotency_key}
        if not keyed:
            return {}
        rows = (
            await self.session.execute(
                sa.select(TRANSFERS).where(
                    sa.tuple_(TRANSFERS.c.principal, TRANSFERS.c.idempotency_key).in_(list(keyed))
                )
            )
        ).all()
        return {(row.principal, row.idempotency_key): row for row in rows}

    async def _pendings(
        self, requests: Sequence[TransferRequest]
    ) -> dict[uuid.UUID, dict[str, Any]]:
        ids = {r.pending_id for r in requests if r.pending_id and r.action != "single"}
        if not ids:
            return {}
        locked = await lock_rows(self.session, PENDINGS, ids, missing_ok=True)
        found: dict[uuid.UUID, dict[str, Any]] = {}
        rows = (
            await self.session.execute(sa.select(TRANSFERS).where(TRANSFERS.c.id.in_(list(locked))))
        ).all()
        for row in rows:
            pending = locked[row.id]
            found[row.id] = {
                "debit_account_id": row.debit_account_id,
                "credit_account_id": row.credit_account_id,
                "asset": row.asset,
                "remaining": pending.remaining,
                "state": pending.state,
                "timeout_at": pending.timeout_at,
                "changed": False,
            }
        return found

    async def _accounts(
        self, requests: Sequence[TransferRequest], pendings: dict[uuid.UUID, dict[str, Any]]
    ) -> dict[uuid.UUID, _Balances]:
        ids: set[uuid.UUID] = set()
        for r in requests:
            ids.update(i for i in (r.debit_account_id, r.credit_account_id) if i is not None)
        for p in pendings.values():
            ids.update((p["debit_account_id"], p["credit_account_id"]))
        if not ids:
            return {}
        if self.postgres:
            # One round trip: lock the rows (in id order) and read the sealed periods with them.
            rows = await _LOCK_ACCOUNTS.all(self.session, ids=sorted(ids))
            return {
                row["id"]: _Balances(
                    row["debits_posted"],
                    row["credits_posted"],
                    row["debits_pending"],
                    row["credits_pending"],
                    bool(row["allow_negative"]),
                    row["asset"],
                    row["fund_id"],
                    row["sealed_until"],
                    text=str(row["id"]),
                )
                for row in rows
            }
        locked = await lock_rows(self.session, ACCOUNTS, ids, missing_ok=True)
        accounts = {
            key: _Balances(
                row.debits_posted,
                row.credits_posted,
                row.debits_pending,
                row.credits_pending,
                bool(row.allow_negative),
                row.asset,
                row.fund_id,
                text=str(key),
            )
            for key, row in locked.items()
        }
        sealed = await self._sealed(accounts)
        for account in accounts.values():
            dates = [d for d in (sealed.get(None), sealed.get(account.fund_id)) if d is not None]
            account.sealed_until = max(dates, default=None)
        return accounts

    async def _head(self) -> tuple[int, str]:
        row = await _LOCK_HEAD.first(self.session)
        if row is None:
            await self.session.execute(sa.insert(HEAD).values(id=1, seq=0, hash=GENESIS))
            return 0, GENESIS
        return int(row["seq"]), str(row["hash"])

    async def _sealed(
        self, accounts: dict[uuid.UUID, _Balances]
    ) -> dict[uuid.UUID | None, dt.date]:
        funds = {a.fund_id for a in accounts.values() if a.fund_id is not None}
        periods = cast(sa.Table, Period.__table__)
        rows = (
            await self.session.execute(
                sa.select(periods.c.fund_id, sa.func.max(periods.c.until))
                .where(sa.or_(periods.c.fund_id.is_(None), periods.c.fund_id.in_(list(funds))))
                .group_by(periods.c.fund_id)
            )
        ).all()
        return {fund_id: until for fund_id, until in rows}  # noqa: C416 (rows are Row objects)

    async def _write(self, state: _Batch) -> None:
        touched = [(key, a) for key, a in state.accounts.items() if a.touched]
        if self.postgres:
            # The journal by COPY (large batches) or one INSERT of column arrays, the balances
            # by one UPDATE of column arrays: no per-value processing in SQLAlchemy, one plan in
            # PostgreSQL whatever the batch's size.
            entries = state.entries
            if len(entries) >= COPY_FROM:
                await copy_records(
                    self.session,
                    TRANSFERS.name,
                    _COPY_COLUMNS,
                    [
                        (*[e[c] for c in _ARRAY_COLUMNS], _metadata_text(e["metadata"]))
                        for e in entries
                    ],
                )
            else:
                await _INSERT_TRANSFERS.execute(
                    self.session,
                    {
                        **{c: [e[c] for e in entries] for c in _ARRAY_COLUMNS},
                        "metadata": [_metadata_text(e["metadata"]) for e in entries],
                    },
                )
            await _UPDATE_ACCOUNTS.execute(
                self.session,
                {
                    "u_id": [key for key, _ in touched],
                    "u_dp": [a.debits_posted for _, a in touched],
                    "u_cp": [a.credits_posted for _, a in touched],
                    "u_dq": [a.debits_pending for _, a in touched],
                    "u_cq": [a.credits_pending for _, a in touched],
                },
            )
            touched = []
        else:
            await self.session.execute(sa.insert(TRANSFERS), [_row(e) for e in state.entries])
        if touched:
            await self.session.execute(
                sa.update(ACCOUNTS)
                .where(ACCOUNTS.c.id == sa.bindparam("account_id"))
                .values(
                    debits_posted=sa.bindparam("dp"),
                    credits_posted=sa.bindparam("cp"),
                    debits_pending=sa.bindparam("dq"),
                    credits_pending=sa.bindparam("cq"),
                ),
                [
                    {
                        "account_id": key,
                        "dp": a.debits_posted,
                        "cp": a.credits_posted,
                        "dq": a.debits_pending,
                        "cq": a.credits_pending,
                    }
                    for key, a in touched
                ],
            )
        if state.new_pendings:
            await self.session.execute(sa.insert(PENDINGS), state.new_pendings)
        changed = [(key, p) for key, p in state.pendings.items() if p["changed"]]
        if changed:
            await self.session.execute(
                sa.update(PENDINGS)
                .where(PENDINGS.c.id == sa.bindparam("pending_key"))
                .values(remaining=sa.bindparam("left"), state=sa.bindparam("now_state")),
                [
                    {"pending_key": key, "left": p["remaining"], "now_state": p["state"]}
                    for key, p in changed
                ],
            )
        await _UPDATE_HEAD.execute(self.session, seq=state.seq, hash=state.hash)
        batches: dict[str, list[dict[str, Any]]] = {}
        for entry in state.entries:
            if entry["batch"] is not None:
                batches.setdefault(entry["batch"], []).append(entry)
                continue
            # Kept on the entry: the response is built from the same dict (api/transfers.py).
            entry[PUBLIC] = data = transfer_json(entry)
            emit(
                self.session,
                f"transfer.{_EVENT[entry['action']]}",
                subject_kind="transfer",
                subject_id=entry["id"],
                data=data,
            )
        for batch_id, entries in batches.items():
            _emit_batch(self.session, batch_id, entries)


def _emit_batch(session: AsyncSession, batch_id: str, entries: list[dict[str, Any]]) -> None:
    """``transfer.batch``: the entries one batch request applied, up to 1,000 per event.

    ``data``: ``{batch_id, part, parts, count, transfers}``, ``transfers`` being ``TransferRead``
    objects in journal order (``action`` tells posted from pending). Each entry's JSON text is
    computed once, for the event and the answer (:data:`JSON_TEXT`, spliced by the JSON
    columns' serializer: :class:`~services.common.db.RawJSON`).
    """
    parts = (len(entries) + BATCH_EVENT_SIZE - 1) // BATCH_EVENT_SIZE
    for part in range(parts):
        chunk = entries[part * BATCH_EVENT_SIZE : (part + 1) * BATCH_EVENT_SIZE]
        texts = [read_text(entry) for entry in chunk]
        emit(
            session,
            "transfer.batch",
            subject_kind="transfer_batch",
            subject_id=batch_id,
            data={
                "batch_id": batch_id,
                "part": part + 1,
                "parts": parts,
                "count": len(chunk),
                "transfers": RawJSON("[" + ",".join(texts) + "]"),
            },
        )


_EVENT = {
    "single": "posted",
    "pending": "pending",
    "post": "posted",
    "void": "voided",
    "expire": "expired",
}


def _row(entry: dict[str, Any]) -> dict[str, Any]:
    return {column.key: entry.get(column.key) for column in TRANSFERS.columns}


def transfer_json(entry: dict[str, Any]) -> dict[str, Any]:
    """The public shape of a journal entry (``TransferRead``), JSON-native."""
    text_id, text_debit, text_credit = _texts(entry)
    return {
        "id": text_id,
        "seq": entry["seq"],
        "debit_account_id": text_debit,
        "credit_account_id": text_credit,
        "amount": entry["amount"],
        "asset": entry["asset"],
        "kind": entry["kind"],
        "action": entry["action"],
        "pending": entry["action"] == "pending",
        "pending_id": str(entry["pending_id"]) if entry["pending_id"] else None,
        "reverses_id": str(entry["reverses_id"]) if entry["reverses_id"] else None,
        "timeout_at": entry["timeout_at"].isoformat() if entry.get("timeout_at") else None,
        "booked_on": entry["booked_on"].isoformat(),
        "metadata": entry["metadata"],
        "created_at": entry["created_at"].isoformat(),
        "balances": {
            "debit": {"posted": entry["debit_posted"], "pending": entry["debit_pending"]},
            "credit": {"posted": entry["credit_posted"], "pending": entry["credit_pending"]},
        },
        "hash": entry["hash"],
    }


def _iso(value: dt.datetime) -> str:
    # Pydantic's form of a UTC timestamp ("Z"); journal timestamps are always UTC.
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def read_json(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as ``TransferRead`` serializes it (``transfer_json`` with Pydantic's timestamps)."""
    cached = entry.get(PUBLIC)
    body = dict(cached) if cached is not None else transfer_json(entry)
    body["created_at"] = _iso(entry["created_at"])
    if body["timeout_at"] is not None:
        body["timeout_at"] = _iso(entry["timeout_at"])
    return body


@functools.lru_cache(maxsize=64)
def _iso_text(value: dt.datetime) -> str:
    # A batch's entries share one timestamp: formatted once.
    return _iso(value)


def read_text(entry: dict[str, Any]) -> str:
    """:func:`read_json` as compact JSON text, kept on the entry (:data:`JSON_TEXT`) for its
    event and its answer.

    Written out field by field, in ``TransferRead``'s order: the bytes ``json.dumps(read_json(
    entry), ensure_ascii=False, separators=(",", ":"))`` gives (``tests/funds/test_batch.py``
    compares them on every kind of entry), without building the dict first.
    """
    text: str | None = entry.get(JSON_TEXT)
    if text is not None:
        return text
    text_id, text_debit, text_credit = _texts(entry)
    pending, reverses, timeout_at = entry["pending_id"], entry["reverses_id"], entry["timeout_at"]
    metadata = entry["metadata"]
    pending_text = f'"{pending}"' if pending else "null"
    reverses_text = f'"{reverses}"' if reverses else "null"
    timeout_text = f'"{_iso(timeout_at)}"' if timeout_at else "null"
    text = (
        f'{{"id":"{text_id}","seq":{entry["seq"]:d},"debit_account_id":"{text_debit}",'
        f'"credit_account_id":"{text_credit}","amount":{entry["amount"]:d},'
        f'"asset":{_string(entry["asset"])},"kind":{_string(entry["kind"])},'
        f'"action":{_string(entry["action"])},'
        f'"pending":{"true" if entry["action"] == "pending" else "false"},'
        f'"pending_id":{pending_text},"reverses_id":{reverses_text},"timeout_at":{timeout_text},'
        f'"booked_on":"{entry["booked_on"].isoformat()}",'
        f'"metadata":{_compact(metadata) if metadata else "{}"},'
        f'"created_at":"{_iso_text(entry["created_at"])}",'
        f'"balances":{{"debit":{{"posted":{entry["debit_posted"]:d},'
        f'"pending":{entry["debit_pending"]:d}}},"credit":{{"posted":'
        f'{entry["credit_posted"]:d},"pending":{entry["credit_pending"]:d}}}}},'
        f'"hash":{_string(entry["hash"])}}}'
    )
    entry[JSON_TEXT] = text
    return text


class _Batch:
    """The in-memory state of one batch: locked balances, the head, the entries written."""

    def __init__(
        self,
        seq: int,
        head_hash: str,
        now: dt.datetime,
        accounts: dict[uuid.UUID, _Balances],
        pendings: dict[uuid.UUID, dict[str, Any]],
        sealed: dict[uuid.UUID | None, dt.date],
        replays: dict[tuple[str | None, str], Any],
    ) -> None:
        self.seq = seq
        self.hash = head_hash
        self.now = now
        self.accounts = accounts
        self.pendings = pendings
        self.sealed = sealed
        self.replays = replays
        self.entries: list[dict[str, Any]] = []
        self.new_pendings: list[dict[str, Any]] = []
        self.keys: dict[tuple[str | None, str], dict[str, Any]] = {}
        #: The booking day of entries that name none (China's today, once per batch).
        self.today = today()

    def apply_group(self, group: Sequence[TransferRequest], atomic: bool) -> list[Outcome]:
        if not atomic:
            return [self._one(r) for r in group]
        saved = self._save()
        outcomes = [self._one(r) for r in group]
        if any(o.error is not None for o in outcomes):
            self._restore(saved)
            failed = next(i for i, o in enumerate(outcomes) if o.error is not None)
            return [
                o
                if o.error is not None
                else Outcome(
                    error=Conflict(
                        f"原子批次中第 {failed + 1} 项失败，整批未执行",
                        code=FundsCode.BATCH_FAILED,
                        extra={"failed_index": failed},
                    )
                )
                for o in outcomes
            ]
        return outcomes

    def _save(self) -> tuple[Any, ...]:
        return (
            self.seq,
            self.hash,
            len(self.entries),
            len(self.new_pendings),
            {k: (a.snapshot(), a.touched) for k, a in self.accounts.items()},
            {k: dict(p) for k, p in self.pendings.items()},
            dict(self.keys),
        )

    def _restore(self, saved: tuple[Any, ...]) -> None:
        self.seq, self.hash, entries, news, accounts, pendings, keys = saved
        del self.entries[entries:]
        del self.new_pendings[news:]
        for key, (values, touched) in accounts.items():
            self.accounts[key].restore(values)
            self.accounts[key].touched = touched
        self.pendings = pendings
        self.keys = keys

    def _one(self, r: TransferRequest) -> Outcome:
        if r.idempotency_key:
            key = (r.principal, r.idempotency_key)
            seen = self.keys.get(key)
            stored = self.replays.get(key) if seen is None else None
            if seen is not None or stored is not None:
                entry = seen if seen is not None else entry_of(stored)
                known = seen["request_hash"] if seen is not None else stored.request_hash  # type: ignore[union-attr]
                if known != r.request_hash:
                    return Outcome(
                        error=ValidationFailed(
                            "同一幂等键对应了不同的请求内容",
                            code=KernelCode.IDEMPOTENCY_MISMATCH,
                        )
                    )
                return Outcome(entry=entry, replayed=True)
        try:
            entry = self._entry(r)
        except WusheError as exc:
            return Outcome(error=exc)
        if r.idempotency_key:
            self.keys[(r.principal, r.idempotency_key)] = entry
        return Outcome(entry=entry)

    def _account(self, account_id: uuid.UUID | None, field_name: str) -> _Balances:
        if account_id is None:
            raise _refuse("缺少账户", KernelCode.VALIDATION_FAILED, field_name)
        account = self.accounts.get(account_id)
        if account is None:
            raise _refuse(f"账户 {account_id} 不存在", FundsCode.ACCOUNT_UNKNOWN, field_name)
        return account

    def _entry(self, r: TransferRequest) -> dict[str, Any]:
        if r.action not in ACTIONS:
            raise _refuse(f"未知的操作 {r.action}", KernelCode.VALIDATION_FAILED, "action")
        pending = None
        if r.action in ("post", "void", "expire"):
            pending = self.pendings.get(r.pending_id) if r.pending_id else None
            if pending is None:
                raise NotFound(f"待处理转账 {r.pending_id} 不存在", code=FundsCode.PENDING_UNKNOWN)
            if pending["state"] != "pending":
                raise Conflict(
                    f"该待处理转账已{pending['state']}",
                    code=FundsCode.PENDING_SETTLED,
                    extra={"state": pending["state"]},
                )
            debit_id, credit_id = pending["debit_account_id"], pending["credit_account_id"]
            asset = pending["asset"]
            if r.action == "post":
                amount = pending["remaining"] if r.amount is None else r.amount
                if amount <= 0 or amount > pending["remaining"]:
                    raise _refuse(
                        f"入账金额应在 1 到 {pending['remaining']} 之间",
                        FundsCode.AMOUNT_INVALID,
                        "amount",
                    )
            else:
                amount = pending["remaining"]
            if r.action == "expire" and (
                pending["timeout_at"] is None or pending["timeout_at"] > self.now
            ):
                raise Conflict("待处理转账尚未超时", code=FundsCode.PENDING_SETTLED)
        else:
            debit_id, credit_id = r.debit_account_id, r.credit_account_id
            amount = r.amount or 0
            asset = r.asset or ""
            if not 0 < amount <= MAX_AMOUNT:
                raise _refuse(
                    f"金额应在 1 到 {MAX_AMOUNT} 之间", FundsCode.AMOUNT_INVALID, "amount"
                )
            if debit_id == credit_id:
                raise _refuse("借贷双方不能是同一账户", FundsCode.SAME_ACCOUNT, "credit_account_id")
        debit = self._account(debit_id, "debit_account_id")
        credit = self._account(credit_id, "credit_account_id")
        if debit.asset != asset or credit.asset != asset:
            raise _refuse(
                f"资产不一致：借方 {debit.asset}，贷方 {credit.asset}，转账 {asset}",
                FundsCode.ASSET_MISMATCH,
                "asset",
            )
        booked_on = r.booked_on or self.today
        for until in (debit.sealed_until, credit.sealed_until):
            if until is not None and booked_on <= until:
                raise Conflict(
                    f"{until.isoformat()} 及以前的会计期间已封账，更正请记入未封账期间",
                    code=FundsCode.PERIOD_SEALED,
                    extra={"sealed_until": until.isoformat()},
                )
        if r.action in ("single", "pending") and not debit.allow_negative:
            available = debit.credits_posted - debit.debits_posted - debit.debits_pending
            if available < amount:
                raise Conflict(
                    f"余额不足：可用 {available}，需要 {amount}",
                    code=FundsCode.INSUFFICIENT_FUNDS,
                    extra={"available": available, "account_id": str(debit_id)},
                )
        # Apply.
        if r.action == "single":
            debit.debits_posted += amount
            credit.credits_posted += amount
        elif r.action == "pending":
            debit.debits_pending += amount
            credit.credits_pending += amount
        else:
            assert pending is not None
            debit.debits_pending -= amount
            credit.credits_pending -= amount
            if r.action == "post":
                debit.debits_posted += amount
                credit.credits_posted += amount
            pending["remaining"] -= amount
            pending["changed"] = True
            if pending["remaining"] == 0:
                pending["state"] = {"post": "posted", "void": "voided", "expire": "expired"}[
                    r.action
                ]
        debit.touched = credit.touched = True
        timeout_at = (
            self.now + dt.timedelta(seconds=r.timeout_seconds)
            if r.action == "pending" and r.timeout_seconds
            else None
        )
        self.seq += 1
        assert r.id is not None  # named by Ledger.apply
        entry: dict[str, Any] = {
            "seq": self.seq,
            "id": r.id,
            "debit_account_id": debit_id,
            "credit_account_id": credit_id,
            "amount": amount,
            "asset": asset,
            "kind": r.kind,
            "action": r.action,
            "pending_id": r.pending_id if r.action != "single" and r.action != "pending" else None,
            "reverses_id": r.reverses_id,
            "timeout_at": timeout_at,
            "booked_on": booked_on,
            "metadata": r.metadata,
            "principal": r.principal,
            "idempotency_key": r.idempotency_key,
            "request_hash": r.request_hash,
            "debit_posted": debit.posted,
            "debit_pending": debit.pending,
            "credit_posted": credit.posted,
            "credit_pending": credit.pending,
            "created_at": self.now,
            "prev_hash": self.hash,
            TEXTS: (str(r.id), debit.text, credit.text),
            "batch": r.batch,
        }
        entry["hash"] = chain(self.hash, entry)
        self.hash = entry["hash"]
        self.entries.append(entry)
        if r.action == "pending":
            self.new_pendings.append(
                {"id": r.id, "remaining": amount, "state": "pending", "timeout_at": timeout_at}
            )
            self.pendings[r.id] = {
                "debit_account_id": debit_id,
                "credit_account_id": credit_id,
                "asset": asset,
                "remaining": amount,
                "state": "pending",
                "timeout_at": timeout_at,
                "changed": False,
                "new": True,
            }
        return entry
