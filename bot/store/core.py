"""The rating store over any backend: everything every backend must do the same way, once.

Here every argument is checked before a backend sees it; ratings and "last shown" notes are
batched into group commits (batching); reads of a server's settings, score counts and review
pages are served from memory and dropped by this process's own writes (reads); what each rating
changed is worked out (rates); and the score counts are kept exact in the same transaction as
every write that moves them. The backend (backend.Backend) runs the statements.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from bot.store.backend import Backend, ChangeSource, MemberKey, Transaction
from bot.store.base import RatingStore
from bot.store.batching import GroupCommit, copied
from bot.store.errors import MarkProblem, NoReviewToMark, StoreClosed, StoreError
from bot.store.identify import IdentifyGate
from bot.store.rates import RateCall, RateOutcome, ReviewEdit, write_rates
from bot.store.reads import GuildReadCache
from bot.store.snapshot import Cursor, Row, SnapshotTable
from bot.store.validation import (
    validate_command_name,
    validate_cooldown,
    validate_count,
    validate_display_name,
    validate_flag,
    validate_key,
    validate_language,
    validate_order,
    validate_review,
    validate_score,
    validate_snowflake,
    validate_target,
    validate_walk_id,
)
from bot.store.values import (
    KEEP,
    MAX_PAGE_SIZE,
    GuildExport,
    GuildSettings,
    Keep,
    MemberRating,
    MemberReview,
    RatingChange,
    ReviewOrder,
    ReviewPage,
    ScoreSummary,
)

T = TypeVar("T")
P = ParamSpec("P")
Work = Callable[[Transaction], Awaitable[T]]

# How long a server's settings, score counts and review pages are served from memory. Nearly
# every command reads them, so keeping them saves database round trips; this process's own
# changes apply at once. A store that hears of other processes' commits (PostgreSQL's NOTIFY,
# SQLite's data_version: every backend the bot ships) drops what they changed as it hears, and
# keeps the rest for HEARD_CACHE_SECONDS; one that hears nothing shows them within CACHE_SECONDS.
# A server is only ever served by one shard, so shards don't see each other's.
CACHE_SECONDS = 5.0
HEARD_CACHE_SECONDS = 600.0
SNAPSHOT_PAGE = 1000  # rows read or written at a time when a whole table is copied
# Read-cache keys: a server's ("summaries",), ("reviews", target, order, ...)
# and ("settings",). Writes to ratings, reviews or names change all but the settings.
_SUMMARIES = ("summaries",)
_SETTINGS = ("settings",)
_REVIEWS = ("reviews",)
_RATINGS_KINDS = ("summaries", "reviews")


class StoreObserver(Protocol):
    """What the store tells whoever watches it (the bot's metrics): plain numbers and the names
    of its own operations, never a member, a server or anything typed."""

    def operation(self, name: str, seconds: float) -> None:
        """A store operation (a method of the store, by name) took that long, failed or not."""

    def cache_read(self, hit: bool) -> None:
        """A read of a server's data was served from memory (hit) or went to the database."""

    def ratings_stored(self, count: int) -> None:
        """That many ratings were committed."""


Method = Callable[Concatenate["CoreStore", P], Awaitable[T]]


def _timed(method: Method[P, T]) -> Method[P, T]:
    """Tells the observer, if there is one, how long each call of the method took."""
    name = method.__name__

    @functools.wraps(method)
    async def timed(store: CoreStore, *args: P.args, **kwargs: P.kwargs) -> T:
        observer = store._observer
        if observer is None:  # nobody watches: not even a clock is read
            return await method(store, *args, **kwargs)
        started = time.perf_counter()
        try:
            return await method(store, *args, **kwargs)
        finally:
            observer.operation(name, time.perf_counter() - started)

    return timed


class CoreStore(RatingStore):
    """RatingStore on a backend. open_store() makes one; close() closes its backend too."""

    def __init__(self, backend: Backend, clock: Callable[[], int] | None = None) -> None:
        self._backend = backend
        self._clock = clock or _now  # unix seconds, for the times stored
        self._closed = False
        self._observer: StoreObserver | None = None
        self._reads = GuildReadCache(CACHE_SECONDS)
        self._rates: GroupCommit[RateCall, RatingChange] = GroupCommit(
            self._begin, self._write_rates, settled=self._keep_summaries_current
        )
        # One statement each batch (Backend.write_shown), so no transaction around it.
        self._shown: GroupCommit[tuple[MemberKey, str], None] = GroupCommit(
            self._begin_autocommit, self._write_shown
        )

    def observe(self, observer: StoreObserver | None) -> None:
        """From now on, report operations, cache reads and stored ratings to `observer` (None:
        to nobody, which costs nothing)."""
        self._observer = observer
        self._reads.on_read = None if observer is None else observer.cache_read

    @property
    def cache_seconds(self) -> float:
        """How long settings, score counts and review pages read from the database are served
        from memory: how soon another process's changes show here (this process's at once)."""
        return self._reads.lifetime

    @cache_seconds.setter
    def cache_seconds(self, seconds: float) -> None:
        self._reads.set_lifetime(seconds)

    def hear_changes_from(self, source: ChangeSource) -> None:
        """From now on, drop what `source` says another process changed, and keep the rest for
        HEARD_CACHE_SECONDS: nothing else can make it untrue."""
        source.on_change = self.changed_elsewhere
        self.cache_seconds = HEARD_CACHE_SECONDS

    def changed_elsewhere(self, guild_id: int | None) -> None:
        """Another process changed the server's data (any server's, when None): read it afresh
        rather than wait for what is kept to expire. A backend that hears of such changes (a
        database's notifications) calls this."""
        if guild_id is None:
            self._reads.clear()
        else:
            self._reads.forget(guild_id)

    # --- ratings ---------------------------------------------------------------------------------

    @_timed
    async def rate(
        self,
        guild_id: int,
        user_id: int,
        target: str,
        score: int,
        *,
        review: str | Keep | None = KEEP,
        spoiler: bool | Keep = KEEP,
        display_name: str | None = None,
    ) -> RatingChange:
        key = validate_key(guild_id, user_id, target)
        score = validate_score(score)
        wanted = ReviewEdit(
            text=review if review is KEEP or review is None else validate_review(review),
            spoiler=spoiler if spoiler is KEEP else validate_flag("spoiler", spoiler),
        )
        if wanted.text is None and wanted.spoiler is not KEEP:
            raise NoReviewToMark(MarkProblem.BEING_REMOVED)
        name = None if display_name is None else validate_display_name(display_name)
        change = await self._rates.submit(RateCall(key, score, wanted, name))
        if self._observer is not None:
            self._observer.ratings_stored(1)  # committed: the caller hears it only now
        return change

    async def _write_rates(self, tx: Transaction, batch: Sequence[RateCall]) -> list[RateOutcome]:
        return await write_rates(tx, batch, self._clock())

    def _keep_summaries_current(
        self, batch: Sequence[RateCall], changes: Sequence[RatingChange | BaseException]
    ) -> None:
        """After a batch of ratings: the score counts kept in memory take the new summaries (each
        is what the transaction left), and a server's review pages are read afresh where a
        rater had or has a review of what they rated (its text or score may have changed), or
        came under a new name (shown on their reviews of anything). Any other rating is on no
        page: most ratings leave the pages kept."""
        every_target = {}
        for guild_id in {call.key[0] for call in batch}:
            every_target[guild_id] = self._reads.get(guild_id, _SUMMARIES)
            self._reads.changed(guild_id, _SUMMARIES)
        for call, change in zip(batch, changes, strict=True):  # in order: the last one stays
            if isinstance(change, BaseException):
                continue  # refused: nothing of it was written
            guild_id = call.key[0]
            if change.renamed or change.review is not None or change.previous_review is not None:
                self._reads.changed(guild_id, _REVIEWS)
            if every_target[guild_id] is not None:
                every_target[guild_id][change.target] = change.summary
        for guild_id, summaries in every_target.items():
            if summaries is not None:
                self._reads.put(guild_id, _SUMMARIES, summaries)

    @_timed
    async def summary(self, guild_id: int, target: str) -> ScoreSummary:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)

        # A server's counts are a few rows per target: one read of them all serves /scores and
        # /recommend too, and ratings keep it current.
        every_target = await self._every_summary(guild_id)
        return every_target.get(target) or ScoreSummary.from_counts(target, {})

    @_timed
    async def summaries(self, guild_id: int) -> dict[str, ScoreSummary]:
        guild_id = validate_snowflake("guild_id", guild_id)
        # A copy: the one kept in memory is updated as ratings come.
        return dict(await self._every_summary(guild_id))

    async def _every_summary(self, guild_id: int) -> dict[str, ScoreSummary]:
        async def read() -> dict[str, ScoreSummary]:
            counts = await self._backend.counts(guild_id)
            return {target: ScoreSummary.from_counts(target, c) for target, c in counts.items()}

        return await self._cached_read(guild_id, _SUMMARIES, read)

    @_timed
    async def user_ratings(self, guild_id: int, user_id: int) -> dict[str, int]:
        guild_id, user_id = _member_key(guild_id, user_id)
        return await self._read(self._backend.user_ratings, guild_id, user_id)

    # --- what members were shown -----------------------------------------------------------------

    @_timed
    async def remember_shown(self, guild_id: int, user_id: int, target: str) -> None:
        guild_id, user_id, target = validate_key(guild_id, user_id, target)
        # Every /couple and /recommend notes what it showed: notes that arrive together are
        # written together, in one transaction, like ratings.
        await self._shown.submit(((guild_id, user_id), target))

    async def _write_shown(
        self, tx: Transaction, batch: Sequence[tuple[MemberKey, str]]
    ) -> list[None]:
        latest = dict(batch)  # a member shown twice in one batch: the later note is the one
        await tx.write_shown(list(latest.items()), self._clock())
        return [None] * len(batch)

    @_timed
    async def last_shown(self, guild_id: int, user_id: int) -> str | None:
        guild_id, user_id = _member_key(guild_id, user_id)
        return await self._read(self._backend.last_shown, guild_id, user_id)

    @_timed
    async def walked(self, guild_id: int, user_id: int, walk: str) -> frozenset[str]:
        guild_id, user_id = _member_key(guild_id, user_id)
        walk = validate_walk_id("walk", walk, empty_ok=True)
        return await self._read(self._backend.walked, guild_id, user_id, walk)

    @_timed
    async def walk_on(
        self, guild_id: int, user_id: int, walk: str, couple_ids: tuple[str, ...], *, restart: bool
    ) -> None:
        guild_id, user_id = _member_key(guild_id, user_id)
        walk = validate_walk_id("walk", walk, empty_ok=True)
        couples = [validate_walk_id("couple", couple) for couple in couple_ids]
        now = self._clock()

        async def write(tx: Transaction) -> None:
            if restart:
                await tx.restart_walk(guild_id, user_id, walk)
            await tx.walk_on(guild_id, user_id, walk, couples, now)

        await self._transaction(write)

    # --- reviews and names -----------------------------------------------------------------------

    @_timed
    async def remember_member(self, guild_id: int, user_id: int, display_name: str) -> None:
        member = _member_key(guild_id, user_id)
        name = validate_display_name(display_name)
        now = self._clock()

        async def write(tx: Transaction) -> None:
            await tx.write_names([(member, name)], now)

        await self._transaction(write, changes=member[0])

    @_timed
    async def reviews(
        self,
        guild_id: int,
        target: str,
        *,
        order: ReviewOrder = "newest",
        offset: int = 0,
        limit: int = 5,
    ) -> ReviewPage:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)
        order = validate_order(order)
        offset = validate_count("offset", offset, 0, 2**62)
        limit = validate_count("limit", limit, 1, MAX_PAGE_SIZE)
        return await self._cached_read(
            guild_id,
            ("reviews", target, order, offset, limit),
            lambda: self._backend.reviews(guild_id, target, order, offset, limit),
        )

    @_timed
    async def member_reviews(self, guild_id: int, user_id: int) -> list[MemberReview]:
        guild_id, user_id = _member_key(guild_id, user_id)
        return await self._read(self._backend.member_reviews, guild_id, user_id)

    @_timed
    async def member_export(self, guild_id: int, user_id: int) -> list[MemberRating]:
        guild_id, user_id = _member_key(guild_id, user_id)
        return await self._read(self._backend.member_export, guild_id, user_id)

    # --- moderation and forgetting ---------------------------------------------------------------

    @_timed
    async def remove_review(self, guild_id: int, user_id: int, target: str) -> bool:
        key = validate_key(guild_id, user_id, target)

        async def write(tx: Transaction) -> bool:
            return await tx.delete_reviews([key]) > 0

        return await self._transaction(write, changes=key[0])

    @_timed
    async def reset_target(self, guild_id: int, target: str) -> int:
        guild_id = validate_snowflake("guild_id", guild_id)
        target = validate_target(target)

        async def write(tx: Transaction) -> int:
            deleted = await tx.delete_target(guild_id, target)  # and so their reviews
            await tx.drop_counts(guild_id, target)  # nobody's score of it is left
            return deleted

        return await self._transaction(write, changes=guild_id)

    @_timed
    async def held_about_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        guild_id, user_id = _member_key(guild_id, user_id)
        return await self._read(self._backend.held_about_member, guild_id, user_id)

    @_timed
    async def held_about_guild(self, guild_id: int) -> dict[str, int]:
        guild_id = validate_snowflake("guild_id", guild_id)
        return await self._read(self._backend.held_about_guild, guild_id)

    @_timed
    async def guild_export(self, guild_id: int) -> GuildExport:
        guild_id = validate_snowflake("guild_id", guild_id)
        return await self._read(self._backend.guild_export, guild_id)

    @_timed
    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        guild_id, user_id = _member_key(guild_id, user_id)

        async def write(tx: Transaction) -> dict[str, int]:
            scores = await tx.member_tally(guild_id, user_id)
            deleted = await tx.forget_member(guild_id, user_id)
            # Each of the member's scores leaves its target's count.
            await tx.change_counts(
                [(guild_id, t, score, -1) for t, score in sorted(scores.items())]
            )
            return deleted

        return await self._transaction(write, changes=guild_id)

    @_timed
    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        guild_id = validate_snowflake("guild_id", guild_id)

        async def write(tx: Transaction) -> dict[str, int]:
            deleted = await tx.forget_guild(guild_id)
            await tx.drop_counts(guild_id, None)
            return deleted

        deleted = await self._transaction(write, changes=guild_id)
        self._reads.forget(guild_id)
        return deleted

    # --- settings --------------------------------------------------------------------------------

    @_timed
    async def guild_settings(self, guild_id: int) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        return await self._cached_read(
            guild_id, _SETTINGS, lambda: self._backend.settings(guild_id)
        )

    @_timed
    async def set_reviews_enabled(self, guild_id: int, enabled: bool) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        enabled = validate_flag("enabled", enabled)
        now = self._clock()

        async def write(tx: Transaction) -> GuildSettings:
            await tx.write_reviews_enabled(guild_id, enabled, now)
            return await tx.settings(guild_id)

        return self._keep_settings(guild_id, await self._transaction(write))

    @_timed
    async def set_cooldown(self, guild_id: int, command: str, seconds: int) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        command = validate_command_name(command)
        seconds = validate_cooldown(seconds)

        async def write(tx: Transaction) -> GuildSettings:
            await tx.write_cooldown(guild_id, command, seconds)
            return await tx.settings(guild_id)

        return self._keep_settings(guild_id, await self._transaction(write))

    async def set_language(self, guild_id: int, language: str | None) -> GuildSettings:
        guild_id = validate_snowflake("guild_id", guild_id)
        language = validate_language(language)
        now = self._clock()

        async def write(tx: Transaction) -> GuildSettings:
            await tx.write_language(guild_id, language, now)
            return await tx.settings(guild_id)

        return self._keep_settings(guild_id, await self._transaction(write))

    def _keep_settings(self, guild_id: int, settings: GuildSettings) -> GuildSettings:
        self._reads.put(guild_id, _SETTINGS, settings)  # read back in the write's transaction
        return settings

    # --- snapshots: whole tables, for copying a store (bot.store.copying) -----------------------

    def consistent_reads(self) -> AbstractAsyncContextManager[None]:
        """The snapshot rows read inside it are of one moment, where the backend can (see
        Backend.consistent_reads)."""
        return self._backend.consistent_reads()

    async def snapshot_rows(
        self, table: SnapshotTable, page_size: int = SNAPSHOT_PAGE
    ) -> AsyncIterator[tuple[Row, ...]]:
        """Every row of the table (bot.store.snapshot), a page at a time."""
        after: Cursor | None = None
        while True:
            page = await self._read(self._backend.snapshot_page, table, after, page_size)
            if page.rows:
                yield page.rows
            if page.next is None:
                return
            after = page.next

    @_timed
    async def put_snapshot_rows(self, table: SnapshotTable, rows: Sequence[Row]) -> None:
        """Write rows of the table in one transaction, replacing rows with the same key."""

        async def put(tx: Transaction) -> None:
            await tx.put_rows(table, rows)

        await self._transaction(put)
        self._reads.clear()  # rows of any server may have changed under what was read

    # --- running work ----------------------------------------------------------------------------

    def identify_gate(self) -> IdentifyGate | None:
        return self._backend.identify_gate()

    @_timed
    async def probe(self) -> None:
        """Whether the database can take a write now: returns, or raises the StoreError that
        says why not (unreachable, locked, closed). Changes nothing."""
        await self._read(self._backend.probe)

    async def close(self) -> None:
        self._closed = True
        await self._backend.close()  # a transaction under way commits first

    @asynccontextmanager
    async def _begin(self) -> AsyncIterator[Transaction]:
        self._ensure_open()
        async with self._backend.transaction() as tx:
            yield tx

    @asynccontextmanager
    async def _begin_autocommit(self) -> AsyncIterator[Transaction]:
        self._ensure_open()
        async with self._backend.autocommit() as tx:
            yield tx

    async def _transaction(self, work: Work[T], *, changes: int | None = None) -> T:
        """Run work in a write transaction; `changes` names the server whose reads it changes."""
        # Shielded: a caller cancelled mid-way (an interaction that gave up) must not leave the
        # backend inside a half-done transaction for whoever comes next.
        return await asyncio.shield(self._run_transaction(work, changes))

    async def _run_transaction(self, work: Work[T], changes: int | None) -> T:
        try:
            async with self._begin() as tx:
                return await work(tx)
        finally:
            if changes is not None:  # also after a failure: whatever was read stays true
                self._reads.changed(changes, _RATINGS_KINDS)

    async def _read(self, read: Callable[..., Awaitable[T]], *args: Any) -> T:
        self._ensure_open()
        return await read(*args)

    async def _cached_read(
        self, guild_id: int, key: tuple[Any, ...], read: Callable[[], Awaitable[T]]
    ) -> T:
        """A read of one server's data, shared with whoever asks the same meanwhile (see reads)."""
        try:
            return await self._reads.read(guild_id, key, lambda: self._read(read))
        except StoreError as exc:
            raise copied(exc) from exc.__cause__  # each caller its own, as with batches

    def _ensure_open(self) -> None:
        if self._closed:
            raise StoreClosed


def _member_key(guild_id: int, user_id: int) -> tuple[int, int]:
    return validate_snowflake("guild_id", guild_id), validate_snowflake("user_id", user_id)


def _now() -> int:
    return int(time.time())
