"""Reading one setting from one source (command line, environment, settings file) and checking it.

Every value comes with a label naming its source ("command line --port", "environment MONGO_URI",
"settings file PATH web_server.host"); every check failure is a `ConfigError` that names that label.
No message ever shows a password: values are shown only after `mask_uri`.
"""

import argparse
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
Found = tuple[Any, str]  # (value, or None when the source does not set it; label of the source)

SETTINGS_KEYS = (
    "databases.mongodb.enabled",
    "databases.mongodb.uri",
    "databases.mongodb.host",
    "databases.mongodb.port",
    "databases.mongodb.db",
    "web_server.host",
    "web_server.port",
    "web_server.cors_origins",
)
# An origin as browsers send it: scheme, host and an optional port; no path, no wildcard.
_ORIGIN = re.compile(r"https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?")
# A bearer token is one header word: visible ASCII, no spaces (RFC 6750 asks for less still).
_TOKEN = re.compile(r"[\x21-\x7e]+")
_TRUE_WORDS = frozenset({"true", "1", "yes"})
_FALSE_WORDS = frozenset({"false", "0", "no"})
_SECRET_PARAM = re.compile(r"((?:^|[?&;])[^=&;#]*(?:password|secret|token)[^=&;#]*=)[^&;#]*", re.I)
_AWS_TOKEN = re.compile(r"(AWS_SESSION_TOKEN:)[^,&;#]*", re.I)


class ConfigError(Exception):
    """A setting is unreadable or invalid; the message names the file, variable or option."""


def mask_uri(uri: str) -> str:
    """The URI with its password, and any password or token parameter, replaced by ***."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        scheme, rest = "", uri
    query_at = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    head, query = rest[:query_at], rest[query_at:]
    userinfo, at, hosts = head.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    if at and colon:
        head = f"{user}:***@{hosts}"
    query = _AWS_TOKEN.sub(r"\1***", _SECRET_PARAM.sub(r"\1***", query))
    return f"{scheme}{sep}{head}{query}"


class Sources:
    """Looks a setting up in one source at a time, as a `Found` pair."""

    def __init__(self, args: argparse.Namespace, environ: Mapping[str, str]) -> None:
        self.args = args
        self.environ = environ
        self.settings, self.settings_label = read_settings(args, environ)

    def cli(self, option: str) -> Found:
        """The value of a command-line option such as `--mongo-uri`."""
        value = getattr(self.args, option.removeprefix("--").replace("-", "_"), None)
        return _unset_if_blank(value), f"command line {option}"

    def env(self, name: str) -> Found:
        """The value of an environment variable."""
        return _unset_if_blank(self.environ.get(name)), f"environment {name}"

    def file(self, key: str) -> Found:
        """The value of a dotted key of the settings file."""
        return _unset_if_blank(self.settings.get(key)), f"{self.settings_label} {key}"


def read_settings(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> tuple[dict[str, Any], str]:
    """The `SETTINGS_KEYS` of the settings file `--settings` or `FLOWCEPT_SETTINGS_PATH` names."""
    path, named_by = _unset_if_blank(getattr(args, "settings", None)), "command line --settings"
    if path is None:
        path = _unset_if_blank(environ.get("FLOWCEPT_SETTINGS_PATH"))
        named_by = "environment FLOWCEPT_SETTINGS_PATH"
    if path is None:
        return {}, "settings file"
    where = f"settings file {path} (named by {named_by})"
    data = _load_yaml(path, where)
    top = _mapping(data, "the top level", where)
    sections = {
        "databases.mongodb": _mapping(
            _mapping(top.get("databases"), "databases", where).get("mongodb"),
            "databases.mongodb",
            where,
        ),
        "web_server": _mapping(top.get("web_server"), "web_server", where),
    }
    found = {}
    for key in SETTINGS_KEYS:
        section, _, name = key.rpartition(".")
        found[key] = sections[section].get(name)
    return found, f"settings file {path}"


def _load_yaml(path: str, where: str) -> Any:
    """The parsed file; errors give the line but never quote the text, which may hold a password."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        raise ConfigError(f"{where} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {where}: {exc.strerror or exc}") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{where} is not UTF-8 text: bad byte at line {line}") from None
    try:
        return yaml.safe_load(content)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise ConfigError(f"{where} is not valid YAML{at}: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = content.count("\n", 0, exc.position) + 1
        raise ConfigError(f"{where} is not valid YAML at line {line}: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where} is not valid YAML: {type(exc).__name__}") from None


def pick(*candidates: Found) -> Found | None:
    """The first candidate that has a value."""
    return next((found for found in candidates if found[0] is not None), None)


def setting(convert: Callable[[Any, str], T], default: T, *candidates: Found) -> tuple[T, str]:
    """The checked value of the highest candidate that has one, or the default, with its label."""
    found = pick(*candidates)
    if found is None:
        return default, "default"
    return convert(*found), found[1]


def text(value: Any, label: str) -> str:
    """A non-empty string."""
    if not isinstance(value, str):
        raise ConfigError(f"{label} must be a string, not {_kind(value)}")
    return value.strip()


def port(value: Any, label: str) -> int:
    """A TCP port number."""
    return _integer(value, label, 1, 65535, "an integer from 1 to 65535")


def timeout(value: Any, label: str) -> int:
    """A positive number of milliseconds."""
    return _integer(value, label, 1, None, "a positive integer (milliseconds)")


def seconds(value: Any, label: str) -> float:
    """A non-negative number of seconds."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]+(\.[0-9]*)?", value.strip()):
        number = float(value)
    if number is None or number < 0 or number != number or number == float("inf"):
        raise ConfigError(f"{label} must be a non-negative number of seconds, got {_shown(value)}")
    return number


def origins(value: Any, label: str) -> tuple[str, ...]:
    """Browser origins (`https://host[:port]`), from a list or one comma-separated string."""
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list | tuple):
        items = [part for item in value for part in (str(item).split(",") if item else [])]
    else:
        raise ConfigError(f"{label} must be a list of origins, not {_kind(value)}")
    found: list[str] = []
    for item in items:
        origin = str(item).strip().rstrip("/").lower()
        if not origin:
            continue
        if origin == "*":
            raise ConfigError(f"{label}: '*' is not accepted; list each origin allowed to call")
        if not _ORIGIN.fullmatch(origin):
            raise ConfigError(
                f"{label} must hold origins such as https://host:8443 (scheme, host, optional "
                f"port, no path), got {_shown(str(item))}"
            )
        if origin not in found:
            found.append(origin)
    return tuple(found)


def token(value: Any, label: str) -> str:
    """A bearer token: one word of visible ASCII; the value itself never appears in a message."""
    word = value.strip() if isinstance(value, str) else ""
    if not word:
        raise ConfigError(f"{label} is empty")
    if not _TOKEN.fullmatch(word):
        raise ConfigError(f"{label} must be one word of visible ASCII characters (no spaces)")
    return word


def token_file(path: Any, label: str) -> str:
    """The token a file holds (surrounding whitespace and the trailing newline stripped)."""
    where = f"{label} {path}"
    try:
        with open(path, "rb") as file:
            raw = file.read(64 * 1024 + 1)
    except FileNotFoundError:
        raise ConfigError(f"{where} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {where}: {exc.strerror or exc}") from None
    if len(raw) > 64 * 1024:
        raise ConfigError(f"{where} is larger than 64 KiB; it should hold one token")
    try:
        text_value = raw.decode("ascii")
    except UnicodeDecodeError:
        raise ConfigError(f"{where} must hold one word of visible ASCII characters") from None
    return token(text_value, where)


def flag(value: Any, label: str) -> bool:
    """A boolean: true/false, 1/0 or yes/no in any case."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in _TRUE_WORDS or word in _FALSE_WORDS:
        return word in _TRUE_WORDS
    raise ConfigError(f"{label} must be true or false (or 1/0, yes/no), got {_shown(value)}")


def _integer(value: Any, label: str, low: int, high: int | None, expected: str) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        number = int(value)
    if number is None or number < low or (high is not None and number > high):
        raise ConfigError(f"{label} must be {expected}, got {_shown(value)}")
    return number


def _unset_if_blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _shown(value: Any) -> str:
    return repr(mask_uri(value)) if isinstance(value, str) else repr(value)


def _mapping(value: Any, key: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a mapping, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    for kind, name in ((dict, "a mapping"), (list, "a list"), (str, "a string")):
        if isinstance(value, kind):
            return name
    return type(value).__name__
