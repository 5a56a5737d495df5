"""What a database backend does for the store: its SQL, and nothing the store decides.

The store (bot.store.core) checks every argument, batches ratings and "last shown" notes into
group commits, keeps the read cache, works out what each rating changed and how the score counts
move. A backend runs the statements it is asked to, in the transactions it is asked to, and turns
its database's failures into StoreErrors (bot.store.errors). Every value it receives has been
checked already; every time it stores ("now") is handed to it.

The operations are shaped for any SQL database with transactions: each is one statement where it
can be, and the batch writes take their rows together, for one ``executemany``. A backend on
asyncpg would run a Transaction on a pooled connection inside ``connection.transaction()``.

Keys are (guild_id, user_id, target); a "count delta" is (guild_id, target, score, change).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import NamedTuple, Protocol, TypeVar

from bot.store.identify import IdentifyGate
from bot.store.snapshot import Cursor, Row, SnapshotPage, SnapshotTable
from bot.store.values import (
    GuildExport,
    GuildSettings,
    MemberRating,
    MemberReview,
    ReviewOrder,
    ReviewPage,
)

RatingKey = tuple[int, int, str]  # guild_id, user_id, target
MemberKey = tuple[int, int]  # guild_id, user_id
TargetKey = tuple[int, str]  # guild_id, target
Counts = dict[int, int]  # {score: how many members gave it}


T = TypeVar("T")
# Told which guild another process changed; None: any guild's data may have changed.
OnChange = Callable[[int | None], None]
SHOWN_PER_STATEMENT = 250  # "last shown" rows written by one statement: 4 parameters each


class ChangeSource(Protocol):
    """What hears other processes' commits to the database (PostgreSQL's listener, SQLite's
    commit watch) and tells on_change of each."""

    on_change: OnChange | None


class StoredReview(NamedTuple):
    text: str
    spoiler: bool


class RatesBefore(NamedTuple):
    """What a batch of ratings needs to know before it writes, read in its own transaction."""

    scores: dict[RatingKey, int]  # the keys asked about that have a score
    reviews: dict[RatingKey, StoredReview | None]  # the same keys: their review, if any
    counts: dict[TargetKey, Counts]  # each (guild, target) asked about that has votes
    names: dict[MemberKey, str]  # each member asked about whose name is stored


class ReviewRow(NamedTuple):
    """A review to write: its key, words and flag."""

    key: RatingKey
    text: str
    spoiler: bool


class Transaction(ABC):
    """One write transaction. Whatever it does commits together, or not at all."""

    @abstractmethod
    async def rates_before(self, keys: Sequence[RatingKey]) -> RatesBefore:
        """Each key's score and review, the score counts of each of their (guild, target), and
        each of their members' stored names.

        The batch's outcomes are worked out from what this returns, so no other transaction may
        change these rows until this one ends: SQLite's write lock (BEGIN IMMEDIATE) already
        sees to it; a database whose writers run side by side locks them here (SELECT ... FOR
        UPDATE on the ratings and counts read, or a transaction-scoped lock per guild)."""

    @abstractmethod
    async def write_scores(self, rows: Sequence[tuple[RatingKey, int]], now: int) -> None:
        """Insert or replace each key's score; a new one was first rated now."""

    @abstractmethod
    async def write_reviews(self, rows: Sequence[ReviewRow], now: int) -> None:
        """Insert or replace each review (its key has a score), in the order given: among
        reviews written in the same second, a later one lists first (SQLite orders them by
        rowid; another database needs a sequence of its own). A replaced review keeps when it
        was first written."""

    @abstractmethod
    async def delete_reviews(self, keys: Sequence[RatingKey]) -> int:
        """Delete the reviews of these keys (their scores stay); how many there were."""

    @abstractmethod
    async def write_names(self, rows: Sequence[tuple[MemberKey, str]], now: int) -> None:
        """Insert or replace each member's display name."""

    @abstractmethod
    async def change_counts(self, deltas: Sequence[tuple[int, str, int, int]]) -> None:
        """Add each delta (guild_id, target, score, change) to that score's count; a count that
        reaches 0 is deleted. At most one delta per (guild, target, score)."""

    @abstractmethod
    async def drop_counts(self, guild_id: int, target: str | None) -> None:
        """Delete the score counts of target in the guild (of every target when None)."""

    @abstractmethod
    async def member_tally(self, guild_id: int, user_id: int) -> dict[str, int]:
        """The member's score of each target they rated here."""

    @abstractmethod
    async def delete_target(self, guild_id: int, target: str) -> int:
        """Delete every score of target in the guild, and their reviews; how many scores."""

    @abstractmethod
    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """Delete every row of the member in the guild; how many went, by MEMBER_KINDS (score
        counts are the store's to change)."""

    @abstractmethod
    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        """Delete every row of the guild; how many went, by GUILD_KINDS (score counts are the
        store's to drop)."""

    @abstractmethod
    async def write_shown(self, rows: Sequence[tuple[MemberKey, str]], now: int) -> None:
        """Note what each member was last shown; at most one row per member. One statement
        (per SHOWN_PER_STATEMENT rows), so that it is whole also where it runs with no
        transaction around it (autocommit)."""

    @abstractmethod
    async def restart_walk(self, guild_id: int, user_id: int, walk: str) -> None:
        """Forget what the member's walk had shown."""

    @abstractmethod
    async def walk_on(
        self, guild_id: int, user_id: int, walk: str, couples: Sequence[str], now: int
    ) -> None:
        """Note couples as shown in the member's walk."""

    @abstractmethod
    async def write_reviews_enabled(self, guild_id: int, enabled: bool, now: int) -> None: ...

    @abstractmethod
    async def write_cooldown(self, guild_id: int, command: str, seconds: int) -> None: ...

    @abstractmethod
    async def write_language(self, guild_id: int, language: str | None, now: int) -> None:
        """The server's language for public answers (None: each member's own)."""

    @abstractmethod
    async def settings(self, guild_id: int) -> GuildSettings:
        """The guild's settings as this transaction sees them."""

    @abstractmethod
    async def put_rows(self, table: SnapshotTable, rows: Sequence[Row]) -> None:
        """Write snapshot rows (bot.store.snapshot) as they are, in the order given: a row whose
        key is there already is replaced, so writing the same rows twice leaves one of each."""


class Backend(ABC):
    """A database the store runs on. Reads outside a transaction see committed data only, each
    in one consistent state (one statement where it can be)."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """A write transaction: committed when the block ends, rolled back if it raises (the
        database's failures raised as StoreErrors). Its statements never mix with another
        transaction's: SQLite's one writer takes them one transaction at a time; a pooled
        backend gives each transaction a connection of its own."""

    def autocommit(self) -> AbstractAsyncContextManager[Transaction]:
        """The writer's turn with no transaction around it: each statement run in it commits by
        itself. For work that is one statement (a batch of "last shown" notes), which then costs
        one round trip to the database instead of three. By default, a transaction."""
        return self.transaction()

    @abstractmethod
    async def counts(self, guild_id: int) -> dict[str, Counts]:
        """The score counts of every target in the guild, by target; a target nobody scored is
        missing."""

    @abstractmethod
    async def user_ratings(self, guild_id: int, user_id: int) -> dict[str, int]: ...

    @abstractmethod
    async def last_shown(self, guild_id: int, user_id: int) -> str | None: ...

    @abstractmethod
    async def walked(self, guild_id: int, user_id: int, walk: str) -> frozenset[str]: ...

    @abstractmethod
    async def reviews(
        self, guild_id: int, target: str, order: ReviewOrder, offset: int, limit: int
    ) -> ReviewPage:
        """A page of the target's reviews; its total read in the same state as its items."""

    @abstractmethod
    async def member_reviews(self, guild_id: int, user_id: int) -> list[MemberReview]: ...

    @abstractmethod
    async def member_export(self, guild_id: int, user_id: int) -> list[MemberRating]: ...

    @abstractmethod
    async def held_about_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """Rows held about the member, by MEMBER_KINDS."""

    @abstractmethod
    async def held_about_guild(self, guild_id: int) -> dict[str, int]:
        """Rows held about the guild, by GUILD_KINDS."""

    @abstractmethod
    async def guild_export(self, guild_id: int) -> GuildExport: ...

    @abstractmethod
    async def settings(self, guild_id: int) -> GuildSettings: ...

    async def probe(self) -> None:
        """Answer if the database can take a write now; a StoreError saying why if not (the
        health check's question). By default: whether it answers a read at all."""
        await self.settings(0)

    def identify_gate(self) -> IdentifyGate | None:
        """A gate shared by every process on this database (see RatingStore.identify_gate);
        None by default, as for SQLite."""
        return None

    def consistent_reads(self) -> AbstractAsyncContextManager[None]:
        """Inside it, the snapshot pages this task reads all see one state of the database, so
        a copy taken while the bot runs is of one moment. By default each page sees its own
        (SQLite's backups use SQLite's online backup instead, and copy-store asks for the bot
        to be stopped)."""
        return _each_page_its_own()

    @abstractmethod
    async def snapshot_page(
        self, table: SnapshotTable, after: Cursor | None, limit: int
    ) -> SnapshotPage:
        """Up to limit rows of the table as snapshot rows, from the start (after None) or from
        where the page that returned ``after`` ended. Reviews come in the order they were
        written; other tables in any order that pages never repeat or skip."""

    @abstractmethod
    async def close(self) -> None:
        """Let a transaction under way finish, then release the database. Safe to call twice."""


@asynccontextmanager
async def _each_page_its_own() -> AsyncIterator[None]:
    yield


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """items in runs of at most size, in order."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def merged_counts(rows: Sequence[tuple[str, int, int]]) -> dict[str, Counts]:
    """(target, score, votes) rows as {target: {score: votes}}."""
    found: dict[str, Counts] = {}
    for target, score, votes in rows:
        found.setdefault(target, {})[score] = votes
    return found
