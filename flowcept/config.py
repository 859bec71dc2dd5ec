"""Server configuration from the command line, environment, Flowcept settings file and defaults.

Rules, as `resolve` implements them:

- Each setting takes its value from the highest source that has one; an empty value counts as unset.
  `Config.sources` names the source of every setting ("command line --port", "environment
  MONGO_URI", "settings file PATH web_server.host", "default").
- The settings file is the one `--settings` names, else `FLOWCEPT_SETTINGS_PATH`, else none. It is
  Flowcept's settings.yaml: only `databases.mongodb.{enabled, uri, host, port, db}` and
  `web_server.{host, port, cors_origins}` are read, and any section may be missing.
- MongoDB is used when `--mongo-uri` is given; or else when the highest `enabled` flag
  (`MONGO_ENABLED`, then `databases.mongodb.enabled`) is true; or, when no flag is set anywhere,
  when a URI or host is set in the environment or the settings file. A false flag turns MongoDB off
  whatever URI or host is set (as in Flowcept); only `--mongo-uri` beats it. Flags are
  true/false, 1/0 or yes/no, in any case.
- The URI is the highest `uri` (`MONGO_URI`, `databases.mongodb.uri`), else `mongodb://HOST:PORT`
  from the highest host and port (defaults localhost and 27017).
- `--data` selects the embedded store with those paths even when MongoDB is configured elsewhere
  (`sources["mongo_uri"]` says what it overrode); `--data` with `--mongo-uri` is an error.
- The API token comes from the file `--api-token-file` names, else `FLOWCEPT_API_TOKEN`; never from
  the settings file, which is often shared. A named file that is missing or empty is an error.
  The token is kept out of `repr` and of every message.
- CORS origins come from `--cors-origin` (repeatable), else `FLOWCEPT_CORS_ORIGINS`
  (comma-separated), else `web_server.cors_origins` (a list or a comma-separated string).
- Every setting present is validated, used or not: a bad one raises `ConfigError` naming its
  source. No message, source or description ever shows a password.
"""

import argparse
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flowcept.config_sources import (
    ConfigError,
    Sources,
    flag,
    mask_uri,
    origins,
    pick,
    port,
    seconds,
    setting,
    text,
    timeout,
    token,
    token_file,
)

__all__ = ["Config", "ConfigError", "add_arguments", "add_server_arguments", "mask_uri", "resolve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
DEFAULT_MONGO_DB = "flowcept"
DEFAULT_MONGO_HOST = "localhost"
DEFAULT_MONGO_PORT = 27017
DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 3000
DEFAULT_QUERY_TIMEOUT_MS = 10000
DEFAULT_SHUTDOWN_GRACE_S = 10.0
SETTING_NAMES = (
    "host",
    "port",
    "mongo_uri",
    "mongo_db",
    "data_paths",
    "server_selection_timeout_ms",
    "query_timeout_ms",
    "api_token",
    "cors_origins",
    "shutdown_grace_s",
)
_OVERRIDING = ", overriding MongoDB from "


def _all_default() -> dict[str, str]:
    return dict.fromkeys(SETTING_NAMES, "default")


@dataclass(frozen=True)
class Config:
    """The server's settings and, in `sources`, where each one came from."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    mongo_uri: str | None = None
    mongo_db: str = DEFAULT_MONGO_DB
    data_paths: tuple[str, ...] = ()
    server_selection_timeout_ms: int = DEFAULT_SERVER_SELECTION_TIMEOUT_MS
    query_timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS
    api_token: str | None = field(default=None, repr=False)
    cors_origins: tuple[str, ...] = ()
    shutdown_grace_s: float = DEFAULT_SHUTDOWN_GRACE_S
    sources: dict[str, str] = field(default_factory=_all_default, hash=False)

    def describe_store(self) -> str:
        """One line for the start-up log: which store is served and which source chose it."""
        origin = self.sources.get("mongo_uri", "default")
        if self.mongo_uri is not None:
            uri = mask_uri(self.mongo_uri)
            return f"MongoDB {uri}, database {self.mongo_db} (uri from {origin})"
        if self.data_paths:
            overridden = origin.partition(_OVERRIDING)[2]
            note = f"; MongoDB from {overridden} not used" if overridden else ""
            return f"embedded store from --data {', '.join(self.data_paths)} (command line{note})"
        if origin == "default":
            return "embedded store with the demo data (no database configured)"
        return f"embedded store with the demo data (MongoDB {origin})"

    def describe_access(self) -> str:
        """One line for the start-up log: whether a token is required, and CORS; never the token."""
        if self.api_token is None:
            access = "open: no API token configured"
        else:
            source = self.sources["api_token"]
            access = f"bearer token required on /api/v1 except /health (from {source})"
        cors = ", ".join(self.cors_origins) if self.cors_origins else "off"
        return f"{access}; CORS {cors}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the configuration options; every default is None so that "not given" can be told."""
    for option, metavar, help_text in _OPTIONS:
        action = "append" if option == "--data" else "store"
        parser.add_argument(option, action=action, default=None, metavar=metavar, help=help_text)


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the HTTP server alone (access, CORS, shutdown)."""
    parser.add_argument(
        "--api-token-file",
        metavar="PATH",
        default=None,
        help="require `Authorization: Bearer <token>` with the token this file holds "
        "(default $FLOWCEPT_API_TOKEN; none: the API is open)",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=None,
        metavar="ORIGIN",
        help="a browser origin allowed to call the API, e.g. https://lab.example.org "
        "(repeatable; default $FLOWCEPT_CORS_ORIGINS or web_server.cors_origins; none: CORS off)",
    )
    parser.add_argument(
        "--shutdown-grace",
        metavar="SECONDS",
        default=None,
        help=f"on SIGTERM/SIGINT, how long in-flight requests may still run "
        f"(default {DEFAULT_SHUTDOWN_GRACE_S:g})",
    )


def resolve(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration the command line, environment (default os.environ) and settings ask for."""
    find = Sources(args, os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, (convert, default, option, variable, key) in _LAYERED.items():
        found = [find.cli(option), find.env(variable)] + ([find.file(key)] if key else [])
        values[name], sources[name] = setting(convert, default, *found)
    data_paths = tuple(str(path) for path in getattr(args, "data", None) or ())
    sources["data_paths"] = "command line --data" if data_paths else "default"
    mongo_uri, sources["mongo_uri"] = _choose_mongo(find, data_paths)
    values["api_token"], sources["api_token"] = setting(
        _api_token, None, find.cli("--api-token-file"), find.env("FLOWCEPT_API_TOKEN")
    )
    ordered = {name: sources[name] for name in SETTING_NAMES}
    return Config(**values, mongo_uri=mongo_uri, data_paths=data_paths, sources=ordered)


def _api_token(value: str, label: str) -> str:
    """The token itself: read from the named file, or the environment variable's value."""
    return token_file(value, label) if label.startswith("command line") else token(value, label)


def _choose_mongo(find: Sources, data_paths: tuple[str, ...]) -> tuple[str | None, str]:
    """The MongoDB URI to serve (None: the embedded store) and the sources that decided it."""
    switch = pick(find.env("MONGO_ENABLED"), find.file("databases.mongodb.enabled"))
    enabled = None if switch is None else flag(*switch)
    uri, label, named_by = _mongo_address(find)
    cli_uri = find.cli("--mongo-uri")
    if cli_uri[0] is not None:
        if data_paths:
            raise ConfigError(
                "--data and --mongo-uri are both given on the command line: choose one "
                "(--data for the embedded store, --mongo-uri for MongoDB)"
            )
        return text(*cli_uri), cli_uri[1]
    if switch is not None and enabled:
        label = f"{label}, enabled by {switch[1]}"
    wanted = enabled if enabled is not None else named_by is not None
    if data_paths:
        return None, "command line --data" + (f"{_OVERRIDING}{label}" if wanted else "")
    if wanted:
        return uri, label
    if switch is None:
        return None, "default"
    ignored = f"; {named_by} ignored" if named_by else ""
    return None, f"disabled by {switch[1]}{ignored}"


def _mongo_address(find: Sources) -> tuple[str, str, str | None]:
    """The URI the environment and settings give, its sources, and the source of a uri or host."""
    uri = pick(find.env("MONGO_URI"), find.file("databases.mongodb.uri"))
    host = pick(find.env("MONGO_HOST"), find.file("databases.mongodb.host"))
    port_number, port_label = setting(
        port, DEFAULT_MONGO_PORT, find.env("MONGO_PORT"), find.file("databases.mongodb.port")
    )
    host_name = DEFAULT_MONGO_HOST if host is None else text(*host)
    named = uri or host
    named_by = None if named is None else named[1]
    if uri is not None:
        return text(*uri), uri[1], named_by
    if ":" in host_name and not host_name.startswith("["):
        host_name = f"[{host_name}]"  # an IPv6 address
    host_label = f"default host {DEFAULT_MONGO_HOST}" if host is None else host[1]
    if port_label == "default":
        port_label = f"default port {DEFAULT_MONGO_PORT}"
    return f"mongodb://{host_name}:{port_number}", f"{host_label} and {port_label}", named_by


_OPTIONS = (  # option, metavar, help
    ("--host", "ADDRESS", f"address to bind (default {DEFAULT_HOST})"),
    ("--port", "PORT", f"port to listen on (default {DEFAULT_PORT})"),
    ("--mongo-uri", "URI", "serve this MongoDB deployment, whatever else is configured"),
    ("--mongo-db", "NAME", f"MongoDB database (default {DEFAULT_MONGO_DB})"),
    ("--settings", "PATH", "Flowcept settings.yaml to read (default $FLOWCEPT_SETTINGS_PATH)"),
    ("--data", "PATH", "serve these exported files in the embedded store (repeatable)"),
    ("--server-selection-timeout-ms", "MS", "MongoDB server selection timeout (default 3000)"),
    ("--query-timeout-ms", "MS", "time limit of one query (default 10000)"),
)

# setting: (check, default, command-line option, environment variable, settings-file key)
_LAYERED: dict[str, tuple[Callable[[Any, str], Any], Any, str, str, str | None]] = {
    "host": (text, DEFAULT_HOST, "--host", "WEBSERVER_HOST", "web_server.host"),
    "port": (port, DEFAULT_PORT, "--port", "WEBSERVER_PORT", "web_server.port"),
    "mongo_db": (text, DEFAULT_MONGO_DB, "--mongo-db", "MONGO_DB", "databases.mongodb.db"),
    "server_selection_timeout_ms": (
        timeout,
        DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
        "--server-selection-timeout-ms",
        "FLOWCEPT_SERVER_SELECTION_TIMEOUT_MS",
        None,
    ),
    "query_timeout_ms": (
        timeout,
        DEFAULT_QUERY_TIMEOUT_MS,
        "--query-timeout-ms",
        "FLOWCEPT_QUERY_TIMEOUT_MS",
        None,
    ),
    "cors_origins": (
        origins,
        (),
        "--cors-origin",
        "FLOWCEPT_CORS_ORIGINS",
        "web_server.cors_origins",
    ),
    "shutdown_grace_s": (
        seconds,
        DEFAULT_SHUTDOWN_GRACE_S,
        "--shutdown-grace",
        "FLOWCEPT_SHUTDOWN_GRACE",
        None,
    ),
}
