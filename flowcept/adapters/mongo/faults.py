"""Driver errors translated into domain errors, so a database outage is a 503, never a 500."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pymongo.errors import ConnectionFailure, ExecutionTimeout, OperationFailure, PyMongoError

from flowcept.domain.errors import InvalidQuery, StoreUnavailable

SERVICE = "mongodb"
# Server error codes that mean the query itself is wrong: BadValue, FailedToParse, TypeMismatch,
# invalid regex, projection path collisions.
QUERY_ERROR_CODES = frozenset({2, 9, 14, 51091, 31249, 31250, 31253, 31254})


def _brief(error: PyMongoError) -> str:
    """The first useful part of a driver message (server selection errors carry a topology dump)."""
    text = str(error).split(", Timeout:")[0].split("\n")[0]
    return text[:300]


def translate(error: PyMongoError, query_timeout_ms: int) -> Exception:
    """The domain error a driver error means."""
    if isinstance(error, ExecutionTimeout):
        return StoreUnavailable(
            f"Query exceeded its time budget of {query_timeout_ms} ms", service=SERVICE
        )
    if isinstance(error, OperationFailure) and error.code in QUERY_ERROR_CODES:
        details = error.details or {}
        return InvalidQuery(f"MongoDB rejected the query: {details.get('errmsg', _brief(error))}")
    if isinstance(error, ConnectionFailure):
        return StoreUnavailable(f"MongoDB unavailable: {_brief(error)}", service=SERVICE)
    return StoreUnavailable(f"MongoDB error: {_brief(error)}", service=SERVICE)


@asynccontextmanager
async def driver_errors(query_timeout_ms: int) -> AsyncIterator[None]:
    """Raise the domain error for any driver error inside the block."""
    try:
        yield
    except PyMongoError as error:
        raise translate(error, query_timeout_ms) from error
