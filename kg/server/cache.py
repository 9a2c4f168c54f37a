"""Answers kept by the web process, so a query asked again costs a dictionary lookup.

The workers open the store read-only, and a read-only store is a snapshot: no later write changes what it
answers (a build writes new files, or a new folder, that only a newly opened store sees). So an answer stays
right as long as the workers that gave it run; the cache empties when a worker is replaced (after a timeout
or a crash), since its successor opens the store anew. `kg serve` is not meant to run while `kg build`
writes to the same store.

Concurrent requests for the same answer wait for one evaluation instead of starting one each (a saved query
clicked by many people, a dashboard polling). Bounded in bytes, least recently used dropped first; an answer
larger than an eighth of the bound is not kept, so one big answer cannot empty the cache.
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Awaitable, Callable, Hashable


class AnswerCache:
    """``await cache.get_or_compute(key, compute, size_of)``: the kept answer, or ``compute()``'s."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, int(max_bytes))
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict = OrderedDict()
        self._pending: dict[Hashable, asyncio.Future] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0

    def get(self, key: Hashable):
        """The answer kept for ``key``, or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value, size: int) -> None:
        """Keep ``value`` (about ``size`` bytes) for ``key``, dropping the oldest answers past the bound."""
        if size > self.max_bytes // 8:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._entries[key] = (value, size)
        self.size += size
        while self.size > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.size -= dropped

    async def get_or_compute(self, key: Hashable, compute: Callable[[], Awaitable],
                             size_of: Callable[[object], int | None]):
        """The answer for ``key``: kept, being computed for another request, or computed now.

        ``size_of(answer)`` gives its size in bytes, or None for an answer not to keep (an error).
        An exception from ``compute`` reaches every request waiting for it, and nothing is kept.
        """
        found = self.get(key)
        if found is not None:
            self.hits += 1
            return found
        pending = self._pending.get(key)
        if pending is not None:
            try:
                value = await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # this request was cancelled, not the evaluation
            else:
                self.hits += 1
                return value
        self.misses += 1
        future = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            value = await compute()
        except asyncio.CancelledError:
            future.cancel()  # the requests waiting for it evaluate it themselves
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        finally:
            if self._pending.get(key) is future:
                del self._pending[key]
        future.set_result(value)
        size = size_of(value)
        if size is not None:
            self.put(key, value, size)
        return value
