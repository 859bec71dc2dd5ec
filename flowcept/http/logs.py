"""The server's logging: request ids on every line, and access lines as bare JSON."""

import logging
import sys

from flowcept.http.request_ids import RequestIdFilter

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
ACCESS_LOGGER = "flowcept.access"


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr; access lines are one JSON document each, so tools can parse them."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    for old in list(root.handlers):
        root.removeHandler(old)
    lines = logging.StreamHandler(sys.stderr)
    lines.addFilter(RequestIdFilter())
    lines.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(lines)

    access = logging.getLogger(ACCESS_LOGGER)
    for old in list(access.handlers):
        access.removeHandler(old)
    bare = logging.StreamHandler(sys.stderr)
    bare.setFormatter(logging.Formatter("%(message)s"))
    access.addHandler(bare)
    access.propagate = False
