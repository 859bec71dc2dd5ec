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
from flowcept.config import Config, ConfigError, add_arguments, add_server_arguments, resolve
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app
from flowcept.http.lifecycle import Lifecycle
from flowcept.http.logs import configure_logging
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
    add_server_arguments(parser)
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
    """Serve until SIGTERM or SIGINT, then shut down gracefully (see `shut_down`)."""
    store = store or build_store(config)
    log.info("store: %s", config.describe_store())
    log.info("access: %s", config.describe_access())
    indexes = asyncio.create_task(report_missing_indexes(store))
    app = make_app(store, api_token=config.api_token, cors_origins=config.cors_origins)
    server = HTTPServer(app, xheaders=True)
    if sockets is None:
        server.listen(config.port, address=config.host)
    else:
        server.add_sockets(sockets)
    log.info("serving http://%s:%d/api/v1 (pid %d)", config.host, config.port, os.getpid())
    received: list[str] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, _on_signal, signum, received, stop)
    await stop.wait()
    indexes.cancel()
    await shut_down(server, app.lifecycle, store, config.shutdown_grace_s, received[0])


def _on_signal(signum: int, received: list[str], stop: asyncio.Event) -> None:
    received.append(signal.Signals(signum).name)
    stop.set()


async def shut_down(
    server: HTTPServer, lifecycle: Lifecycle, store: ProvenanceStore, grace_s: float, reason: str
) -> None:
    """Stop accepting, let requests in flight finish within `grace_s`, close what is left."""
    server.stop()
    log.info(
        "%s: no longer accepting connections; waiting up to %gs for %d request(s) in flight",
        reason,
        grace_s,
        lifecycle.pending(),
    )
    left = await lifecycle.drain(grace_s)
    if left:
        log.warning("grace period over: closing %d request(s) still in flight", left)
    else:
        log.info("no request in flight")
    await server.close_all_connections()
    log.info("connections closed")
    await store.close()
    log.info("store closed; shutdown complete")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging(args.log_level)
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
        return run_workers(
            workers, lambda _: _serve_in_worker(config, sockets, shared), parent_closes=sockets
        )
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
