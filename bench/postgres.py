"""A throwaway PostgreSQL server for the benchmarks, from the programs bot.devtools.postgres finds.

The tests' server (tests/support/postgres.py) is a pytest fixture; this is the same recipe without
pytest: initdb into a temporary folder, listen on a unix socket there and on a free port of
127.0.0.1, and make databases for a user that logs in with a password. Unlike the tests' server
it keeps PostgreSQL's durable defaults (fsync, synchronous_commit), so commits cost what they cost
on a real host's disk. As root, the server runs as an unprivileged user (bot.devtools.postgres),
since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import itertools
import os
import pwd
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bot.devtools.postgres import (
    PostgresSetupError,
    as_user,
    find_bindir,
    free_port,
    programs_for,
    server_user,
)

USER = "bench"
PASSWORD = "bench-only-password"  # a throwaway server's, on 127.0.0.1 for one run
_SUPERUSER = "postgres"
_OPTIONS = "-c max_connections=200 -c shared_buffers=64MB"


class PostgresStartError(Exception):
    """No server could be started; the message says why."""


@dataclass
class BenchPostgres:
    root: Path
    bindir: Path
    run_as: pwd.struct_passwd | None
    port: int = field(default_factory=free_port)
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    def start(self) -> None:
        data, sockets = self.root / "data", self.root / "socket"
        for folder in (self.root, data, sockets):
            folder.mkdir(parents=True, exist_ok=True)
            if self.run_as is not None:
                os.chown(folder, self.run_as.pw_uid, self.run_as.pw_gid)
        self._run("initdb", "-D", str(data), "-U", _SUPERUSER, "-E", "UTF8", "--locale=C",
                  "--auth-local=trust", "--auth-host=scram-sha-256")  # fmt: skip
        options = f"-k {sockets} -p {self.port} -h 127.0.0.1 {_OPTIONS}"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(data), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")

    async def new_database(self) -> str:
        """The URL of a fresh database owned by the benchmark's user."""
        name = f"bench_{next(self._names)}"
        connection = await asyncpg.connect(
            host=str(self.root / "socket"), port=self.port, user=_SUPERUSER, database="postgres"
        )
        try:
            exists = await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", USER)
            if not exists:  # names and password are this module's constants, never input
                await connection.execute(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")
            await connection.execute(f"CREATE DATABASE {name} OWNER {USER}")
        finally:
            await connection.close()
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{name}"

    def _run(self, program: str, *args: str) -> None:
        command = as_user([str(self.bindir / program), *args], self.run_as)
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-2:]
            raise PostgresStartError(f"{program} failed: {' | '.join(tail)}")


def start_postgres(root: Path) -> BenchPostgres:
    """A running server in ``root``, or PostgresStartError saying why."""
    try:
        run_as = server_user()
        server = BenchPostgres(root, programs_for(run_as, find_bindir(), root), run_as)
        server.start()
    except (PostgresSetupError, OSError, subprocess.SubprocessError) as exc:
        raise PostgresStartError(str(exc)) from exc
    return server
