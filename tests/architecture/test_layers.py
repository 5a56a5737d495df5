"""The layers of the code, and the one direction imports may flow: each module imports only its
own layer or the layers below it. Read from the source (every import statement, lazy ones too),
so a new module is checked the day it is added. CONTRIBUTING.md explains the layers."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Highest first. A module belongs to the first layer whose prefix its dotted name starts with.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the command line", ("bot.cli", "bot.__main__")),
    ("operations", ("bot.ops",)),
    ("developer tools", ("bot.devtools",)),
    ("cogs", ("cogs",)),
    ("the Discord side", ("bot.discord",)),
    # Sentences for members: above the core, so the core and below can only speak in outcomes.
    ("members' words", ("bot.i18n",)),
    ("use cases", ("bot.core",)),
    ("store, catalog loading, settings", ("bot.store", "bot.catalog", "bot.config")),
    ("the domain", ("bot.domain",)),
)
# What the domain must never need: Discord, a database, the network or the files.
NOT_IN_THE_DOMAIN = ("discord", "aiosqlite", "sqlite3", "aiohttp", "tomllib", "pathlib", "os")
# The store and the use cases report what they do to an observer the Discord side hands them:
# they know nothing of Discord or of how the figures are served.
NOT_BELOW_THE_DISCORD_SIDE = ("discord", "prometheus_client")


def layer_of(module: str) -> int | None:
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def modules() -> Iterator[tuple[str, Path]]:
    for folder in ("bot", "cogs"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if name != "bot":  # the package's own __init__ only names it
                yield name, path


def imports_of(path: Path, module: str) -> Iterator[tuple[str, int]]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield base, node.lineno


MODULES = list(modules())


def test_every_module_of_bot_and_cogs_has_a_layer() -> None:
    assert [name for name, _ in MODULES if layer_of(name) is None] == []


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_imports_flow_down_only(module: str, path: Path) -> None:
    own = layer_of(module)
    assert own is not None
    upward = [
        f"line {line}: {target} ({LAYERS[rank][0]})"
        for target, line in imports_of(path, module)
        if (rank := layer_of(target)) is not None and rank < own
    ]
    assert upward == [], f"{module} ({LAYERS[own][0]}) imports a layer above it"


@pytest.mark.parametrize(
    ("module", "path"),
    [(name, path) for name, path in MODULES if name.startswith("bot.domain")],
    ids=[name for name, _ in MODULES if name.startswith("bot.domain")],
)
def test_the_domain_needs_no_discord_and_does_no_io(module: str, path: Path) -> None:
    banned = [
        f"line {line}: {target}"
        for target, line in imports_of(path, module)
        if target.split(".")[0] in NOT_IN_THE_DOMAIN
    ]
    assert banned == []


BELOW_THE_DISCORD_SIDE = [
    (name, path)
    for name, path in MODULES
    if name.startswith(("bot.store", "bot.core", "bot.catalog", "bot.config", "bot.domain"))
]


@pytest.mark.parametrize(
    ("module", "path"), BELOW_THE_DISCORD_SIDE, ids=[name for name, _ in BELOW_THE_DISCORD_SIDE]
)
def test_the_store_and_the_core_know_nothing_of_discord_or_prometheus(
    module: str, path: Path
) -> None:
    banned = [
        f"line {line}: {target}"
        for target, line in imports_of(path, module)
        if target.split(".")[0] in NOT_BELOW_THE_DISCORD_SIDE
    ]
    assert banned == []
