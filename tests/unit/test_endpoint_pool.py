"""Several model servers behind one pool: who gets a request, the bound per server, a failing
server taken out and put back, and retries on another server."""

import asyncio
from collections.abc import Awaitable

import pytest

from listingsmith.config import BalanceStrategy, Balancing
from listingsmith.serving.pool import EndpointPool, Probe

COOL = 0.05  # seconds: a cool-down short enough for a unit test


class ServerDown(Exception):
    """A fake server failure (a refused connection, a 5xx)."""


def is_down(error: Exception) -> bool:
    return isinstance(error, ServerDown)


class Servers:
    """Fake servers named a, b, c...: each call is recorded, held until released when `hold` is
    set, and fails while the server is marked down."""

    def __init__(self, hold: bool = False) -> None:
        self.calls: list[str] = []
        self.down: set[str] = set()
        self.in_flight: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self.hold = hold
        self.gate = asyncio.Event()

    async def answer(self, name: str) -> str:
        self.calls.append(name)
        self.in_flight[name] = self.in_flight.get(name, 0) + 1
        self.most[name] = max(self.most.get(name, 0), self.in_flight[name])
        try:
            if self.hold:
                await self.gate.wait()
            if name in self.down:
                raise ServerDown(name)
            return name
        finally:
            self.in_flight[name] -= 1

    def probe(self, name: str) -> Probe:
        async def healthy() -> bool:
            return name not in self.down

        return healthy


def pool(
    names: str,
    servers: Servers,
    bound: int = 2,
    strategy: BalanceStrategy = BalanceStrategy.LEAST_OUTSTANDING,
    probes: bool = True,
) -> EndpointPool[str]:
    members = [(name, name, servers.probe(name) if probes else None) for name in names]
    return EndpointPool(members, bound, Balancing(strategy=strategy, cooldown_s=COOL))


def ask(target: EndpointPool[str], servers: Servers) -> Awaitable[str]:
    return target.call(servers.answer, is_down)


async def settle() -> None:
    """Let every ready task run until it blocks."""
    for _ in range(5):
        await asyncio.sleep(0)


async def test_requests_one_after_another_take_turns() -> None:
    servers = Servers()
    spread = pool("abc", servers)
    answers = [await ask(spread, servers) for _ in range(6)]
    assert answers == ["a", "b", "c", "a", "b", "c"]  # ties: fewest sent, then the order given


async def test_a_request_goes_to_the_server_with_fewest_in_flight() -> None:
    servers = Servers(hold=True)
    spread = pool("abc", servers, bound=4)
    held = [asyncio.ensure_future(ask(spread, servers)) for _ in range(4)]
    await settle()
    assert servers.in_flight == {"a": 2, "b": 1, "c": 1}
    servers.hold = False
    servers.gate.set()
    await asyncio.gather(*held)
    assert await ask(spread, servers) == "b"  # none in flight anywhere: b and c were sent fewer


async def test_a_slow_server_gets_fewer_requests() -> None:
    servers = Servers()
    slow = asyncio.Event()

    async def answer(name: str) -> str:
        if name == "a":
            await slow.wait()  # a never answers while the others do
        return await servers.answer(name)

    spread = pool("ab", servers, bound=4)
    stuck = asyncio.ensure_future(spread.call(answer, is_down))
    await settle()
    done = [await spread.call(answer, is_down) for _ in range(5)]
    assert done == ["b"] * 5  # a has one in flight, b none each time
    slow.set()
    assert await stuck == "a"


async def test_round_robin_takes_the_next_in_turn_whatever_its_load() -> None:
    servers = Servers(hold=True)
    spread = pool("abc", servers, bound=4, strategy=BalanceStrategy.ROUND_ROBIN)
    held = [asyncio.ensure_future(ask(spread, servers)) for _ in range(5)]
    await settle()
    assert servers.calls == ["a", "b", "c", "a", "b"]
    servers.gate.set()
    await asyncio.gather(*held)


async def test_the_bound_holds_per_server() -> None:
    servers = Servers(hold=True)
    spread = pool("ab", servers, bound=2)
    held = [asyncio.ensure_future(ask(spread, servers)) for _ in range(7)]
    await settle()
    assert servers.in_flight == {"a": 2, "b": 2}  # three wait for a slot
    servers.gate.set()
    assert len(await asyncio.gather(*held)) == 7
    assert servers.most == {"a": 2, "b": 2}


async def test_a_failing_server_is_taken_out_and_the_request_retried_elsewhere() -> None:
    servers = Servers()
    servers.down.add("a")
    spread = pool("abc", servers)
    assert await ask(spread, servers) == "b"  # tried on a first, retried on b
    assert [await ask(spread, servers) for _ in range(4)] == ["c", "b", "c", "b"]
    assert servers.calls.count("a") == 1
    (a, _, _) = spread.members
    assert not a.in_rotation and a.failures == 1


async def test_a_server_comes_back_once_its_probe_after_the_cool_down_passes() -> None:
    servers = Servers()
    servers.down.add("a")
    spread = pool("ab", servers)
    await ask(spread, servers)
    await asyncio.sleep(COOL * 2)
    await ask(spread, servers)  # starts a's probe: a is still down
    await settle()
    assert not spread.members[0].in_rotation
    servers.down.clear()
    await asyncio.sleep(COOL * 2)
    await ask(spread, servers)  # a's next probe says up
    await settle()
    assert spread.members[0].in_rotation
    assert await ask(spread, servers) == "a"  # back, and sent fewest so far


async def test_without_a_probe_a_server_is_back_after_the_cool_down() -> None:
    servers = Servers()
    servers.down.add("a")
    spread = pool("ab", servers, probes=False)
    await ask(spread, servers)
    assert not spread.members[0].in_rotation
    await asyncio.sleep(COOL * 2)
    servers.down.clear()
    servers.calls.clear()
    assert {await ask(spread, servers) for _ in range(2)} == {"a", "b"}


async def test_every_server_failing_raises_the_last_failure_after_one_try_each() -> None:
    servers = Servers()
    servers.down.update("abc")
    spread = pool("abc", servers)
    with pytest.raises(ServerDown, match="c"):
        await ask(spread, servers)
    assert servers.calls == ["a", "b", "c"]


async def test_with_every_server_out_a_request_is_still_sent() -> None:
    servers = Servers()
    servers.down.add("a")
    single = pool("a", servers)
    for _ in range(2):
        with pytest.raises(ServerDown):
            await ask(single, servers)
    assert servers.calls == ["a", "a"]  # one server: as before there were several
    servers.down.clear()
    assert await ask(single, servers) == "a"
    assert single.members[0].in_rotation  # an answer puts it back at once


async def test_an_error_of_the_request_itself_is_not_retried() -> None:
    servers = Servers()

    async def refuse(name: str) -> str:
        servers.calls.append(name)
        raise ValueError("bad request")

    spread = pool("ab", servers)
    with pytest.raises(ValueError, match="bad request"):
        await spread.call(refuse, is_down)
    assert servers.calls == ["a"]
    assert all(member.in_rotation for member in spread.members)


async def test_a_cancelled_request_gives_its_slot_back() -> None:
    servers = Servers(hold=True)
    spread = pool("a", servers, bound=1)
    first = asyncio.ensure_future(ask(spread, servers))
    await settle()
    first.cancel()
    await settle()
    assert spread.members[0].outstanding == 0 and spread.members[0].in_rotation
    servers.gate.set()
    assert await ask(spread, servers) == "a"


async def test_a_wait_for_a_slot_ends_when_a_cool_down_does() -> None:
    """Both slots of b are taken and a is out: a waiting request gets a once a is back."""
    servers = Servers()
    servers.down.add("a")
    spread = pool("ab", servers, bound=1, probes=False)
    await ask(spread, servers)  # a out, b answered
    gate = asyncio.Event()

    async def b_busy(name: str) -> str:
        await gate.wait()
        return name

    busy = asyncio.ensure_future(spread.call(b_busy, is_down))
    await settle()
    servers.down.clear()
    assert await asyncio.wait_for(ask(spread, servers), 5.0) == "a"
    gate.set()
    assert await busy == "b"
