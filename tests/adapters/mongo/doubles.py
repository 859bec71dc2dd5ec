"""Database doubles around mongomock-motor: one counts what MongoDB sends, one fails on demand."""

from typing import Any


class CountingCursor:
    """Counts every document a cursor hands to the adapter."""

    def __init__(self, cursor: Any, counter: "PullCounter") -> None:
        self._cursor = cursor
        self._counter = counter

    async def to_list(self, length: int | None = None) -> list[Any]:
        documents: list[Any] = await self._cursor.to_list(length)
        self._counter.pulled += len(documents)
        return documents

    def __aiter__(self) -> "CountingCursor":
        return self

    async def __anext__(self) -> Any:
        document = await self._cursor.__anext__()
        self._counter.pulled += 1
        return document


class CountingCollection:
    def __init__(self, collection: Any, counter: "PullCounter") -> None:
        self._collection = collection
        self._counter = counter

    def find(self, *args: Any, **kwargs: Any) -> CountingCursor:
        self._counter.commands += 1
        return CountingCursor(self._collection.find(*args, **kwargs), self._counter)

    def aggregate(self, *args: Any, **kwargs: Any) -> CountingCursor:
        self._counter.commands += 1
        return CountingCursor(self._collection.aggregate(*args, **kwargs), self._counter)

    async def count_documents(self, *args: Any, **kwargs: Any) -> int:
        self._counter.commands += 1  # a count answers a number: no document comes back
        return int(await self._collection.count_documents(*args, **kwargs))

    async def find_one(self, *args: Any, **kwargs: Any) -> Any:
        self._counter.commands += 1
        found = await self._collection.find_one(*args, **kwargs)
        self._counter.pulled += found is not None
        return found


class PullCounter:
    """A database whose collections count commands sent and documents pulled back."""

    def __init__(self, database: Any) -> None:
        self._database = database
        self.pulled = 0
        self.commands = 0

    def __getitem__(self, name: str) -> CountingCollection:
        return CountingCollection(self._database[name], self)

    async def command(self, *args: Any, **kwargs: Any) -> Any:
        return await self._database.command(*args, **kwargs)

    def reset(self) -> None:
        self.pulled = self.commands = 0


class FailingDatabase:
    """Passes everything to a real (mock) database until told to raise a driver error instead."""

    def __init__(self, database: Any) -> None:
        self._database = database
        self.error: Exception | None = None

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def __getitem__(self, name: str) -> "FailingCollection":
        return FailingCollection(self._database[name], self)

    async def command(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return await self._database.command(*args, **kwargs)


class FailingCollection:
    def __init__(self, collection: Any, owner: FailingDatabase) -> None:
        self._collection = collection
        self._owner = owner

    def find(self, *args: Any, **kwargs: Any) -> Any:
        self._owner._check()
        return self._collection.find(*args, **kwargs)

    def aggregate(self, *args: Any, **kwargs: Any) -> Any:
        self._owner._check()
        return self._collection.aggregate(*args, **kwargs)

    async def count_documents(self, *args: Any, **kwargs: Any) -> int:
        self._owner._check()
        return int(await self._collection.count_documents(*args, **kwargs))

    async def find_one(self, *args: Any, **kwargs: Any) -> Any:
        self._owner._check()
        return await self._collection.find_one(*args, **kwargs)
