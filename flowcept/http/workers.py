"""Pre-forked workers: one listening socket shared by N processes, so every core serves requests."""

import logging
import os
import signal
import socket
import traceback
from collections.abc import Callable, Sequence
from types import FrameType

log = logging.getLogger("flowcept.server")


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_workers(
    count: int, serve_one: Callable[[int], int], parent_closes: Sequence[socket.socket] = ()
) -> int:
    """Fork `count` children running `serve_one(index)`; forward SIGTERM/SIGINT; wait for all.

    The parent closes `parent_closes` (the listening sockets) once every child holds them, so
    that when the children stop listening on shutdown, new connections are refused, not queued.
    """
    children: set[int] = set()
    for index in range(count):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            code = 1
            try:
                code = serve_one(index)
            except BaseException:  # a worker must never fall back into the parent's code path
                traceback.print_exc()
            finally:
                os._exit(code)
        children.add(pid)
    for sock in parent_closes:
        sock.close()

    def forward(signum: int, frame: FrameType | None) -> None:
        log.info("%s: passing it on to %d worker(s)", signal.Signals(signum).name, len(children))
        for pid in list(children):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                children.discard(pid)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    failed = False
    while children:
        pid, status = os.wait()
        children.discard(pid)
        failed = failed or os.waitstatus_to_exitcode(status) != 0
    return 1 if failed else 0
