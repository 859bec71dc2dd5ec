"""Query-string parsing for list and single-resource endpoints."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import ValidationError
from tornado.web import RequestHandler

from flowcept.domain.errors import InvalidQuery
from flowcept.domain.filters import all_of, parse_filter_json
from flowcept.domain.query import MAX_LIMIT, Query

QueryT = TypeVar("QueryT", bound=Query)

TRUE_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def single_arguments(handler: RequestHandler, allowed: Iterable[str]) -> dict[str, str]:
    """The query string as one value per name; unknown or repeated names are the client's error."""
    allowed = tuple(allowed)
    values: dict[str, str] = {}
    for name, raw in handler.request.query_arguments.items():
        if name not in allowed:
            hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
            raise InvalidQuery(f"Unknown query parameter: {name}{hint}")
        if len(raw) > 1:
            raise InvalidQuery(f"Query parameter {name} is given more than once")
        try:
            values[name] = handler.decode_argument(raw[0], name=name)
        except Exception:  # Tornado raises HTTPError(400) with a bare message
            raise InvalidQuery(f"Query parameter {name} is not valid UTF-8") from None
    return values


def parse_limit(value: str | None, default: int = 100) -> int:
    if value is None:
        return default
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidQuery(f"limit must be an integer from 1 to {MAX_LIMIT}, got {value!r}")
    return limit


def parse_bool(name: str, value: str | None) -> bool:
    if value is None:
        return False
    try:
        return TRUE_WORDS[value.lower()]
    except KeyError:
        raise InvalidQuery(f"{name} must be true or false, got {value!r}") from None


def parse_version(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise InvalidQuery(f"version must be a non-negative integer, got {value!r}")
    return int(value)


def list_query(
    args: dict[str, str],
    model: type[QueryT],
    field_filters: Iterable[str],
    base_filter: dict[str, Any] | None = None,
    builders: dict[str, Callable[[str], dict[str, Any]]] | None = None,
) -> QueryT:
    """A checked query from `limit`, `filter_json`, equality filters and built filters."""
    equalities = {name: args[name] for name in field_filters if name in args}
    built = [build(args[name]) for name, build in (builders or {}).items() if name in args]
    from_json = parse_filter_json(args["filter_json"]) if "filter_json" in args else {}
    combined = all_of(base_filter or {}, equalities, *built, from_json)
    try:
        query = model(
            filter=combined,
            limit=parse_limit(args.get("limit")),
            cursor=args.get("cursor") or None,
            count_total=parse_bool("count_total", args.get("count_total")),
        )
    except ValidationError as exc:  # a query-string value, so a 400 rather than a body's 422
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidQuery(f"{where}: {first['msg']}") from None
    return query.checked()
