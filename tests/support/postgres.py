"""A real PostgreSQL server for the test session, from the programs bot.devtools.postgres finds
(the machine's, else the pgserver dev dependency's).

The server is initdb'd into a temporary folder and listens on a unix socket there and on a free
TCP port of 127.0.0.1. Tests connect over TCP as a user with a password (so the paths that hide
passwords are real), each to a fresh database of its own. The session's superuser connects over
the socket only, without a password, to make those databases and to break things on purpose
(stop and start the server, kill a connection).

PostgreSQL refuses to run as root: when the tests run as root, the server runs as an
unprivileged system user, through setpriv (bot.devtools.postgres says which).

When the server can't start: with CI set, every test that needs it fails with the reason;
otherwise it is skipped with the reason.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import asyncpg
import pytest

from bot.devtools.postgres import (
    PostgresSetupError,
    as_user,
    find_bindir,
    free_port,
    programs_for,
    server_user,
)

T = TypeVar("T")

USER = "twilight"
PASSWORD = "tw1light-s3cret"  # the test user's: every redaction test looks for it in output
_SUPERUSER = "postgres"
_SPARE_DATABASES = 2  # made ahead of the tests that will ask for them
_SERVER_OPTIONS = (
    # A throwaway server: durability buys nothing here, and costs each CREATE DATABASE a sync.
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=300 -c shared_buffers=32MB"
)


class _AdminLoop:
    """An event loop on a thread of its own, holding the superuser's connection, so that sync
    fixtures and tests on any loop can run admin statements."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.submit(work).result(timeout=120)

    def submit(self, work: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Start work on the admin loop; its future."""
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@dataclass
class PostgresServer:
    """The session's server: where it is, and the levers tests pull on it."""

    bindir: Path
    root: Path  # the temporary folder: data/, the socket, the log
    port: int
    run_as: pwd.struct_passwd | None  # when running as root
    _admin: _AdminLoop | None = None
    _names = itertools.count(1)
    # Databases being made ahead: CREATE DATABASE takes a few tenths of a second, which the
    # admin thread spends while the tests before run.
    _spares: deque[concurrent.futures.Future[str]] = field(default_factory=deque)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str, *, password: str = PASSWORD, port: int | None = None) -> str:
        """The URL of a database on this server, as the test user (or with another password)."""
        return f"postgresql://{USER}:{password}@127.0.0.1:{port or self.port}/{database}"

    # --- setting up and tearing down -------------------------------------------------------------

    def init(self) -> None:
        for folder in (self.data, self.socket_dir):
            folder.mkdir(parents=True)
        if self.run_as is not None:
            for path in (self.root, self.data, self.socket_dir):
                os.chown(path, self.run_as.pw_uid, self.run_as.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            _SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
        )

    def start(self) -> None:
        """Start the server and wait until it takes connections (pg_ctl -w)."""
        options = f"-k {self.socket_dir} -p {self.port} -h 127.0.0.1 {_SERVER_OPTIONS}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: every connection is told the server is shutting down), once
        the databases being made ahead are made."""
        self._finish_spares()
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_test_user(self) -> None:
        self.admin(
            f"CREATE ROLE {USER} LOGIN CREATEDB PASSWORD '{PASSWORD}'"  # a constant, not input
        )

    def close(self) -> None:
        self._finish_spares()
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        with contextlib.suppress(PostgresSetupError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = as_user([str(self.bindir / program), *args], self.run_as)
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            log = (
                self.log.read_text(errors="replace").strip().splitlines()[-3:]
                if self.log.exists()
                else []
            )
            raise PostgresSetupError(f"{program} failed: {' | '.join(tail + log)}")

    # --- what tests do with it -------------------------------------------------------------------

    def admin(self, statement: str, *args: object) -> list[asyncpg.Record]:
        """Run a statement as the superuser, over the unix socket."""
        return self._admin_loop().run(self._admin_fetch(statement, *args))

    def _admin_loop(self) -> _AdminLoop:
        if self._admin is None:
            self._admin = _AdminLoop()
        return self._admin

    async def _admin_fetch(self, statement: str, *args: object) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(
            host=str(self.socket_dir), port=self.port, user=_SUPERUSER, database="postgres"
        )
        try:
            return list(await connection.fetch(statement, *args))
        finally:
            await connection.close()

    def create_database(self) -> str:
        """A fresh, empty database owned by the test user; its name."""
        while len(self._spares) < _SPARE_DATABASES + 1:
            self._spares.append(self._admin_loop().submit(self._make_database()))
        return self._spares.popleft().result(timeout=120)

    def _finish_spares(self) -> None:
        """Wait for the databases being made ahead; the ones that failed are forgotten."""
        finished = []
        for spare in self._spares:
            with contextlib.suppress(Exception):
                finished.append(spare.result(timeout=120))
        self._spares.clear()
        for name in finished:
            self._spares.append(concurrent.futures.Future())
            self._spares[-1].set_result(name)

    async def _make_database(self) -> str:
        name = f"test_{next(self._names)}"
        # The name is made here, never input; CREATE DATABASE takes no parameters.
        await self._admin_fetch(f"CREATE DATABASE {name} OWNER {USER} TEMPLATE template0")
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def terminate_connections(self, database: str) -> int:
        """Kill every connection to the database (pg_terminate_backend); how many."""
        rows = self.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            database,
        )
        return sum(1 for (killed,) in rows if killed)


def start_server(root: Path, bindir: Path | None = None) -> PostgresServer:
    """A server of the programs in bindir (find_bindir's by default), started in root."""
    run_as = server_user()
    bindir = programs_for(run_as, bindir or find_bindir(), root)
    server = PostgresServer(bindir, root, free_port(), run_as)
    try:
        server.init()
        server.start()
        server.create_test_user()
    except BaseException:
        server.close()
        raise
    return server


def missing_server(reason: str) -> NoReturn:
    """Fail the test with the reason in CI (env CI set), where nothing may be skipped silently;
    skip it with the reason elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server, started on first use and stopped at the end."""
    root = Path(tempfile.mkdtemp(prefix="twilight-pg-"))
    try:
        server = start_server(root)
    except (PostgresSetupError, OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        missing_server(f"no PostgreSQL server for the tests: {exc}")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[str]:
    """The name of a fresh, empty database, dropped after the test."""
    name = postgres_server.create_database()
    try:
        yield name
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, postgres_database: str) -> str:
    """The URL of a fresh, empty database, as the test user with a password."""
    return postgres_server.url(postgres_database)
