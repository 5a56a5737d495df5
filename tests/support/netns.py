"""Hosts of their own on this machine: Linux network namespaces, each joined to the root one by a
veth pair, so that processes run in one reach services of the root namespace over a real network
path (their own interface, addresses, routes and TCP stack), as bot hosts reach a database host.

Each ``Host`` gets 10.N.K.2 inside, 10.N.K.1 on the root side, and a default route through it;
processes started with ``host.command(...)`` run inside (``ip netns exec``). Making namespaces
needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and the ``ip`` program: ``hosts`` skips with the
reason when they are missing, and fails with it when CI is set. Everything it made is removed on
the way out, also when the test fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

_NETWORK = 10 + os.getpid() % 200  # the second octet: runs on one machine keep apart
_numbers = itertools.count(1)


class NetnsError(Exception):
    """A namespace or link could not be made; the message says which command and why."""


@dataclass(frozen=True)
class Host:
    """A network namespace joined to the root namespace by the veth pair ``outer``/``inner``."""

    name: str
    outer: str  # the veth end in the root namespace
    inner: str  # the end inside
    outer_address: str  # what the host reaches the root namespace's services at
    inner_address: str  # where the host is seen from the root namespace

    def command(self, *argv: str) -> list[str]:
        """``argv`` run inside this host's namespace."""
        return ["ip", "netns", "exec", self.name, *argv]


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NetnsError(f"ip {' '.join(args)}: {done.stderr.strip()}")


def _host(number: int) -> Host:
    name = f"tw{os.getpid() % 100000}h{number}"
    return Host(
        name=name,
        outer=f"{name}o",
        inner=f"{name}i",
        outer_address=f"10.{_NETWORK}.{number}.1",
        inner_address=f"10.{_NETWORK}.{number}.2",
    )


def _make(host: Host) -> None:
    _ip("netns", "add", host.name)
    _ip("link", "add", host.outer, "type", "veth", "peer", "name", host.inner)
    _ip("link", "set", host.inner, "netns", host.name)
    _ip("addr", "add", f"{host.outer_address}/24", "dev", host.outer)
    _ip("link", "set", host.outer, "up")
    inside = ("-n", host.name)
    _ip(*inside, "addr", "add", f"{host.inner_address}/24", "dev", host.inner)
    _ip(*inside, "link", "set", host.inner, "up")
    _ip(*inside, "link", "set", "lo", "up")
    # Every address of the root namespace (another host's side too) is one hop away.
    _ip(*inside, "route", "add", "default", "via", host.outer_address)


def _remove(host: Host) -> None:
    """Delete the root side of the veth first: the namespace's end goes with it at once (a
    namespace's own links are removed only later, when the kernel gets to it)."""
    for args in (("link", "del", host.outer), ("netns", "del", host.name)):
        with contextlib.suppress(NetnsError):
            _ip(*args)


@contextlib.contextmanager
def link_down(host: Host) -> Iterator[None]:
    """The host cut off the network (its link down, as a pulled cable), until the block ends."""
    _ip("link", "set", host.outer, "down")
    try:
        yield
    finally:
        _ip("link", "set", host.outer, "up")


def unavailable() -> str | None:
    """Why namespaces can't be made here, or None."""
    if shutil.which("ip") is None:
        return "the ip program (iproute2) is not installed"
    if os.geteuid() != 0:
        return "making network namespaces needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN)"
    return None


@contextlib.contextmanager
def hosts(count: int) -> Iterator[list[Host]]:
    """``count`` hosts of their own, removed on the way out."""
    reason = unavailable()
    made: list[Host] = []
    try:
        if reason is None:
            try:
                for _ in range(count):
                    made.append(_host(next(_numbers)))
                    _make(made[-1])
            except NetnsError as exc:
                reason = f"network namespaces can't be made here: {exc}"
        if reason is not None:
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        yield made
    finally:
        for host in made:
            _remove(host)


@dataclass
class TcpProxy:
    """A TCP relay listening on ``host``: each connection to it is carried to ``target``. It
    notes the address each connection came from, so a test can tell which path was taken."""

    target: tuple[str, int]
    peers: list[str]
    server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def start(self, host: str) -> None:
        self.server = await asyncio.start_server(self._carry, host, 0)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _carry(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.peers.append(writer.get_extra_info("peername")[0])
        try:
            far_reader, far_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pump(reader, far_writer), _pump(far_reader, writer))


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
