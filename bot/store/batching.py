"""Group commit: calls that arrive while a transaction is under way are written together in the
next one, and each caller hears its outcome only once that transaction committed.

A busy server's ratings (and the "last shown" notes of every /couple) arrive many at once; one
transaction per call would queue them all on the database's one writer. Here the first caller to
get its turn writes every call queued by then, and the rest find theirs already done.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Generic, NamedTuple, TypeVar

from bot.store.backend import Transaction
from bot.store.errors import StoreError

Call = TypeVar("Call")
Result = TypeVar("Result")

# Writes a batch in a transaction: one outcome per call, in order; an exception instance refuses
# that call alone, and the others are still written.
WriteBatch = Callable[[Transaction, Sequence[Call]], Awaitable[Sequence[Result | BaseException]]]
# Sees a committed batch and its outcomes before any caller does.
Settled = Callable[[Sequence[Call], Sequence[Result | BaseException]], None]


class _Pending(NamedTuple, Generic[Call, Result]):
    call: Call
    outcome: asyncio.Future[Result]


class GroupCommit(Generic[Call, Result]):
    def __init__(
        self,
        begin: Callable[[], AbstractAsyncContextManager[Transaction]],
        write: WriteBatch[Call, Result],
        settled: Settled[Call, Result] | None = None,
    ) -> None:
        self._begin = begin
        self._write = write
        self._settled = settled
        self._queue: list[_Pending[Call, Result]] = []
        self._turn = asyncio.Lock()  # one batch of this kind at a time

    async def submit(self, call: Call) -> Result:
        """Queue call and wait until it is written; its outcome, or the exception refusing it."""
        mine = _Pending(call, asyncio.get_running_loop().create_future())
        self._queue.append(mine)
        # Shielded like every transaction: a caller that gives up must not abort the others' batch.
        await asyncio.shield(self._commit(mine))
        return mine.outcome.result()

    async def _commit(self, mine: _Pending[Call, Result]) -> None:
        async with self._turn:
            if mine.outcome.done():
                return  # an earlier caller's batch took ours along, and it is committed
            batch: list[_Pending[Call, Result]] = []
            try:
                async with self._begin() as tx:
                    # Taken once the transaction has begun: whatever queued while it waited for
                    # the database goes along too.
                    batch = self._take()
                    results = await self._write(tx, [pending.call for pending in batch])
            except BaseException as exc:
                for pending in batch or self._take():
                    _fail(pending.outcome, copied(exc))
                return
            self._settle(batch, results)

    def _settle(
        self, batch: list[_Pending[Call, Result]], results: Sequence[Result | BaseException]
    ) -> None:
        if self._settled is not None:
            self._settled([pending.call for pending in batch], results)
        for pending, result in zip(batch, results, strict=True):
            if isinstance(result, BaseException):  # this call alone was refused
                _fail(pending.outcome, result)
            else:
                pending.outcome.set_result(result)

    def _take(self) -> list[_Pending[Call, Result]]:
        batch = self._queue.copy()
        self._queue.clear()
        return batch


def _fail(outcome: asyncio.Future[Result], error: BaseException) -> None:
    outcome.set_exception(error)
    outcome.exception()  # retrieved: a cancelled caller never reads it


def copied(error: BaseException) -> BaseException:
    """A failure shared by several callers, one for each: a StoreError of its own, so that
    tracebacks don't pile up on one shared exception object."""
    if isinstance(error, StoreError):
        copy_of = copy.copy(error)
        copy_of.__cause__ = error.__cause__
        return copy_of
    return error
