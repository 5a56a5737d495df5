"""A throwaway PostgreSQL server's programs, for the tests and the benchmarks: where they are
on this machine, and how to run them as a user PostgreSQL accepts.

The programs are the machine's own (pg_config's bindir, else Debian's folders), else those of
the pgserver package (a dev dependency), so that `uv run pytest` and `python -m bench` have a
server on any machine. PostgreSQL refuses to run as root: as root, the server runs as an
unprivileged system user through setpriv, from a copy of the programs where that user can
reach them if it can't reach the originals (a checkout under /root).
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

_RUN_AS = ("twilight-test", "nobody")  # the first is made with useradd if neither exists


class PostgresSetupError(Exception):
    """The server could not be set up; the message says why."""


def find_bindir() -> Path:
    """Where PostgreSQL's server programs are: pg_config's bindir, else Debian's folders, else
    the pgserver package's."""
    candidates: list[Path] = []
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run(  # noqa: S603  # the machine's pg_config, fixed arguments
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found:
            candidates.append(Path(found))
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_of, reverse=True)
    candidates += [Path(folder) for folder in debian]
    if packaged := packaged_bindir():
        candidates.append(packaged)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresSetupError(
        "no PostgreSQL server binaries (initdb, pg_ctl) found via pg_config --bindir or in "
        "/usr/lib/postgresql/*/bin, and no pgserver package; install them, e.g. apt-get "
        "install postgresql, or run `uv sync` for the dev dependencies"
    )


def packaged_bindir() -> Path | None:
    """The programs of the PostgreSQL server the pgserver package brings, if it is installed."""
    found = importlib.util.find_spec("pgserver")
    return Path(found.origin).parent / "pginstall" / "bin" if found and found.origin else None


def _version_of(folder: str) -> int:
    version = Path(folder).parent.name
    return int(version) if version.isdigit() else 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_user() -> pwd.struct_passwd | None:
    """Who the server runs as: an unprivileged system user when we are root, else ourselves
    (None)."""
    if os.geteuid() != 0:
        return None
    for name in _RUN_AS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    # Fixed arguments, run only as root.
    useradd = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
    subprocess.run([*useradd, _RUN_AS[0]], check=True, capture_output=True)  # noqa: S603
    return pwd.getpwnam(_RUN_AS[0])


def as_user(command: list[str], user: pwd.struct_passwd | None) -> list[str]:
    """The command, run as user (through setpriv) when there is one."""
    if user is None:
        return command
    ids = (f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}")
    return ["setpriv", *ids, "--clear-groups", *command]


def programs_for(user: pwd.struct_passwd | None, bindir: Path, root: Path) -> Path:
    """bindir, or a copy of its installation under root if user can't reach bindir. root
    itself must become the user's before the server starts."""
    if user is None or _reachable_by_others(bindir):
        return bindir
    return _copied_for_others(bindir, root)


def _reachable_by_others(folder: Path) -> bool:
    """Whether a user other than root can run what is in folder (every folder above it
    searchable by others): not so for a checkout under /root."""
    return all(part.stat().st_mode & 0o001 for part in (folder, *folder.parents))


def _copied_for_others(bindir: Path, root: Path) -> Path:
    """The installation bindir belongs to (bin/ with its lib/ and share/), copied under root.
    pgserver's programs find their libraries three folders up
    (``$ORIGIN/../../../pgserver.libs``): those are copied to the same place beside the copy."""
    installation = bindir.parent
    base = root / "programs"
    copy = base.joinpath(*installation.parts[-2:])
    shutil.copytree(installation, copy, symlinks=True)
    libraries = installation.parent.parent / "pgserver.libs"
    if libraries.is_dir():
        shutil.copytree(libraries, base / libraries.name, symlinks=True)
    return copy / bindir.name
