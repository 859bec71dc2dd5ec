"""Command line: serve the API on MongoDB when configured, else on the embedded store."""

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Sequence

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from flowcept.adapters.memory import DataLoadError
from flowcept.bootstrap import build_store, report_missing_indexes
from flowcept.config import Config, ConfigError, add_arguments, resolve
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app
from flowcept.http.workers import cpu_count, run_workers

log = logging.getLogger("flowcept.server")


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number, 0 for one per core: {text!r}")
    return count


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m flowcept.http.server",
        description="Serve Flowcept provenance over a read-only REST API under /api/v1. "
        "Without a database configured it serves the --data files, or the demo data.",
    )
    add_arguments(parser)
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="processes serving the same port (0: one per core); default 1",
    )
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    return parser.parse_args(argv)


async def serve(
    config: Config, sockets: list[socket.socket] | None = None, store: ProvenanceStore | None = None
) -> None:
    store = store or build_store(config)
    log.info("store: %s", config.describe_store())
    indexes = asyncio.create_task(report_missing_indexes(store))
    server = HTTPServer(make_app(store), xheaders=True)
    if sockets is None:
        server.listen(config.port, address=config.host)
    else:
        server.add_sockets(sockets)
    log.info("serving http://%s:%d/api/v1 (pid %d)", config.host, config.port, os.getpid())
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
        workers = args.workers if args.workers > 0 else cpu_count()
        if workers == 1:
            asyncio.run(serve(config))
            return 0
        sockets = bind_sockets(config.port, address=config.host)
        # The embedded store loads once, before the fork, and the workers share its pages;
        # a MongoDB client must be created after it (PyMongo is not fork-safe).
        shared = build_store(config) if config.mongo_uri is None else None
        log.info("starting %d workers on port %d", workers, config.port)
        return run_workers(workers, lambda _: _serve_in_worker(config, sockets, shared))
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


def _serve_in_worker(
    config: Config, sockets: list[socket.socket], store: ProvenanceStore | None
) -> int:
    asyncio.run(serve(config, sockets, store))
    return 0


if __name__ == "__main__":
    sys.exit(main())
