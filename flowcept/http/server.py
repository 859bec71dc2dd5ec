"""Command line: serve the API on the embedded store (demo data or `--data` files)."""

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from flowcept.adapters.memory import DataLoadError, MemoryStore
from flowcept.adapters.memory.store import DEMO_DATA
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.app import make_app

log = logging.getLogger("flowcept.server")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m flowcept.http.server",
        description="Serve Flowcept provenance over a read-only REST API under /api/v1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    parser.add_argument(
        "--data",
        action="append",
        metavar="PATH",
        help="mongoexport file or directory of them, or a Flowcept buffer file (repeatable); "
        "without it the demo dataset is served",
    )
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    return parser.parse_args(argv)


def build_store(data: list[str] | None) -> ProvenanceStore:
    """The store the options ask for: the files given, or the shipped demo data."""
    if data:
        store = MemoryStore.from_paths(data)
        log.info("embedded store loaded from %s: %s", ", ".join(data), store.counts())
    else:
        store = MemoryStore.demo()
        log.info("no data given: serving the demo dataset from %s: %s", DEMO_DATA, store.counts())
    return store


async def serve(args: argparse.Namespace) -> None:
    store = build_store(args.data)
    app = make_app(store)
    server = app.listen(args.port, address=args.host, xheaders=True)
    log.info("serving http://%s:%d/api/v1", args.host, args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    log.info("shutting down")
    server.stop()
    await server.close_all_connections()
    await store.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(serve(args))
    except DataLoadError as exc:
        log.error("cannot load data: %s", exc)
        return 2
    except OSError as exc:
        log.error("cannot listen on %s:%d: %s", args.host, args.port, exc)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
