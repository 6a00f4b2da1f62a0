"""Several model servers behind one client: each request goes to the server with the fewest
requests in flight (or the next in turn), each server has its own concurrency bound, a server
that fails is taken out of rotation until a health probe after a cool-down says it is back, and
a request that failed before an answer is retried on another server."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from listingsmith.config import BalanceStrategy, Balancing

T = TypeVar("T")
R = TypeVar("R")

# A probe: True when the server answers healthy.
Probe = Callable[[], Awaitable[bool]]


@dataclass
class Member(Generic[T]):
    """One server of the pool with its counters; `down_until` is set while out of rotation."""

    name: str
    target: T
    probe: Probe | None
    outstanding: int = 0
    sent: int = 0
    failures: int = 0
    down_until: float | None = None
    probing: bool = False

    @property
    def in_rotation(self) -> bool:
        """Not taken out (or put back since)."""
        return self.down_until is None


class EndpointPool(Generic[T]):
    """Members of one pool, used from one event loop (like the client that owns it)."""

    def __init__(
        self,
        members: Sequence[tuple[str, T, Probe | None]],
        bound: int,
        balancing: Balancing,
    ) -> None:
        """`members`: (name, target, probe) per server, in the configured order; `bound`:
        requests in flight per server."""
        if not members:
            raise ValueError("a model client needs at least one endpoint")
        self.members = [Member(name, target, probe) for name, target, probe in members]
        self.bound = bound
        self.balancing = balancing
        self._turn = 0
        self._waiters: set[asyncio.Event] = set()  # requests waiting for a slot or a change
        self._probes: set[asyncio.Task[None]] = set()

    async def call(
        self, attempt: Callable[[T], Awaitable[R]], is_server_failure: Callable[[Exception], bool]
    ) -> R:
        """`attempt(target)` on a chosen member; when it raises a server failure, the member
        leaves rotation and the request goes to another member in rotation not tried yet
        (the last failure is raised when none is left). Other errors are the caller's."""
        tried: set[int] = set()
        last: Exception | None = None
        while (index := await self._acquire(tried)) is not None:
            try:
                result = await attempt(self.members[index].target)
            except Exception as error:
                failed = is_server_failure(error)
                self._release(index, failed)
                if not failed:
                    raise
                tried.add(index)
                last = error
                continue
            except BaseException:  # cancelled: the slot is free again, nothing is known
                self._release(index, failed=None)
                raise
            self._release(index, failed=False)
            return result
        assert last is not None  # a first attempt always finds a member
        raise last

    def _retry_candidates(self, tried: set[int]) -> list[int]:
        return [i for i, m in enumerate(self.members) if i not in tried and m.in_rotation]

    def _candidates(self, tried: set[int]) -> list[int]:
        """Members a request may go to: those in rotation not tried yet; on a first attempt
        with none in rotation, every member (a request is never refused unsent)."""
        self._start_due_probes()
        chosen = self._retry_candidates(tried)
        if not chosen and not tried:
            chosen = list(range(len(self.members)))
        return chosen

    def _choose(self, candidates: list[int]) -> int | None:
        """The member to send to now, among candidates with a free slot (None: wait)."""
        free = [i for i in candidates if self.members[i].outstanding < self.bound]
        if not free:
            return None
        if self.balancing.strategy is BalanceStrategy.ROUND_ROBIN:
            count = len(self.members)
            return min(free, key=lambda i: (i - self._turn) % count)
        # Fewest in flight; ties to the one sent fewest so far, then to the configured order.
        return min(free, key=lambda i: (self.members[i].outstanding, self.members[i].sent, i))

    async def _acquire(self, tried: set[int]) -> int | None:
        """A member's slot, taken (None: every member in rotation was tried). The choice and
        the taking run with no await between them: nothing else on the loop sees half of it."""
        while True:
            candidates = self._candidates(tried)
            if not candidates:
                return None
            index = self._choose(candidates)
            if index is not None:
                member = self.members[index]
                member.outstanding += 1
                member.sent += 1
                self._turn = (index + 1) % len(self.members)
                return index
            await self._wait()

    async def _wait(self) -> None:
        """Until a slot frees or a member changes state; at most until the next probe is due,
        so that a wait never outlasts a cool-down."""
        due = [m.down_until for m in self.members if m.down_until is not None and not m.probing]
        timeout = max(0.0, min(due) - time.monotonic()) if due else None
        changed = asyncio.Event()  # made here, on the loop that waits
        self._waiters.add(changed)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout)
        finally:
            self._waiters.discard(changed)

    def _notify(self) -> None:
        for changed in self._waiters:
            changed.set()

    def _release(self, index: int, failed: bool | None) -> None:
        """Give the slot back; `failed`: the server failed (out of rotation until a probe after
        the cool-down, or a running one, says up), answered (back in rotation), or unknown."""
        member = self.members[index]
        member.outstanding -= 1
        if failed:
            member.failures += 1
            member.down_until = time.monotonic() + self.balancing.cooldown_s
        elif failed is not None:
            member.down_until = None
        self._notify()

    def _start_due_probes(self) -> None:
        """Probe every member whose cool-down is over (in the background, one at a time)."""
        now = time.monotonic()
        for member in self.members:
            if member.down_until is None or member.probing or member.down_until > now:
                continue
            if member.probe is None:  # nothing to ask: back after the cool-down
                member.down_until = None
                continue
            member.probing = True
            task = asyncio.create_task(self._probe(member))
            self._probes.add(task)
            task.add_done_callback(self._probes.discard)

    async def _probe(self, member: Member[T]) -> None:
        assert member.probe is not None
        try:
            up = await member.probe()
        except Exception:  # a probe that cannot even ask says "down"
            up = False
        member.probing = False
        if member.down_until is not None:  # no answer came back meanwhile
            member.down_until = None if up else time.monotonic() + self.balancing.cooldown_s
        self._notify()
