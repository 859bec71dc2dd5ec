"""Command line: serve the API on MongoDB when configured, else on the embedded store."""

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from flowcept.adapters.memory import DataLoadError
from flowcept.bootstrap import build_store, report_missing_indexes
from flowcept.config import Config, ConfigError, add_arguments, resolve
from flowcept.http.app import make_app

log = logging.getLogger("flowcept.server")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m flowcept.http.server",
        description="Serve Flowcept provenance over a read-only REST API under /api/v1. "
        "Without a database configured it serves the --data files, or the demo data.",
    )
    add_arguments(parser)
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    return parser.parse_args(argv)


async def serve(config: Config) -> None:
    store = build_store(config)
    log.info("store: %s", config.describe_store())
    indexes = asyncio.create_task(report_missing_indexes(store))
    app = make_app(store)
    server = app.listen(config.port, address=config.host, xheaders=True)
    log.info("serving http://%s:%d/api/v1", config.host, config.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    log.info("shutting down")
    indexes.cancel()
    server.stop()
    await server.close_all_connections()
    await store.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        config = resolve(args)
        asyncio.run(serve(config))
    except ConfigError as exc:
        log.error("bad configuration: %s", exc)
        return 2
    except DataLoadError as exc:
        log.error("cannot load data: %s", exc)
        return 2
    except OSError as exc:
        log.error("cannot listen: %s", exc)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
