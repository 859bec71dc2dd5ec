"""The server over a database double that fails on demand, for the soak's outage mode.

    python -m benchmarks.soak_outage --outage-flag FILE [server options: --port, --data, ...]

Serves exactly as `python -m flowcept.http.server` does (same options, same serve()), over the
store that configuration selects, wrapped in FlakyStore: while FILE exists, every store call
raises StoreUnavailable, as an unreachable MongoDB does; once FILE is gone, calls go through again.
No restart in between.
"""

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flowcept.bootstrap import build_store
from flowcept.config import resolve
from flowcept.domain.errors import StoreUnavailable
from flowcept.domain.ports import ProvenanceStore
from flowcept.http.server import parse_args, serve


class FlakyStore:
    """Delegates every call to `inner`, except while `flag` exists: then it fails them all."""

    def __init__(self, inner: ProvenanceStore, flag: Path) -> None:
        self._inner = inner
        self._flag = flag

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not callable(attribute) or name == "close":
            return attribute

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self._flag.exists():
                raise StoreUnavailable("Store unavailable: simulated outage")
            return attribute(*args, **kwargs)

        return guarded


def main(argv: Sequence[str] | None = None) -> int:
    own = argparse.ArgumentParser(add_help=False)
    own.add_argument("--outage-flag", type=Path, required=True)
    known, rest = own.parse_known_args(argv)
    args = parse_args(rest)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config = resolve(args)
    flaky = FlakyStore(build_store(config), known.outage_flag)
    asyncio.run(serve(config, store=flaky))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
