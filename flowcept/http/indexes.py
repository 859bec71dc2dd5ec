"""Command line: create the indexes the API's default orderings and id lookups need.

This is the only part of the project that writes to the database, and only when run by hand.
"""

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pymongo.errors import PyMongoError

from flowcept.adapters.mongo.indexes import create_missing_indexes
from flowcept.bootstrap import mongo_client
from flowcept.config import ConfigError, add_arguments, resolve


async def create(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flowcept.http.indexes",
        description="Create the recommended indexes in the configured Flowcept MongoDB database "
        "(same connection options as the server).",
    )
    add_arguments(parser)
    try:
        config = resolve(parser.parse_args(argv))
    except ConfigError as exc:
        print(f"bad configuration: {exc}", file=sys.stderr)
        return 2
    if config.mongo_uri is None:
        print("no MongoDB is configured: give --mongo-uri or set MONGO_URI", file=sys.stderr)
        return 2
    client = mongo_client(config)
    try:
        created = await create_missing_indexes(client[config.mongo_db])
    except PyMongoError as exc:
        print(f"could not create indexes: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    print(f"{config.describe_store()}: created {len(created)} index(es)")
    for line in created:
        print(f"  {line}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(create(argv))


if __name__ == "__main__":
    sys.exit(main())
