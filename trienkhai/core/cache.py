"""The shared cache, and what happens when Redis is not there.

Everything the project keeps in the cache can be rebuilt: rollout pages are cached under
their versions, the portal's pages for a minute, sessions are written through to the
database (``cached_db``). So when Redis refuses, hangs or is gone, the right answer is an
empty cache, not a 500: every read misses, every write is dropped, and the page is built
from the database as if nothing had been cached.

``ResilientRedisCache`` is Django's own Redis backend with that rule around every call,
plus a breaker: after a failure the process does not try Redis again for ``retry_after``
seconds (30 by default), so a Redis that never replies costs one socket timeout per
process and outage, not one per cache call. The outage is logged once, as a WARNING on
``trienkhai.cache``, and its end once more, as INFO. See docs/decisions/0061.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("trienkhai.cache")

T = TypeVar("T")


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    # RedisError covers ConnectionError and TimeoutError; OSError a socket that dies
    # below the client (a reset, an unreachable network).
    return (redis.exceptions.RedisError, OSError)


class _Breaker:
    """One per Redis location and process: shared by every thread's cache object."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.down = False

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    def failed(self, location: str, retry_after: float, exc: BaseException) -> None:
        with self.lock:
            self.open_until = time.monotonic() + retry_after
            first = not self.down
            self.down = True
        if first:
            log.warning(
                "Redis cache unreachable at %s (%s: %s); serving without the cache, "
                "sessions from the database, next try in %.0f s.",
                location,
                type(exc).__name__,
                exc,
                retry_after,
            )

    def succeeded(self, location: str) -> None:
        if not self.down:
            return
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            log.info("Redis cache at %s reachable again.", location)


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str) -> _Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker())


def reset_breakers() -> None:
    """Forget every outage (tests, and a settings change that points at another Redis)."""
    with _breakers_lock:
        _breakers.clear()


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that behaves as an empty cache while Redis is unreachable."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 30))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = ",".join(self._servers)  # type: ignore[attr-defined]  # RedisCache sets it; the stubs omit it
        self._breaker = _breaker_for(self._location)
        self._errors = _redis_errors()

    def _guard(self, fallback: T, call: Callable[[], T]) -> T:
        if not self._breaker.allows():
            return fallback
        try:
            result = call()
        except self._errors as exc:
            self._breaker.failed(self._location, self.retry_after, exc)
            return fallback
        self._breaker.succeeded(self._location)
        return result

    # Reads miss.
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard(default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        return self._guard({}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard(False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    # Writes are dropped. add() answers True, as if stored: a caller that adds to count
    # (the portal's rate limit) then goes on instead of looping on a key that isn't there.
    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guard(None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[str]:
        return self._guard([], lambda: super(ResilientRedisCache, self).set_many(data, timeout, version))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard(False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guard(None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def clear(self) -> None:
        self._guard(None, lambda: super(ResilientRedisCache, self).clear())

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A counter that can't be read is a counter that isn't there: the same ValueError
        # a missing key raises, which every caller already handles.
        missing = object()
        result = self._guard(missing, lambda: super(ResilientRedisCache, self).incr(key, delta, version))
        if result is missing:
            raise ValueError(f"Key {key!r} not found (cache unreachable).")
        return result  # type: ignore[return-value]
