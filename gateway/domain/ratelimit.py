"""Token-bucket rate limits per API key, and failed-login throttling.

State lives in Redis when ``WUSHE_REDIS_URL`` is set, so that several gateway instances share
it (one round trip per request: a Lua script that also checks the key's revocation); otherwise
in this process.

Failed logins are counted by *reserving* an attempt before the password is checked, in one
atomic step (a Lua script in Redis; a section without ``await`` in process): N simultaneous
guesses cannot all read "no failures yet". A reservation is a failure until the login succeeds,
which clears its (username, address) pair and gives back what it took from the other two counts.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Protocol

_BUCKET_LUA = """
if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then return {-1, 0} end
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1]) or capacity
local ts = tonumber(data[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
local wait = 0
if allowed == 0 then wait = math.ceil((1 - tokens) / per_ms) end
return {allowed, wait}
"""

REVOKED_SET = "wushe:revoked-keys"

# KEYS: pairs hash of the username, username counter, address counter.
# ARGV: address, pair limit, username limit, address limit, window (ms).
# Returns 0 when an attempt was reserved, else the milliseconds until the blocking count ends.
_LOGIN_RESERVE_LUA = """
local window = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function left(key)
  local ms = redis.call('PTTL', key)
  if ms < 0 then return window end
  return math.max(1, ms)
end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[4]) then return left(KEYS[3]) end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then return left(KEYS[2]) end
local count, deadline = 0, now + window
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if entry then
  local sep = string.find(entry, ':', 1, true)
  local until_ms = tonumber(string.sub(entry, sep + 1))
  if until_ms > now then count, deadline = tonumber(string.sub(entry, 1, sep - 1)), until_ms end
end
if count >= tonumber(ARGV[2]) then return math.max(1, deadline - now) end
redis.call('HSET', KEYS[1], ARGV[1], tostring(count + 1) .. ':' .. tostring(deadline))
redis.call('PEXPIRE', KEYS[1], window)
for i = 2, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], window) end
end
return 0
"""

# KEYS as above; ARGV: address, "1" to clear the pair (a success) or "0" to give one back.
_LOGIN_RELEASE_LUA = """
if ARGV[2] == '1' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  local entry = redis.call('HGET', KEYS[1], ARGV[1])
  if entry then
    local sep = string.find(entry, ':', 1, true)
    local count = tonumber(string.sub(entry, 1, sep - 1))
    if count <= 1 then
      redis.call('HDEL', KEYS[1], ARGV[1])
    else
      redis.call('HSET', KEYS[1], ARGV[1], tostring(count - 1) .. string.sub(entry, sep))
    end
  end
end
-- DECR of a key that expired meanwhile would create one without a TTL, never to expire.
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
"""


# KEYS: the user's revocation time; ARGV: the new time, its lifetime (s). Never moves back.
_REVOKE_SESSIONS_LUA = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
else
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
return 0
"""


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """Failed logins allowed in one window, per pair, per username and per address."""

    pair: int
    username: int
    address: int
    window_seconds: int


@dataclass(frozen=True, slots=True)
class Decision:
    """The limiter's answer: allowed, or revoked, or wait ``retry_after`` seconds."""

    allowed: bool
    retry_after: int = 0
    revoked: bool = False


class Limiter(Protocol):
    """Shared interface of the in-process and Redis limiters."""

    async def take(self, key_id: str, per_minute: int) -> Decision:
        """Take one token from the key's bucket."""
        ...

    async def revoke(self, key_id: str) -> None:
        """Mark a key revoked for every gateway instance at once."""
        ...

    async def reserve_login(self, username: str, address: str, limits: LoginLimits) -> int:
        """Reserve one login attempt: 0 if it may go on, else seconds until it may retry."""
        ...

    async def release_login(self, username: str, address: str, *, succeeded: bool) -> None:
        """End a reservation: a success clears the pair; otherwise give the attempt back."""
        ...

    async def clear_login(self, username: str) -> None:
        """Forget every failure counted against ``username`` (an operator lifts a lockout)."""
        ...

    async def failures(self, subject: str) -> tuple[int, int]:
        """Failures counted against ``subject`` in its window, and seconds the window has left."""
        ...

    async def add_failure(self, subject: str, window_seconds: int) -> None:
        """Count one failure against ``subject`` (the window starts with the first)."""
        ...

    async def revoke_sessions(self, user_id: str, before: float, ttl_seconds: int) -> None:
        """Record that ``user_id``'s access tokens issued before ``before`` are invalid."""
        ...

    async def sessions_revoked_before(self, user_id: str) -> float:
        """The latest such time recorded for ``user_id`` (0.0 if none)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class MemoryLimiter:
    """In-process limiter: exact for one gateway instance."""

    #: Live login counts kept at most (per table): anyone can name a new username or address,
    #: so an unbounded table would be memory an attacker fills at will.
    MAX_LOGIN_ENTRIES = 100_000

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._revoked: set[str] = set()
        self._pairs: dict[tuple[str, str], tuple[int, float]] = {}
        self._usernames: dict[str, tuple[int, float]] = {}
        self._addresses: dict[str, tuple[int, float]] = {}
        self._sessions_revoked: dict[str, tuple[float, float]] = {}
        self._failures: dict[str, tuple[int, float]] = {}

    async def take(self, key_id: str, per_minute: int) -> Decision:
        if key_id in self._revoked:
            return Decision(False, revoked=True)
        capacity = float(per_minute)
        per_sec = per_minute / 60.0
        now = time.monotonic()
        tokens, ts = self._buckets.get(key_id, (capacity, now))
        tokens = min(capacity, tokens + (now - ts) * per_sec)
        if tokens >= 1:
            self._buckets[key_id] = (tokens - 1, now)
            return Decision(True)
        self._buckets[key_id] = (tokens, now)
        return Decision(False, retry_after=max(1, math.ceil((1 - tokens) / per_sec)))

    async def revoke(self, key_id: str) -> None:
        self._revoked.add(key_id)

    async def reserve_login(self, username: str, address: str, limits: LoginLimits) -> int:
        # No await from the first read to the last write: in one event loop this is atomic.
        now = time.monotonic()
        pair_key = (username, address)
        checks: list[tuple[dict[Any, tuple[int, float]], Any, int]] = [
            (self._addresses, address, limits.address),
            (self._usernames, username, limits.username),
            (self._pairs, pair_key, limits.pair),
        ]
        for table, key, limit in checks:
            entry = table.get(key)
            if entry is not None and entry[1] > now and entry[0] >= limit:
                return max(1, math.ceil(entry[1] - now))
        for table, key, _ in checks:
            entry = table.get(key)
            if entry is None or entry[1] <= now:
                entry = (0, now + limits.window_seconds)
            table[key] = (entry[0] + 1, entry[1])
            if len(table) > self.MAX_LOGIN_ENTRIES:
                _prune(table, now)
        return 0

    async def release_login(self, username: str, address: str, *, succeeded: bool) -> None:
        now = time.monotonic()
        if succeeded:
            self._pairs.pop((username, address), None)
        else:
            _give_back(self._pairs, (username, address), now)
        _give_back(self._usernames, username, now)
        _give_back(self._addresses, address, now)

    async def clear_login(self, username: str) -> None:
        self._usernames.pop(username, None)
        for key in [key for key in self._pairs if key[0] == username]:
            del self._pairs[key]

    async def failures(self, subject: str) -> tuple[int, int]:
        entry = self._failures.get(subject)
        now = time.monotonic()
        if entry is None or entry[1] <= now:
            return 0, 0
        return entry[0], max(1, math.ceil(entry[1] - now))

    async def add_failure(self, subject: str, window_seconds: int) -> None:
        now = time.monotonic()
        entry = self._failures.get(subject)
        if entry is None or entry[1] <= now:
            entry = (0, now + window_seconds)
        self._failures[subject] = (entry[0] + 1, entry[1])
        if len(self._failures) > self.MAX_LOGIN_ENTRIES:
            _prune(self._failures, now)

    async def revoke_sessions(self, user_id: str, before: float, ttl_seconds: int) -> None:
        now = time.monotonic()
        current = self._sessions_revoked.get(user_id)
        if current is None or current[1] <= now or current[0] < before:
            self._sessions_revoked[user_id] = (before, now + ttl_seconds)
        # Entries outlive every token they end by one token lifetime; past that, drop them.
        for key in [k for k, (_, until) in self._sessions_revoked.items() if until <= now]:
            del self._sessions_revoked[key]

    async def sessions_revoked_before(self, user_id: str) -> float:
        entry = self._sessions_revoked.get(user_id)
        return entry[0] if entry is not None and entry[1] > time.monotonic() else 0.0

    async def aclose(self) -> None:
        return None


def _give_back(table: dict[Any, tuple[int, float]], key: Any, now: float) -> None:
    entry = table.get(key)
    if entry is None or entry[1] <= now or entry[0] <= 1:
        table.pop(key, None)
    else:
        table[key] = (entry[0] - 1, entry[1])


def _prune(table: dict[Any, tuple[int, float]], now: float) -> None:
    """Drop expired counts; if the table is still full, the oldest half (insertion order)."""
    for key in [key for key, (_, until) in table.items() if until <= now]:
        del table[key]
    if len(table) > MemoryLimiter.MAX_LOGIN_ENTRIES:
        for key in list(table)[: len(table) // 2]:
            del table[key]


class RedisLimiter:
    """Limiter whose state lives in Redis, shared by every gateway instance."""

    def __init__(self, url: str, prefix: str = "wushe:") -> None:
        import redis.asyncio as redis  # imported here: only deployments with Redis need it

        self._redis: Any = redis.from_url(url, decode_responses=True)
        self._prefix = prefix
        self._script = self._redis.register_script(_BUCKET_LUA)
        self._reserve = self._redis.register_script(_LOGIN_RESERVE_LUA)
        self._release = self._redis.register_script(_LOGIN_RELEASE_LUA)
        self._revoke_sessions = self._redis.register_script(_REVOKE_SESSIONS_LUA)

    async def take(self, key_id: str, per_minute: int) -> Decision:
        allowed, wait_ms = await self._script(
            keys=[f"{self._prefix}bucket:{key_id}", REVOKED_SET],
            args=[per_minute, per_minute / 60000.0, key_id],
        )
        if int(allowed) == -1:
            return Decision(False, revoked=True)
        if int(allowed) == 1:
            return Decision(True)
        return Decision(False, retry_after=max(1, math.ceil(int(wait_ms) / 1000)))

    async def revoke(self, key_id: str) -> None:
        await self._redis.sadd(REVOKED_SET, key_id)

    def _login_keys(self, username: str, address: str) -> list[str]:
        return [
            f"{self._prefix}login:pairs:{username}",
            f"{self._prefix}login:user:{username}",
            f"{self._prefix}login:addr:{address}",
        ]

    async def reserve_login(self, username: str, address: str, limits: LoginLimits) -> int:
        wait_ms = await self._reserve(
            keys=self._login_keys(username, address),
            args=[
                address,
                limits.pair,
                limits.username,
                limits.address,
                limits.window_seconds * 1000,
            ],
        )
        return 0 if int(wait_ms) == 0 else max(1, math.ceil(int(wait_ms) / 1000))

    async def release_login(self, username: str, address: str, *, succeeded: bool) -> None:
        await self._release(
            keys=self._login_keys(username, address), args=[address, "1" if succeeded else "0"]
        )

    async def clear_login(self, username: str) -> None:
        await self._redis.delete(*self._login_keys(username, "")[:2])

    async def failures(self, subject: str) -> tuple[int, int]:
        key = f"{self._prefix}failures:{subject}"
        pipe = self._redis.pipeline()
        pipe.get(key)
        pipe.ttl(key)
        count, ttl = await pipe.execute()
        return int(count or 0), max(1, int(ttl)) if count else 0

    async def add_failure(self, subject: str, window_seconds: int) -> None:
        key = f"{self._prefix}failures:{subject}"
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_seconds, nx=True)
        await pipe.execute()

    async def revoke_sessions(self, user_id: str, before: float, ttl_seconds: int) -> None:
        await self._revoke_sessions(
            keys=[f"{self._prefix}sessions-revoked:{user_id}"], args=[repr(before), ttl_seconds]
        )

    async def sessions_revoked_before(self, user_id: str) -> float:
        value = await self._redis.get(f"{self._prefix}sessions-revoked:{user_id}")
        return float(value) if value else 0.0

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_limiter(redis_url: str | None) -> Limiter:
    """Redis-backed when a URL is configured, in-process otherwise."""
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()
