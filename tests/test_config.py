"""The server's configuration: precedence of sources, the MongoDB choice, errors and masking."""

import argparse
import dataclasses
import textwrap
from pathlib import Path

import pytest

from flowcept.config import (
    Config,
    ConfigError,
    add_arguments,
    add_server_arguments,
    mask_uri,
    resolve,
)

# Flowcept's sample settings.yaml (resources/sample_settings.yaml in ORNL/flowcept), comments cut.
FLOWCEPT_SETTINGS = """\
flowcept_version: 0.9.1

project:
  debug: true
  json_serializer: default
  replace_non_json_serializable: true
  performance_logging: false
  enrich_messages: true
  db_flush_mode: online

log:
  log_path: "default"
  log_file_level: error
  log_stream_level: error

telemetry_capture:
  gpu: ~
  cpu: true
  per_cpu: true
  process_info: true
  mem: true
  disk: true
  network: true
  machine_info: true

instrumentation:
  enabled: true
  torch:
    what: parent_and_children
    children_mode: telemetry_and_tensor_inspection
    epoch_loop: lightweight
    batch_loop: lightweight
    capture_epochs_at_every: 1
    register_workflow: true

experiment:
  user: root

mq:
  type: redis
  host: localhost
  port: 6379
  channel: interception
  buffer_size: 50
  insertion_buffer_time_secs: 5
  timing: false
  chunk_size: -1
  same_as_kvdb: false

kv_db:
  host: localhost
  port: 6379
  enabled: true

web_server:
  host: 0.0.0.0
  port: 5000

sys_metadata:
  environment_id: "laptop"

extra_metadata:
  place_holder: ""

analytics:
  sort_orders:
    generated.loss: minimum_first
    generated.accuracy: maximum_first

db_buffer:
  insertion_buffer_time_secs: 5
  buffer_size: 50
  remove_empty_fields: false
  stop_max_trials: 300
  stop_trials_sleep: 0.1

agent:
  enabled: false
  mcp_host: localhost
  mcp_port: 8000
  model_kwargs: {}

databases:

  lmdb:
    enabled: true
    path: flowcept_lmdb

  mongodb:
    enabled: true
    host: localhost
    port: 27017
    db: flowcept
    create_collection_index: true

adapters:
  mlflow:
    kind: mlflow
    file_path: mlflow.db
    log_params: ['*']
    log_metrics: ['*']
    watch_interval_sec: 2
  dask:
    kind: dask
    worker_should_get_input: true
    scheduler_should_get_input: true
"""


def resolve_with(*argv: str, environ: dict[str, str] | None = None) -> Config:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return resolve(parser.parse_args(list(argv)), {} if environ is None else environ)


def settings_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "settings.yaml"
    path.write_text(textwrap.dedent(text))
    return str(path)


def config_error(*argv: str, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as raised:
        resolve_with(*argv, environ=environ)
    return str(raised.value)


# Precedence


def test_defaults_apply_when_nothing_is_configured() -> None:
    config = resolve_with()
    assert config == Config()
    assert (config.host, config.port, config.mongo_uri, config.mongo_db) == (
        "127.0.0.1",
        5000,
        None,
        "flowcept",
    )
    assert (config.server_selection_timeout_ms, config.query_timeout_ms) == (3000, 10000)
    assert config.data_paths == ()
    assert set(config.sources.values()) == {"default"}


def test_sources_name_every_setting() -> None:
    names = {f.name for f in dataclasses.fields(Config)} - {"sources"}
    assert set(resolve_with("--port", "6000").sources) == names
    assert set(Config().sources) == names


def test_add_arguments_leaves_every_option_unset_when_not_given() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert vars(parser.parse_args([])) == {
        "host": None,
        "port": None,
        "mongo_uri": None,
        "mongo_db": None,
        "settings": None,
        "data": None,
        "server_selection_timeout_ms": None,
        "query_timeout_ms": None,
    }


def test_command_line_beats_environment_beats_settings_file(tmp_path: Path) -> None:
    path = settings_file(
        tmp_path,
        """
        web_server: {host: 10.0.0.3, port: 5003}
        databases: {mongodb: {db: from_file}}
        """,
    )
    environ = {"WEBSERVER_HOST": "10.0.0.2", "WEBSERVER_PORT": "5002", "MONGO_DB": "from_env"}
    argv = ["--settings", path, "--host", "10.0.0.1", "--port", "5001", "--mongo-db", "from_cli"]

    config = resolve_with(*argv, environ=environ)
    assert (config.host, config.port, config.mongo_db) == ("10.0.0.1", 5001, "from_cli")
    assert config.sources["host"] == "command line --host"
    assert config.sources["port"] == "command line --port"
    assert config.sources["mongo_db"] == "command line --mongo-db"

    config = resolve_with("--settings", path, environ=environ)
    assert (config.host, config.port, config.mongo_db) == ("10.0.0.2", 5002, "from_env")
    assert config.sources["port"] == "environment WEBSERVER_PORT"
    assert config.sources["mongo_db"] == "environment MONGO_DB"

    config = resolve_with("--settings", path)
    assert (config.host, config.port, config.mongo_db) == ("10.0.0.3", 5003, "from_file")
    assert config.sources["host"] == f"settings file {path} web_server.host"
    assert config.sources["mongo_db"] == f"settings file {path} databases.mongodb.db"


def test_each_setting_takes_the_highest_source_that_has_it(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "web_server: {host: 10.0.0.3}\n")
    config = resolve_with("--settings", path, environ={"WEBSERVER_PORT": "5002"})
    assert (config.host, config.port, config.mongo_db) == ("10.0.0.3", 5002, "flowcept")
    assert config.sources["host"] == f"settings file {path} web_server.host"
    assert config.sources["port"] == "environment WEBSERVER_PORT"
    assert config.sources["mongo_db"] == "default"


def test_timeouts_come_from_the_command_line_before_the_environment() -> None:
    environ = {"FLOWCEPT_SERVER_SELECTION_TIMEOUT_MS": "500", "FLOWCEPT_QUERY_TIMEOUT_MS": "700"}
    config = resolve_with(environ=environ)
    assert (config.server_selection_timeout_ms, config.query_timeout_ms) == (500, 700)
    assert config.sources["query_timeout_ms"] == "environment FLOWCEPT_QUERY_TIMEOUT_MS"

    config = resolve_with(
        "--server-selection-timeout-ms", "50", "--query-timeout-ms", "70", environ=environ
    )
    assert (config.server_selection_timeout_ms, config.query_timeout_ms) == (50, 70)
    assert (
        config.sources["server_selection_timeout_ms"]
        == "command line --server-selection-timeout-ms"
    )


def test_empty_values_count_as_unset() -> None:
    config = resolve_with(environ={"WEBSERVER_PORT": "", "MONGO_URI": " ", "MONGO_ENABLED": ""})
    assert config == Config()


def test_environ_defaults_to_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBSERVER_PORT", "6123")
    monkeypatch.setenv("FLOWCEPT_QUERY_TIMEOUT_MS", "1234")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    config = resolve(parser.parse_args([]))
    assert (config.port, config.query_timeout_ms) == (6123, 1234)


def test_a_namespace_without_the_options_gives_the_defaults() -> None:
    assert resolve(argparse.Namespace(), {}) == Config()


def test_config_is_frozen() -> None:
    config = resolve_with()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.port = 1  # type: ignore[misc]
    assert hash(config) == hash(Config())


# The settings file


def test_a_realistic_flowcept_settings_file_is_read(tmp_path: Path) -> None:
    path = settings_file(tmp_path, FLOWCEPT_SETTINGS)
    config = resolve_with("--settings", path)
    assert config.host == "0.0.0.0"
    assert config.port == 5000
    assert config.mongo_uri == "mongodb://localhost:27017"
    assert config.mongo_db == "flowcept"
    assert config.sources["port"] == f"settings file {path} web_server.port"
    assert config.sources["mongo_uri"] == (
        f"settings file {path} databases.mongodb.host and settings file {path} "
        f"databases.mongodb.port, enabled by settings file {path} databases.mongodb.enabled"
    )
    assert config.describe_store().startswith(
        "MongoDB mongodb://localhost:27017, database flowcept (uri from settings file"
    )


def test_flowcept_settings_path_names_the_file_when_no_option_is_given(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "web_server: {port: 5050}\n")
    config = resolve_with(environ={"FLOWCEPT_SETTINGS_PATH": path})
    assert config.port == 5050


def test_the_settings_option_beats_flowcept_settings_path(tmp_path: Path) -> None:
    chosen = settings_file(tmp_path, "web_server: {port: 5050}\n")
    environ = {"FLOWCEPT_SETTINGS_PATH": str(tmp_path / "absent.yaml")}
    assert resolve_with("--settings", chosen, environ=environ).port == 5050


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "mq: {host: localhost, port: 6379}\nkv_db: {enabled: true}\n",
        "databases: {lmdb: {enabled: true}}\n",
        "databases: ~\nweb_server: ~\n",
        "databases: {mongodb: {create_collection_index: true}}\nweb_server: {}\n",
    ],
)
def test_settings_without_the_sections_that_matter_give_the_defaults(
    tmp_path: Path, text: str
) -> None:
    assert resolve_with("--settings", settings_file(tmp_path, text)) == Config()


# Choosing MongoDB


def test_mongo_uri_on_the_command_line_wins_even_when_disabled_elsewhere(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {enabled: false, uri: mongodb://file}}\n")
    environ = {"MONGO_ENABLED": "false", "MONGO_URI": "mongodb://env"}
    config = resolve_with("--settings", path, "--mongo-uri", "mongodb://cli", environ=environ)
    assert config.mongo_uri == "mongodb://cli"
    assert config.sources["mongo_uri"] == "command line --mongo-uri"
    assert config.describe_store() == (
        "MongoDB mongodb://cli, database flowcept (uri from command line --mongo-uri)"
    )


@pytest.mark.parametrize(
    ("environ", "mongodb", "expected", "decided_by"),
    [
        ({"MONGO_URI": "mongodb://env"}, "{}", "mongodb://env", "environment MONGO_URI"),
        ({"MONGO_HOST": "envhost"}, "{}", "mongodb://envhost:27017", "environment MONGO_HOST"),
        ({}, "{uri: 'mongodb://file'}", "mongodb://file", "FILE databases.mongodb.uri"),
        ({}, "{host: filehost}", "mongodb://filehost:27017", "FILE databases.mongodb.host"),
    ],
)
def test_a_uri_or_host_enables_mongodb_when_no_flag_is_set(
    tmp_path: Path, environ: dict[str, str], mongodb: str, expected: str, decided_by: str
) -> None:
    path = settings_file(tmp_path, f"databases: {{mongodb: {mongodb}}}\n")
    config = resolve_with("--settings", path, environ=environ)
    assert config.mongo_uri == expected
    assert config.sources["mongo_uri"].startswith(
        decided_by.replace("FILE", f"settings file {path}")
    )


def test_a_port_or_database_alone_does_not_enable_mongodb(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {port: 27018, db: other}}\n")
    config = resolve_with("--settings", path, environ={"MONGO_PORT": "27019"})
    assert config.mongo_uri is None
    assert config.mongo_db == "other"
    assert config.describe_store() == "embedded store with the demo data (no database configured)"


def test_an_enabled_flag_alone_uses_localhost_27017() -> None:
    config = resolve_with(environ={"MONGO_ENABLED": "true"})
    assert config.mongo_uri == "mongodb://localhost:27017"
    assert config.sources["mongo_uri"] == (
        "default host localhost and default port 27017, enabled by environment MONGO_ENABLED"
    )


@pytest.mark.parametrize(
    ("environ", "mongodb", "expected"),
    [
        (
            {"MONGO_ENABLED": "false"},
            "{host: db}",
            "disabled by environment MONGO_ENABLED; FILE databases.mongodb.host ignored",
        ),
        (
            {},
            "{enabled: false, uri: 'mongodb://db'}",
            "disabled by FILE databases.mongodb.enabled; FILE databases.mongodb.uri ignored",
        ),
        (
            {"MONGO_URI": "mongodb://db"},
            "{enabled: false}",
            "disabled by FILE databases.mongodb.enabled; environment MONGO_URI ignored",
        ),
        (
            {"MONGO_ENABLED": "False", "MONGO_HOST": "db"},
            "{enabled: true}",
            "disabled by environment MONGO_ENABLED; environment MONGO_HOST ignored",
        ),
        ({"MONGO_ENABLED": "0"}, "{}", "disabled by environment MONGO_ENABLED"),
    ],
)
def test_an_explicit_false_flag_turns_mongodb_off_whatever_else_is_set(
    tmp_path: Path, environ: dict[str, str], mongodb: str, expected: str
) -> None:
    path = settings_file(tmp_path, f"databases: {{mongodb: {mongodb}}}\n")
    config = resolve_with("--settings", path, environ=environ)
    assert config.mongo_uri is None
    assert config.sources["mongo_uri"] == expected.replace("FILE", f"settings file {path}")
    assert config.describe_store() == (
        f"embedded store with the demo data (MongoDB {config.sources['mongo_uri']})"
    )


def test_the_environment_flag_beats_the_settings_flag(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {enabled: false, host: db}}\n")
    config = resolve_with("--settings", path, environ={"MONGO_ENABLED": "yes"})
    assert config.mongo_uri == "mongodb://db:27017"
    assert config.sources["mongo_uri"].endswith("enabled by environment MONGO_ENABLED")


@pytest.mark.parametrize(
    ("word", "enabled"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("Yes", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("NO", False),
    ],
)
def test_flags_accept_boolean_words_in_any_case(word: str, enabled: bool) -> None:
    config = resolve_with(environ={"MONGO_ENABLED": word, "MONGO_HOST": "db"})
    assert (config.mongo_uri is not None) is enabled


@pytest.mark.parametrize("value", ["yes", "no", "1", "0", "TRUE"])
def test_settings_flags_accept_quoted_boolean_words(tmp_path: Path, value: str) -> None:
    path = settings_file(tmp_path, f'databases: {{mongodb: {{enabled: "{value}"}}}}\n')
    config = resolve_with("--settings", path)
    assert (config.mongo_uri is not None) is (value.lower() in {"yes", "1", "true"})


def test_a_uri_beats_host_and_port(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {uri: 'mongodb://file/', port: 1}}\n")
    config = resolve_with("--settings", path, environ={"MONGO_HOST": "envhost"})
    assert config.mongo_uri == "mongodb://file/"
    assert config.sources["mongo_uri"] == f"settings file {path} databases.mongodb.uri"


def test_the_environment_uri_beats_the_settings_uri(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {uri: 'mongodb://file/'}}\n")
    config = resolve_with("--settings", path, environ={"MONGO_URI": "mongodb://env/"})
    assert config.mongo_uri == "mongodb://env/"


def test_the_uri_is_built_from_host_and_port_of_different_sources(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {host: filehost, port: 27018}}\n")
    config = resolve_with("--settings", path, environ={"MONGO_HOST": "envhost"})
    assert config.mongo_uri == "mongodb://envhost:27018"
    assert config.sources["mongo_uri"] == (
        f"environment MONGO_HOST and settings file {path} databases.mongodb.port"
    )
    config = resolve_with("--settings", path, environ={"MONGO_PORT": "27019"})
    assert config.mongo_uri == "mongodb://filehost:27019"


def test_an_ipv6_host_is_bracketed_in_the_uri() -> None:
    config = resolve_with(environ={"MONGO_HOST": "::1"})
    assert config.mongo_uri == "mongodb://[::1]:27017"


def test_data_on_the_command_line_selects_the_embedded_store() -> None:
    config = resolve_with("--data", "a", "--data", "b")
    assert config.data_paths == ("a", "b")
    assert config.mongo_uri is None
    assert config.sources["data_paths"] == "command line --data"
    assert config.sources["mongo_uri"] == "command line --data"
    assert config.describe_store() == "embedded store from --data a, b (command line)"


def test_data_on_the_command_line_overrides_mongodb_configured_elsewhere(tmp_path: Path) -> None:
    path = settings_file(tmp_path, FLOWCEPT_SETTINGS)
    environ = {"MONGO_URI": "mongodb://u:secret@h/"}
    config = resolve_with("--settings", path, "--data", "dump", environ=environ)
    assert config.mongo_uri is None
    assert config.sources["mongo_uri"] == (
        "command line --data, overriding MongoDB from environment MONGO_URI, "
        f"enabled by settings file {path} databases.mongodb.enabled"
    )
    assert config.describe_store().startswith(
        "embedded store from --data dump (command line; MongoDB from environment MONGO_URI"
    )


def test_data_with_mongo_uri_is_an_error_asking_to_choose_one() -> None:
    message = config_error("--data", "dump", "--mongo-uri", "mongodb://db/")
    assert "--data" in message and "--mongo-uri" in message and "choose one" in message


# Describing the store


def test_describe_store_names_the_store_and_the_source_that_chose_it() -> None:
    uri = "mongodb://user:pa55@db.example:27017/?authSource=admin"
    assert resolve_with(environ={"MONGO_URI": uri}).describe_store() == (
        "MongoDB mongodb://user:***@db.example:27017/?authSource=admin, database flowcept "
        "(uri from environment MONGO_URI)"
    )
    assert resolve_with().describe_store() == (
        "embedded store with the demo data (no database configured)"
    )


# Errors


def test_a_missing_settings_file_names_the_path_and_who_named_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.yaml")
    message = config_error("--settings", missing)
    assert missing in message and "command line --settings" in message
    assert "does not exist" in message
    message = config_error(environ={"FLOWCEPT_SETTINGS_PATH": missing})
    assert missing in message and "environment FLOWCEPT_SETTINGS_PATH" in message


def test_an_unreadable_settings_file_names_the_path(tmp_path: Path) -> None:
    message = config_error("--settings", str(tmp_path))
    assert message.startswith(f"cannot read settings file {tmp_path} (named by command line")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "web_server:\n  host: a\n  port: [5000\ndatabases: {}\n")
    message = config_error("--settings", path)
    assert f"settings file {path}" in message and "not valid YAML" in message
    assert "line 4" in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"web_server:\n  port: 5000\n  host: \x01\n", "not valid YAML at line 3"),
        (b"web_server:\n  host: caf\xe9\n", "not UTF-8 text: bad byte at line 2"),
    ],
)
def test_unreadable_characters_name_the_line(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "settings.yaml"
    path.write_bytes(content)
    assert problem in config_error("--settings", str(path))


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("- a\n- b\n", "the top level must be a mapping, not a list"),
        ("databases: mongodb\n", "databases must be a mapping, not a string"),
        ("databases: {mongodb: [localhost]}\n", "databases.mongodb must be a mapping, not a list"),
        ("web_server: 5000\n", "web_server must be a mapping, not int"),
    ],
)
def test_a_section_that_is_not_a_mapping_is_named(tmp_path: Path, text: str, section: str) -> None:
    path = settings_file(tmp_path, text)
    assert config_error("--settings", path) == (
        f"settings file {path} (named by command line --settings): {section}"
    )


@pytest.mark.parametrize("bad", ["http", "0", "65536", "-1", "50.5", "5000x"])
def test_a_bad_port_names_the_option_or_variable_and_the_value(bad: str) -> None:
    expected = f"must be an integer from 1 to 65535, got {bad!r}"
    assert config_error("--port", bad) == f"command line --port {expected}"
    assert config_error(environ={"WEBSERVER_PORT": bad}) == f"environment WEBSERVER_PORT {expected}"
    assert config_error(environ={"MONGO_PORT": bad}) == f"environment MONGO_PORT {expected}"


@pytest.mark.parametrize("bad", ["true", "70000", "'http'", "[5000]"])
def test_a_bad_port_in_the_settings_file_names_the_key(tmp_path: Path, bad: str) -> None:
    path = settings_file(tmp_path, f"web_server: {{port: {bad}}}\n")
    message = config_error("--settings", path)
    assert message.startswith(f"settings file {path} web_server.port must be an integer")


@pytest.mark.parametrize("bad", ["0", "-5", "soon", "1.5"])
def test_a_timeout_must_be_a_positive_integer(bad: str) -> None:
    expected = f"must be a positive integer (milliseconds), got {bad!r}"
    message = config_error("--query-timeout-ms", bad)
    assert message == f"command line --query-timeout-ms {expected}"
    message = config_error(environ={"FLOWCEPT_SERVER_SELECTION_TIMEOUT_MS": bad})
    assert message == f"environment FLOWCEPT_SERVER_SELECTION_TIMEOUT_MS {expected}"


def test_mongo_enabled_must_be_a_boolean_word(tmp_path: Path) -> None:
    assert config_error(environ={"MONGO_ENABLED": "maybe"}) == (
        "environment MONGO_ENABLED must be true or false (or 1/0, yes/no), got 'maybe'"
    )
    path = settings_file(tmp_path, "databases: {mongodb: {enabled: sometimes}}\n")
    assert "databases.mongodb.enabled must be true or false" in config_error("--settings", path)


def test_a_host_that_is_not_a_string_names_the_key(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "databases: {mongodb: {host: [a, b]}}\n")
    assert config_error("--settings", path) == (
        f"settings file {path} databases.mongodb.host must be a string, not a list"
    )


def test_settings_are_checked_even_when_not_used() -> None:
    environ = {"MONGO_ENABLED": "maybe", "MONGO_PORT": "x"}
    assert "MONGO_ENABLED" in config_error("--mongo-uri", "mongodb://db/", environ=environ)
    assert "MONGO_PORT" in config_error("--data", "dump", environ={"MONGO_PORT": "x"})


# Passwords


@pytest.mark.parametrize(
    ("uri", "masked"),
    [
        ("mongodb://u:secret@h/", "mongodb://u:***@h/"),
        ("mongodb://h:27017/flowcept", "mongodb://h:27017/flowcept"),
        (
            "mongodb://user@h/?authMechanism=MONGODB-X509",
            "mongodb://user@h/?authMechanism=MONGODB-X509",
        ),
        (
            "mongodb+srv://u:secret@cluster.example.net/db",
            "mongodb+srv://u:***@cluster.example.net/db",
        ),
        ("mongodb://u:secret@h1:1,h2:2/?replicaSet=rs", "mongodb://u:***@h1:1,h2:2/?replicaSet=rs"),
        ("mongodb://u:se/cr@et@h/?w=1", "mongodb://u:***@h/?w=1"),
        (
            "mongodb://h/?tlsCertificateKeyFilePassword=secret&w=1",
            "mongodb://h/?tlsCertificateKeyFilePassword=***&w=1",
        ),
        (
            "mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN:secret",
            "mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN:***",
        ),
        ("u:secret@h", "u:***@h"),
    ],
)
def test_mask_uri_hides_passwords_and_keeps_the_rest(uri: str, masked: str) -> None:
    assert mask_uri(uri) == masked


def test_no_description_or_source_shows_a_password(tmp_path: Path) -> None:
    uri = "mongodb://u:secret@h/"
    path = settings_file(tmp_path, f"databases: {{mongodb: {{uri: '{uri}'}}}}\n")
    configs = [
        resolve_with("--mongo-uri", uri),
        resolve_with(environ={"MONGO_URI": uri}),
        resolve_with("--settings", path),
        resolve_with("--settings", path, environ={"MONGO_ENABLED": "false"}),
        resolve_with("--settings", path, "--data", "dump"),
    ]
    for config in configs:
        assert "secret" not in config.describe_store()
        assert "secret" not in repr(config.sources)
    assert "u:***@h" in configs[0].describe_store()


def test_no_error_message_shows_a_password(tmp_path: Path) -> None:
    uri = "mongodb://u:secret@h/"
    messages = [
        config_error(environ={"MONGO_PORT": uri}),
        config_error(environ={"MONGO_ENABLED": uri}),
        config_error("--query-timeout-ms", uri),
        config_error("--data", "dump", "--mongo-uri", uri),
        config_error(
            "--settings", settings_file(tmp_path, f"databases: {{mongodb: {{uri: {uri}\n")
        ),
        config_error("--settings", settings_file(tmp_path, f"- {uri}\n")),
    ]
    for message in messages:
        assert "secret" not in message
    assert "u:***@h" in messages[0]


# The HTTP server's own settings: token, CORS origins, shutdown grace


def resolve_server(*argv: str, environ: dict[str, str] | None = None) -> Config:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    add_server_arguments(parser)
    return resolve(parser.parse_args(list(argv)), {} if environ is None else environ)


def server_config_error(*argv: str, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as raised:
        resolve_server(*argv, environ=environ)
    return str(raised.value)


def test_the_server_settings_default_to_open_no_cors_and_ten_seconds() -> None:
    config = resolve_server()
    assert (config.api_token, config.cors_origins, config.shutdown_grace_s) == (None, (), 10.0)
    assert config.describe_access() == "open: no API token configured; CORS off"


def test_the_token_file_beats_the_environment_and_loses_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("from-file-token\n")
    environ = {"FLOWCEPT_API_TOKEN": "from-env-token"}
    config = resolve_server("--api-token-file", str(path), environ=environ)
    assert config.api_token == "from-file-token"
    assert config.sources["api_token"] == "command line --api-token-file"
    config = resolve_server(environ=environ)
    assert config.api_token == "from-env-token"
    assert config.sources["api_token"] == "environment FLOWCEPT_API_TOKEN"


def test_the_token_never_shows_in_repr_or_descriptions(tmp_path: Path) -> None:
    config = resolve_server(environ={"FLOWCEPT_API_TOKEN": "hush-hush-token"})
    assert "hush-hush-token" not in repr(config)
    assert "hush-hush-token" not in config.describe_access()
    assert "hush-hush-token" not in str(config.sources)
    assert "environment FLOWCEPT_API_TOKEN" in config.describe_access()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "does not exist"),
        ("", "is empty"),
        ("\n\n", "is empty"),
        ("two words\n", "one word of visible ASCII"),
        ("naïve\n", "one word of visible ASCII"),
    ],
)
def test_a_missing_or_unusable_token_file_is_an_error_naming_it(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "token"
    if content is not None:
        path.write_text(content)
    message = server_config_error("--api-token-file", str(path))
    assert message.startswith(f"command line --api-token-file {path}")
    assert expected in message
    assert "naïve" not in message and "two words" not in message


def test_a_blank_token_variable_counts_as_unset() -> None:
    assert resolve_server(environ={"FLOWCEPT_API_TOKEN": "  "}).api_token is None


def test_cors_origins_come_from_options_then_environment_then_settings(tmp_path: Path) -> None:
    path = settings_file(
        tmp_path, "web_server: {cors_origins: ['https://file.example', 'http://x:8080/']}\n"
    )
    environ = {"FLOWCEPT_CORS_ORIGINS": "https://env.example, https://Other.example"}
    argv = ["--settings", path, "--cors-origin", "https://a.example", "--cors-origin", "https://b"]
    config = resolve_server(*argv, environ=environ)
    assert config.cors_origins == ("https://a.example", "https://b")
    assert config.sources["cors_origins"] == "command line --cors-origin"
    config = resolve_server("--settings", path, environ=environ)
    assert config.cors_origins == ("https://env.example", "https://other.example")
    config = resolve_server("--settings", path)
    assert config.cors_origins == ("https://file.example", "http://x:8080")
    assert config.sources["cors_origins"] == f"settings file {path} web_server.cors_origins"
    assert config.describe_access().endswith("CORS https://file.example, http://x:8080")


def test_cors_origins_in_the_settings_file_may_be_one_string(tmp_path: Path) -> None:
    path = settings_file(tmp_path, "web_server: {cors_origins: 'https://a, https://b'}\n")
    assert resolve_server("--settings", path).cors_origins == ("https://a", "https://b")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("*", "'*' is not accepted"),
        ("lab.example.org", "must hold origins such as"),
        ("https://lab.example.org/app", "must hold origins such as"),
        ("ftp://lab", "must hold origins such as"),
    ],
)
def test_bad_cors_origins_are_errors(value: str, expected: str) -> None:
    message = server_config_error(environ={"FLOWCEPT_CORS_ORIGINS": value})
    assert message.startswith("environment FLOWCEPT_CORS_ORIGINS") and expected in message


def test_shutdown_grace_takes_seconds_from_option_or_environment() -> None:
    environ = {"FLOWCEPT_SHUTDOWN_GRACE": "2.5"}
    assert resolve_server(environ=environ).shutdown_grace_s == 2.5
    assert resolve_server("--shutdown-grace", "0", environ=environ).shutdown_grace_s == 0.0
    assert "non-negative number of seconds" in server_config_error("--shutdown-grace", "-1")
    assert "non-negative number of seconds" in server_config_error("--shutdown-grace", "soon")
