"""Token-bucket rate limits per API key, and failed-login throttling.

State lives in Redis when ``WUSHE_REDIS_URL`` is set, so that several gateway instances share
it (one round trip per request: a Lua script that also checks the key's revocation); otherwise
in this process.
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

    async def login_failures(self, subject: str) -> int:
        """Failed logins counted against ``subject`` in the current window."""
        ...

    async def record_login_failure(self, subject: str, window_seconds: int) -> tuple[int, int]:
        """Count one failure; return (failures, seconds left in the window)."""
        ...

    async def login_window_left(self, subject: str) -> int:
        """Seconds until the subject's failure window closes."""
        ...

    async def reset_login(self, subject: str) -> None:
        """Forget failures after a successful login."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class MemoryLimiter:
    """In-process limiter: exact for one gateway instance."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._revoked: set[str] = set()
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

    def _live(self, subject: str) -> tuple[int, float] | None:
        entry = self._failures.get(subject)
        if entry and entry[1] > time.monotonic():
            return entry
        self._failures.pop(subject, None)
        return None

    async def login_failures(self, subject: str) -> int:
        entry = self._live(subject)
        return entry[0] if entry else 0

    async def record_login_failure(self, subject: str, window_seconds: int) -> tuple[int, int]:
        entry = self._live(subject)
        count, until = entry if entry else (0, time.monotonic() + window_seconds)
        self._failures[subject] = (count + 1, until)
        return count + 1, max(1, math.ceil(until - time.monotonic()))

    async def login_window_left(self, subject: str) -> int:
        entry = self._live(subject)
        return max(1, math.ceil(entry[1] - time.monotonic())) if entry else 0

    async def reset_login(self, subject: str) -> None:
        self._failures.pop(subject, None)

    async def aclose(self) -> None:
        return None


class RedisLimiter:
    """Limiter whose state lives in Redis, shared by every gateway instance."""

    def __init__(self, url: str, prefix: str = "wushe:") -> None:
        import redis.asyncio as redis  # imported here: only deployments with Redis need it

        self._redis: Any = redis.from_url(url, decode_responses=True)
        self._prefix = prefix
        self._script = self._redis.register_script(_BUCKET_LUA)

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

    async def login_failures(self, subject: str) -> int:
        value = await self._redis.get(f"{self._prefix}login:{subject}")
        return int(value or 0)

    async def record_login_failure(self, subject: str, window_seconds: int) -> tuple[int, int]:
        key = f"{self._prefix}login:{subject}"
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_seconds, nx=True)
        pipe.ttl(key)
        count, _, ttl = await pipe.execute()
        return int(count), max(1, int(ttl))

    async def login_window_left(self, subject: str) -> int:
        return max(0, int(await self._redis.ttl(f"{self._prefix}login:{subject}")))

    async def reset_login(self, subject: str) -> None:
        await self._redis.delete(f"{self._prefix}login:{subject}")

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_limiter(redis_url: str | None) -> Limiter:
    """Redis-backed when a URL is configured, in-process otherwise."""
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()
