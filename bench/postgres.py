"""A throwaway PostgreSQL server for the benchmarks, started from the binaries on this machine.

The tests' server (tests/support/postgres.py) is a pytest fixture; this is the same recipe without
pytest: initdb into a temporary folder, listen on a unix socket there and on a free port of
127.0.0.1, and make databases for a user that logs in with a password. Unlike the tests' server
it keeps PostgreSQL's durable defaults (fsync, synchronous_commit), so commits cost what they cost
on a real host's disk. As root, the server runs as an unprivileged user (``nobody``), through
setpriv, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import pwd
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

USER = "bench"
PASSWORD = "bench-only-password"  # a throwaway server's, on 127.0.0.1 for one run
_SUPERUSER = "postgres"
_OPTIONS = "-c max_connections=200 -c shared_buffers=64MB"


class PostgresStartError(Exception):
    """No server could be started; the message says why."""


def _bindir() -> Path:
    candidates = []
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        candidates.append(Path(found))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    # Else the server the pgserver dev dependency brings (as the tests' server does).
    if (packaged := importlib.util.find_spec("pgserver")) and packaged.origin:
        candidates.append(Path(packaged.origin).parent / "pginstall" / "bin")
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresStartError(
        "no initdb/pg_ctl (pg_config --bindir, /usr/lib/postgresql/*/bin, the pgserver package)"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class BenchPostgres:
    root: Path
    bindir: Path = field(default_factory=_bindir)
    port: int = field(default_factory=_free_port)
    run_as: pwd.struct_passwd | None = field(
        default_factory=lambda: pwd.getpwnam("nobody") if os.geteuid() == 0 else None
    )
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
        command = [str(self.bindir / program), *args]
        if self.run_as is not None:
            ids = (f"--reuid={self.run_as.pw_uid}", f"--regid={self.run_as.pw_gid}")
            command = ["setpriv", *ids, "--clear-groups", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-2:]
            raise PostgresStartError(f"{program} failed: {' | '.join(tail)}")


def start_postgres(root: Path) -> BenchPostgres:
    """A running server in ``root``, or PostgresStartError saying why."""
    server = BenchPostgres(root)
    try:
        server.start()
    except (OSError, subprocess.SubprocessError) as exc:
        raise PostgresStartError(str(exc)) from exc
    return server
