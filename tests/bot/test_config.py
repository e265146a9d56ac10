"""Tests for bot.config: loading, defaults, environment overrides and every rejected value."""

from __future__ import annotations

import copy
import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import (
    BotConfig,
    Config,
    ConfigError,
    HttpConfig,
    MatrixConfig,
    NetworkConfig,
    load_config,
    parse_config,
)

FIXTURES = Path(__file__).parent / "fixtures" / "config"
EXAMPLE = Path(__file__).parents[2] / "config.example.toml"
PLACEHOLDER = "still the placeholder from config.example.toml — fill in the real value"
ROOM = "!QmVpc3BpZWxyYXVt:kommunen-owl.test"
OTHER_ROOM = "!TXVzdGVybGFuZA:kommunen-owl.test"

VALID: dict[str, Any] = {
    "matrix": {
        "homeserver": "https://matrix.kommunen-owl.test",
        "user_id": "@ikz-bot:kommunen-owl.test",
        "password": "geheim",
    },
    "networks": {"lippe": {"room_id": ROOM, "name": "IKZ Digitalisierung Lippe"}},
}


def parse(data: dict[str, Any], environ: dict[str, str] | None = None) -> Config:
    return parse_config(data, Path("/srv/ikz"), environ or {})


def problems_of(data: dict[str, Any], environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse(data, environ)
    return list(info.value.problems)


def changed(**sections: dict[str, Any]) -> dict[str, Any]:
    """VALID with keys set (value None deletes the key) in the named sections."""
    data = copy.deepcopy(VALID)
    for section, updates in sections.items():
        target = data["networks"]["lippe"] if section == "network" else data.setdefault(section, {})
        for key, value in updates.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return data


# --- valid files -------------------------------------------------------------------------------


def test_full_file_loads_every_value() -> None:
    """A file that sets every key yields exactly those values, typed and normalised."""
    config = load_config(FIXTURES / "full.toml", environ={})

    assert config.matrix == MatrixConfig(
        homeserver="https://matrix.kommunen-owl.test",
        user_id="@ikz-bot:kommunen-owl.test",
        password="geheim-aus-der-datei",
        access_token="syt_aus_der_datei",
        device_name="ikz-bot-owl",
        encryption=False,
    )
    assert config.bot == BotConfig(
        data_dir=FIXTURES / "state",
        database_url="postgresql+asyncpg://ikz@db.kommunen-owl.test/ikz",
        command_prefix="?",
        catch_up_minutes=60,
        admins=("@erika.musterfrau:kommunen-owl.test", "@max.mustermann:kreis-beispiel.test"),
        log_level="DEBUG",
    )
    lippe, musterland = config.networks
    assert (lippe.key, lippe.room_id, lippe.moderator_power_level) == ("lippe", ROOM, 75)
    assert len(lippe.municipalities) == 17
    assert musterland == NetworkConfig(
        key="musterland",
        room_id=OTHER_ROOM,
        name="Digital Musterland",
        timezone="Europe/Vienna",
        language="en",
        holiday_region="DE-NI",
        moderator_power_level=0,
        municipalities=("Musterstadt", "Beispieldorf", "Kreis Musterland"),
    )


def test_minimal_file_gets_defaults() -> None:
    """A file with only the required keys gets the documented defaults everywhere else."""
    config = load_config(FIXTURES / "minimal.toml", environ={})

    assert config.matrix.password == "geheim"
    assert config.matrix.access_token is None
    assert config.matrix.device_name == "ikz-bot"
    assert config.matrix.encryption is True
    assert config.bot.command_prefix == "!"
    assert config.bot.catch_up_minutes == 15
    assert config.bot.retention_days == 400
    assert config.bot.admins == ()
    assert config.bot.log_level == "INFO"
    assert config.networks == (
        NetworkConfig(
            key="lippe",
            room_id=ROOM,
            name="IKZ Digitalisierung Lippe",
            timezone="Europe/Berlin",
            language="de",
            holiday_region="DE-NW",
            moderator_power_level=50,
            municipalities=(),
        ),
    )


def test_a_wrong_database_url_is_reported_without_its_password() -> None:
    """The error names the scheme only, so a password in the URL never reaches a log."""
    [problem] = problems_of(changed(bot={"database_url": "postgres://ikz:geheim-42@db/ikz"}))
    assert "the scheme 'postgres' is not a supported database URL" in problem
    assert "geheim-42" not in problem


def test_default_data_dir_and_database_url_sit_next_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without data_dir, data lives in <config dir>/data and SQLite in it, whatever the cwd."""
    config_dir = tmp_path / "etc"
    config_dir.mkdir()
    shutil.copy(FIXTURES / "minimal.toml", config_dir / "config.toml")
    monkeypatch.chdir(tmp_path)

    config = load_config(Path("etc/config.toml"), environ={})

    assert config.bot.data_dir == config_dir / "data"
    assert config.bot.database_url == f"sqlite+aiosqlite:///{config_dir}/data/ikz-bot.sqlite3"


def test_relative_data_dir_is_resolved_against_the_file(tmp_path: Path) -> None:
    """A relative data_dir is taken relative to the config file's directory."""
    text = (FIXTURES / "minimal.toml").read_text() + '\n[bot]\ndata_dir = "var/ikz"\n'
    (tmp_path / "config.toml").write_text(text)

    config = load_config(tmp_path / "config.toml", environ={})

    assert config.bot.data_dir == tmp_path / "var" / "ikz"
    assert config.bot.database_url.endswith(f"{tmp_path}/var/ikz/ikz-bot.sqlite3")


def test_absolute_data_dir_is_kept(tmp_path: Path) -> None:
    """An absolute data_dir is used as it is, and the default database follows it."""
    config = parse(changed(bot={"data_dir": str(tmp_path)}))

    assert config.bot.data_dir == tmp_path
    assert config.bot.database_url == f"sqlite+aiosqlite:///{tmp_path}/ikz-bot.sqlite3"


def test_homeserver_trailing_slash_is_stripped() -> None:
    """The homeserver URL is stored without a trailing slash."""
    config = parse(changed(matrix={"homeserver": "https://matrix.kommunen-owl.test/"}))

    assert config.matrix.homeserver == "https://matrix.kommunen-owl.test"


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("matrix", "homeserver", "http://127.0.0.1:8008"),
        ("matrix", "user_id", "@ikz-bot:localhost:8008"),
        ("matrix", "user_id", "@ikz-bot:[::1]:8448"),
        ("bot", "admins", ["@Erika_Alt:kommunen-owl.test"]),
        ("network", "room_id", "!" + "A1b2C3d4_-" * 4 + "xyz"),
        ("network", "room_id", "!abc:localhost:8008"),
    ],
    ids=["loopback-url", "server-with-port", "ipv6-server", "historical-id", "v12-room", "port"],
)
def test_unusual_but_valid_values_are_accepted(section: str, key: str, value: Any) -> None:
    """Loopback homeservers, ports, historical user ids and v12 room ids are accepted."""
    config = parse(changed(**{section: {key: value}}))

    if section == "network":
        assert getattr(config.networks[0], key) == value
    elif section == "bot":
        assert config.bot.admins == tuple(value)
    else:
        assert getattr(config.matrix, key) == value


def test_case_of_log_level_and_holiday_region_is_normalised() -> None:
    """'debug' and 'de-by' are accepted and stored as DEBUG and DE-BY."""
    config = parse(changed(bot={"log_level": "debug"}, network={"holiday_region": "de-by"}))

    assert config.bot.log_level == "DEBUG"
    assert config.networks[0].holiday_region == "DE-BY"


# --- environment -------------------------------------------------------------------------------


def test_password_from_environment_overrides_file() -> None:
    """IKZ_BOT_PASSWORD wins over matrix.password."""
    config = parse(VALID, {"IKZ_BOT_PASSWORD": "aus-der-umgebung"})

    assert config.matrix.password == "aus-der-umgebung"


def test_access_token_from_environment_overrides_file() -> None:
    """IKZ_BOT_ACCESS_TOKEN wins over matrix.access_token and suffices without a password."""
    data = changed(matrix={"password": None, "access_token": "syt_datei"})

    config = parse(data, {"IKZ_BOT_ACCESS_TOKEN": "syt_umgebung"})

    assert config.matrix.access_token == "syt_umgebung"
    assert config.matrix.password is None


def test_environment_alone_provides_the_password() -> None:
    """With no secret in the file, IKZ_BOT_PASSWORD is enough."""
    config = parse(changed(matrix={"password": None}), {"IKZ_BOT_PASSWORD": "geheim"})

    assert config.matrix.password == "geheim"


def test_environment_replaces_a_placeholder_password() -> None:
    """A CHANGE-ME password in the file is fine when the environment overrides it."""
    data = changed(matrix={"password": "CHANGE-ME"})

    config = parse(data, {"IKZ_BOT_PASSWORD": "geheim"})

    assert config.matrix.password == "geheim"


def test_empty_environment_variable_is_ignored() -> None:
    """An empty IKZ_BOT_PASSWORD does not blank out the password from the file."""
    config = parse(VALID, {"IKZ_BOT_PASSWORD": ""})

    assert config.matrix.password == "geheim"


def test_load_config_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an explicit environ, load_config uses the process environment."""
    monkeypatch.setenv("IKZ_BOT_ACCESS_TOKEN", "syt_prozess")

    config = load_config(FIXTURES / "minimal.toml")

    assert config.matrix.access_token == "syt_prozess"


def test_secrets_from_files_named_in_the_environment(tmp_path: Path) -> None:
    """Each secret's *_FILE variable names a file whose text (without the line break) is used."""
    for name, value in (("pw", "geheim-aus-datei"), ("db", "postgresql+asyncpg://ikz:x@db/ikz")):
        (tmp_path / name).write_text(value + "\n", encoding="utf-8")

    config = parse(
        changed(matrix={"password": None}),
        {
            "IKZ_BOT_PASSWORD_FILE": str(tmp_path / "pw"),
            "IKZ_BOT_DATABASE_URL_FILE": str(tmp_path / "db"),
        },
    )

    assert config.matrix.password == "geheim-aus-datei"
    assert config.bot.database_url == "postgresql+asyncpg://ikz:x@db/ikz"


def test_database_url_from_environment_overrides_file() -> None:
    """IKZ_BOT_DATABASE_URL wins over bot.database_url and is checked like it."""
    data = changed(bot={"database_url": "sqlite+aiosqlite:///x.sqlite3"})
    config = parse(data, {"IKZ_BOT_DATABASE_URL": "postgresql+asyncpg://ikz@db/ikz"})
    assert config.bot.database_url == "postgresql+asyncpg://ikz@db/ikz"

    [problem] = problems_of(data, {"IKZ_BOT_DATABASE_URL": "postgres://ikz:geheim-7@db/ikz"})
    assert problem.startswith("bot.database_url: the scheme 'postgres' is not a supported")
    assert "geheim-7" not in problem


def test_unusable_secret_files_are_reported_without_their_content(tmp_path: Path) -> None:
    """A missing or empty file, or both variables at once, is a problem with the variable's name."""
    (tmp_path / "leer").write_text("\n", encoding="utf-8")
    problems = problems_of(
        VALID,
        {
            "IKZ_BOT_PASSWORD_FILE": str(tmp_path / "fehlt"),
            "IKZ_BOT_ACCESS_TOKEN_FILE": str(tmp_path / "leer"),
            "IKZ_BOT_DATABASE_URL": "postgresql+asyncpg://ikz:geheim@db/ikz",
            "IKZ_BOT_DATABASE_URL_FILE": str(tmp_path / "leer"),
        },
    )
    assert problems == [
        f"matrix.password: cannot read IKZ_BOT_PASSWORD_FILE='{tmp_path}/fehlt' "
        "(No such file or directory)",
        f"matrix.access_token: IKZ_BOT_ACCESS_TOKEN_FILE='{tmp_path}/leer' is empty",
        "bot.database_url: both IKZ_BOT_DATABASE_URL and IKZ_BOT_DATABASE_URL_FILE are set; "
        "use one of them",
    ]


def test_http_section_is_read_and_checked() -> None:
    """listen, public_url and enabled are typed; a misspelt key gets a did-you-mean hint."""
    config = parse(changed(http={"listen": "[::]:9090", "public_url": "https://bot.lemgo.de/ikz/"}))
    assert config.http == HttpConfig(host="::", port=9090, public_url="https://bot.lemgo.de/ikz")

    problems = problems_of(
        changed(http={"listen": "localhost", "public_url": "ftp://lemgo.de", "enable": False})
    )
    assert problems == [
        "http.listen: 'localhost' is not a listen address (expected host:port, e.g. "
        "127.0.0.1:8080, 0.0.0.0:8080 or [::]:8080)",
        "http.public_url: 'ftp://lemgo.de' is not a public URL (expected http:// or https://, "
        "a host name and optionally a path, e.g. https://bot.kreis-lippe.de/ikz)",
        "http.enable: unknown key (did you mean 'enabled'?)",
    ]


def test_http_listen_default_comes_from_the_environment() -> None:
    """IKZ_BOT_HTTP_LISTEN (set by the Docker image) is the default; the file's value wins."""
    assert parse(VALID, {"IKZ_BOT_HTTP_LISTEN": "0.0.0.0:8080"}).http.host == "0.0.0.0"
    in_file = changed(http={"listen": "127.0.0.1:8181"})
    assert parse(in_file, {"IKZ_BOT_HTTP_LISTEN": "0.0.0.0:8080"}).http.port == 8181


def test_log_format_json_or_text() -> None:
    """log_format accepts "json" (any case) and refuses others with a hint."""
    assert parse(changed(bot={"log_format": "JSON"})).bot.log_format == "json"
    assert problems_of(changed(bot={"log_format": "jsn"})) == [
        "bot.log_format: unknown log format 'jsn' (did you mean 'json'?)"
    ]


# --- rejected values ---------------------------------------------------------------------------

Case = tuple[Callable[[], dict[str, Any]], str]

BAD_CASES: dict[str, Case] = {
    "missing-homeserver": (
        lambda: changed(matrix={"homeserver": None}),
        "matrix.homeserver: missing (the URL of your homeserver, e.g. https://matrix.example.org)",
    ),
    "missing-user-id": (lambda: changed(matrix={"user_id": None}), "matrix.user_id: missing ("),
    "missing-room-id": (
        lambda: changed(network={"room_id": None}),
        "networks.lippe.room_id: missing (",
    ),
    "missing-name": (lambda: changed(network={"name": None}), "networks.lippe.name: missing ("),
    "empty-name": (
        lambda: changed(network={"name": "  "}),
        "networks.lippe.name: must not be empty",
    ),
    "text-for-number": (
        lambda: changed(bot={"catch_up_minutes": "zehn"}),
        "bot.catch_up_minutes: expected a whole number, got text 'zehn'",
    ),
    "retention-of-no-days": (
        lambda: changed(bot={"retention_days": 0}),
        "bot.retention_days: 0 is out of range (allowed: 1 to 3660)",
    ),
    "decimal-for-number": (
        lambda: changed(bot={"catch_up_minutes": 1.5}),
        "bot.catch_up_minutes: expected a whole number, got a decimal number (1.5)",
    ),
    "bool-is-not-a-number": (
        lambda: changed(network={"moderator_power_level": True}),
        "networks.lippe.moderator_power_level: expected a whole number, got true/false (true)",
    ),
    "text-for-bool": (
        lambda: changed(matrix={"encryption": "ja"}),
        "matrix.encryption: expected true or false, got text 'ja'",
    ),
    "number-for-text": (
        lambda: changed(matrix={"device_name": 7}),
        "matrix.device_name: expected text, got a whole number (7)",
    ),
    "municipalities-as-table": (
        lambda: changed(network={"municipalities": {"a": 1}}),
        "networks.lippe.municipalities: expected a list of names or the name of a bundled list, "
        "got a section/table",
    ),
    "unknown-matrix-key": (
        lambda: changed(matrix={"pasword": "geheim"}),
        "matrix.pasword: unknown key (did you mean 'password'?)",
    ),
    "unknown-top-level-key": (
        lambda: {**copy.deepcopy(VALID), "network": {}},
        "network: unknown key (did you mean 'networks'?)",
    ),
    "unknown-bot-key": (
        lambda: changed(bot={"comand_prefix": "!"}),
        "bot.comand_prefix: unknown key (did you mean 'command_prefix'?)",
    ),
    "unknown-network-key": (
        lambda: changed(network={"timzone": "Europe/Berlin"}),
        "networks.lippe.timzone: unknown key (did you mean 'timezone'?)",
    ),
    "unknown-key-without-suggestion": (
        lambda: changed(bot={"xyzzy": 1}),
        "bot.xyzzy: unknown key (known keys: data_dir, database_url, command_prefix, ",
    ),
    "placeholder-password": (
        lambda: changed(matrix={"password": "CHANGE-ME"}),
        f"matrix.password: {PLACEHOLDER}",
    ),
    "placeholder-token": (
        lambda: changed(matrix={"access_token": "syt_CHANGE-ME"}),
        f"matrix.access_token: {PLACEHOLDER}",
    ),
    "placeholder-homeserver": (
        lambda: changed(matrix={"homeserver": "https://matrix.example.org/"}),
        f"matrix.homeserver: {PLACEHOLDER}",
    ),
    "placeholder-user-id": (
        lambda: changed(matrix={"user_id": "@ikz-bot:example.org"}),
        f"matrix.user_id: {PLACEHOLDER}",
    ),
    "placeholder-subdomain-with-port": (
        lambda: changed(matrix={"user_id": "@ikz-bot:matrix.example.org:8448"}),
        f"matrix.user_id: {PLACEHOLDER}",
    ),
    "placeholder-admin": (
        lambda: changed(bot={"admins": ["@erika.musterfrau:example.org"]}),
        f"bot.admins[0]: {PLACEHOLDER}",
    ),
    "placeholder-room-id": (
        lambda: changed(network={"room_id": "!QmVpc3BpZWxyYXVt:example.org"}),
        f"networks.lippe.room_id: {PLACEHOLDER}",
    ),
    "placeholder-name": (
        lambda: changed(network={"name": "CHANGE-ME"}),
        f"networks.lippe.name: {PLACEHOLDER}",
    ),
    "placeholder-municipality": (
        lambda: changed(network={"municipalities": ["Lemgo", "CHANGE-ME"]}),
        f"networks.lippe.municipalities[1]: {PLACEHOLDER}",
    ),
    "room-alias": (
        lambda: changed(network={"room_id": "#ikz-lippe:kommunen-owl.test"}),
        "networks.lippe.room_id: '#ikz-lippe:kommunen-owl.test' is a room alias, "
        "but a room id is needed",
    ),
    "malformed-room-id": (
        lambda: changed(network={"room_id": "QmVpc3BpZWxyYXVt"}),
        "networks.lippe.room_id: 'QmVpc3BpZWxyYXVt' is not a Matrix room id",
    ),
    "room-id-without-server": (
        lambda: changed(network={"room_id": "!kurz"}),
        "networks.lippe.room_id: '!kurz' is not a Matrix room id",
    ),
    "user-id-without-at": (
        lambda: changed(matrix={"user_id": "ikz-bot:kommunen-owl.test"}),
        "matrix.user_id: 'ikz-bot:kommunen-owl.test' is not a full Matrix user id",
    ),
    "user-id-without-server": (
        lambda: changed(matrix={"user_id": "@ikz-bot"}),
        "matrix.user_id: '@ikz-bot' is not a full Matrix user id",
    ),
    "bad-admin-id": (
        lambda: changed(bot={"admins": ["@erika:kommunen-owl.test", "erika"]}),
        "bot.admins[1]: 'erika' is not a full Matrix user id",
    ),
    "admin-not-text": (
        lambda: changed(bot={"admins": [42]}),
        "bot.admins[0]: expected text, got a whole number (42)",
    ),
    "url-without-scheme": (
        lambda: changed(matrix={"homeserver": "matrix.kommunen-owl.test"}),
        "matrix.homeserver: 'matrix.kommunen-owl.test' is not a homeserver URL",
    ),
    "url-wrong-scheme": (
        lambda: changed(matrix={"homeserver": "ftp://matrix.kommunen-owl.test"}),
        "matrix.homeserver: 'ftp://matrix.kommunen-owl.test' is not a homeserver URL",
    ),
    "url-broken-ipv6": (
        lambda: changed(matrix={"homeserver": "http://[::1"}),
        "matrix.homeserver: 'http://[::1' is not a homeserver URL",
    ),
    "unknown-timezone": (
        lambda: changed(network={"timezone": "Europe/Berln"}),
        "networks.lippe.timezone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
    ),
    "timezone-directory": (
        lambda: changed(network={"timezone": "Europe"}),
        "networks.lippe.timezone: unknown time zone 'Europe'",
    ),
    "unknown-language": (
        lambda: changed(network={"language": "fr"}),
        "networks.lippe.language: unknown language 'fr' (use 'de' or 'en')",
    ),
    "region-without-country": (
        lambda: changed(network={"holiday_region": "NW"}),
        "networks.lippe.holiday_region: unknown holiday region 'NW' (use DE- and a German state",
    ),
    "region-unknown-state": (
        lambda: changed(network={"holiday_region": "DE-XX"}),
        "networks.lippe.holiday_region: unknown holiday region 'DE-XX'",
    ),
    "region-city-not-state": (
        lambda: changed(network={"holiday_region": "DE-Augsburg"}),
        "networks.lippe.holiday_region: unknown holiday region 'DE-Augsburg'",
    ),
    "power-level-too-high": (
        lambda: changed(network={"moderator_power_level": 101}),
        "networks.lippe.moderator_power_level: 101 is out of range (allowed: 0 to 100)",
    ),
    "power-level-negative": (
        lambda: changed(network={"moderator_power_level": -1}),
        "networks.lippe.moderator_power_level: -1 is out of range (allowed: 0 to 100)",
    ),
    "catch-up-too-long": (
        lambda: changed(bot={"catch_up_minutes": 1441}),
        "bot.catch_up_minutes: 1441 is out of range (allowed: 1 to 1440)",
    ),
    "empty-prefix": (
        lambda: changed(bot={"command_prefix": ""}),
        "bot.command_prefix: must not be empty",
    ),
    "prefix-with-space": (
        lambda: changed(bot={"command_prefix": "! "}),
        "bot.command_prefix: '! ' must not contain spaces",
    ),
    "prefix-too-long": (
        lambda: changed(bot={"command_prefix": "!!!!"}),
        "bot.command_prefix: '!!!!' is too long (at most 3 characters",
    ),
    "unknown-log-level": (
        lambda: changed(bot={"log_level": "VERBOSE"}),
        "bot.log_level: unknown log level 'VERBOSE' (use one of DEBUG, INFO, WARNING, ERROR)",
    ),
    "unsupported-database": (
        lambda: changed(bot={"database_url": "mysql://ikz@db/ikz"}),
        "bot.database_url: the scheme 'mysql' is not a supported database URL",
    ),
    "sync-sqlite-driver": (
        lambda: changed(bot={"database_url": "sqlite:///data/ikz.sqlite3"}),
        "bot.database_url: the scheme 'sqlite' is not a supported database URL",
    ),
    "no-secret": (
        lambda: changed(matrix={"password": None}),
        "matrix: neither password nor access_token is set (set matrix.password or "
        "matrix.access_token, or the environment variable IKZ_BOT_PASSWORD or "
        "IKZ_BOT_ACCESS_TOKEN, or IKZ_BOT_PASSWORD_FILE naming a file)",
    ),
    "no-networks": (
        lambda: {"matrix": copy.deepcopy(VALID["matrix"])},
        "networks: no network configured (add a [networks.<key>] section",
    ),
    "empty-networks": (
        lambda: {**copy.deepcopy(VALID), "networks": {}},
        "networks: no network configured",
    ),
    "networks-as-array": (
        lambda: {**copy.deepcopy(VALID), "networks": [{"room_id": ROOM, "name": "x"}]},
        "networks: expected sections [networks.<key>], got a list",
    ),
    "network-not-a-table": (
        lambda: {**copy.deepcopy(VALID), "networks": {"lippe": "IKZ"}},
        "networks.lippe: expected a section [networks.lippe], got text 'IKZ'",
    ),
    "bad-network-key": (
        lambda: {**copy.deepcopy(VALID), "networks": {"Lippe Nord": VALID["networks"]["lippe"]}},
        "networks.Lippe Nord: the network key must use only lower-case letters",
    ),
    "duplicate-room": (
        lambda: {
            **copy.deepcopy(VALID),
            "networks": {
                "lippe": {"room_id": ROOM, "name": "Lippe"},
                "owl": {"room_id": ROOM, "name": "OWL"},
            },
        },
        f"networks.owl.room_id: '{ROOM}' is already used by networks.lippe "
        "(each network needs its own room)",
    ),
    "unknown-bundled-list": (
        lambda: changed(network={"municipalities": "owl"}),
        "networks.lippe.municipalities: no bundled list of municipalities named 'owl' "
        "(available: 'lippe'; or give a list of names)",
    ),
    "duplicate-municipality": (
        lambda: changed(network={"municipalities": ["Lemgo", "Detmold", "Lemgo"]}),
        "networks.lippe.municipalities[2]: 'Lemgo' is listed twice",
    ),
    "empty-municipality": (
        lambda: changed(network={"municipalities": ["Lemgo", ""]}),
        "networks.lippe.municipalities[1]: names must not be empty",
    ),
    "municipalities-number": (
        lambda: changed(network={"municipalities": 17}),
        "networks.lippe.municipalities: expected a list of names or the name of a bundled list, "
        "got a whole number (17)",
    ),
    "bot-not-a-table": (
        lambda: {**copy.deepcopy(VALID), "bot": "voll"},
        "bot: expected a section [bot], got text 'voll'",
    ),
}


@pytest.mark.parametrize(("make", "expected"), BAD_CASES.values(), ids=BAD_CASES.keys())
def test_bad_value_is_reported_once_with_its_path(
    make: Callable[[], dict[str, Any]], expected: str
) -> None:
    """Each mistake yields exactly one problem, starting with its dotted path and saying why."""
    problems = problems_of(make())

    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]


def test_all_problems_are_reported_at_once() -> None:
    """A file with four distinct mistakes yields one error listing all four, section by section."""
    with pytest.raises(ConfigError) as info:
        load_config(FIXTURES / "four-problems.toml", environ={})

    assert [p.split(":", 1)[0] for p in info.value.problems] == [
        "matrix.devce_name",
        "bot.catch_up_minutes",
        "networks.lippe.room_id",
        "networks.lippe.timezone",
    ]
    assert "did you mean 'device_name'?" in info.value.problems[0]


def test_error_text_is_one_problem_per_line() -> None:
    """str(ConfigError) is the problems joined by newlines, so the CLI can print it as is."""
    error = ConfigError(["a: eins", "b: zwei"])

    assert str(error) == "a: eins\nb: zwei"
    assert error.problems == ("a: eins", "b: zwei")


def test_missing_file_is_one_problem(tmp_path: Path) -> None:
    """A config path that does not exist gives one problem naming the path."""
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "config.toml", environ={})

    assert info.value.problems == (
        f"{tmp_path}/config.toml: file not found "
        "(copy config.example.toml to this path and fill it in)",
    )


def test_unreadable_file_is_one_problem(tmp_path: Path) -> None:
    """A path that cannot be read (here: a directory) gives one problem naming the path."""
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, environ={})

    (problem,) = info.value.problems
    assert problem.startswith(f"{tmp_path}: cannot read the file (")


def test_invalid_toml_reports_line_and_column() -> None:
    """Broken TOML gives one problem with the line and column from the parser."""
    with pytest.raises(ConfigError) as info:
        load_config(FIXTURES / "invalid-toml.toml", environ={})

    (problem,) = info.value.problems
    assert problem.startswith(f"{FIXTURES / 'invalid-toml.toml'}: not valid TOML: ")
    assert "(at line 3, column 11)" in problem


def test_non_utf8_file_is_one_problem(tmp_path: Path) -> None:
    """A file in another encoding (here Latin-1) gives one problem instead of a traceback."""
    path = tmp_path / "config.toml"
    path.write_bytes('[networks.lippe]\nname = "Lügde"\n'.encode("latin-1"))

    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})

    (problem,) = info.value.problems
    assert "not UTF-8 text" in problem


# --- the example file ---------------------------------------------------------------------------


def test_example_file_fails_only_on_placeholders() -> None:
    """The unchanged example is refused, and only because of its placeholders."""
    with pytest.raises(ConfigError) as info:
        load_config(EXAMPLE, environ={})

    assert info.value.problems == (
        f"matrix.homeserver: {PLACEHOLDER}",
        f"matrix.user_id: {PLACEHOLDER}",
        f"matrix.password: {PLACEHOLDER}",
        f"networks.lippe.room_id: {PLACEHOLDER}",
    )


def test_example_file_loads_once_placeholders_are_filled(tmp_path: Path) -> None:
    """With its placeholders replaced, the example is a working config with the defaults."""
    text = (
        EXAMPLE.read_text(encoding="utf-8")
        .replace("https://matrix.example.org", "https://matrix.kommunen-owl.test")
        .replace("@ikz-bot:example.org", "@ikz-bot:kommunen-owl.test")
        .replace('password = "CHANGE-ME"', 'password = "geheim"')
        .replace("!CHANGE-ME:example.org", ROOM)
    )
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")

    config = load_config(tmp_path / "config.toml", environ={})

    defaults = NetworkConfig(key="lippe", room_id=ROOM, name="IKZ Digitalisierung Lippe")
    (lippe,) = config.networks
    assert dataclasses.replace(lippe, municipalities=()) == defaults
    assert len(lippe.municipalities) == 17
    assert config.bot == BotConfig(
        data_dir=tmp_path / "data",
        database_url=f"sqlite+aiosqlite:///{tmp_path}/data/ikz-bot.sqlite3",
    )
    assert config.http == HttpConfig()


# --- municipalities, immutability, lookup -------------------------------------------------------


def test_bundled_lippe_list_has_all_municipalities() -> None:
    """municipalities = "lippe" gives the 16 towns of Kreis Lippe plus the Kreis itself."""
    config = parse(changed(network={"municipalities": "lippe"}))

    names = config.networks[0].municipalities
    assert len(names) == 17
    assert len(set(names)) == 17
    assert "Lemgo" in names
    assert "Kreis Lippe" in names
    assert "Detmold" in names


def test_own_municipality_list_keeps_order_and_trims() -> None:
    """A list of names is kept in the given order, with surrounding spaces removed."""
    config = parse(changed(network={"municipalities": ["Lügde ", "Blomberg"]}))

    assert config.networks[0].municipalities == ("Lügde", "Blomberg")


@pytest.mark.parametrize("part", ["matrix", "bot", "network", "config"])
def test_config_objects_are_frozen(part: str) -> None:
    """No part of the loaded configuration can be changed after loading."""
    config = parse(VALID)
    target = {
        "matrix": config.matrix,
        "bot": config.bot,
        "network": config.networks[0],
        "config": config,
    }[part]
    name = dataclasses.fields(target)[0].name

    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(target, name, "anders")


def test_network_by_key_finds_the_network_named_on_the_command_line() -> None:
    """network_by_key maps a [networks.<key>] name to its network and others to None."""
    config = load_config(FIXTURES / "full.toml", environ={})

    lippe = config.network_by_key("lippe")
    assert lippe is not None
    assert lippe.room_id == ROOM
    assert config.network_by_key("owl") is None


def _with_posts(posts: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data["networks"]["lippe"]["posts"] = posts
    return data


def test_post_times_default_to_a_week_a_day_and_an_hour_before():
    """Without a posts section the agenda call, agenda and reminder use the defaults."""
    posts = parse(VALID).networks[0].posts
    assert (posts.agenda_call_days, posts.agenda_days, posts.reminder_minutes) == (7, 1, 60)
    assert str(posts.agenda_call_at) == "09:00:00"


def test_post_times_can_be_set_per_network():
    """[networks.<key>.posts] overrides offsets and times of day."""
    posts = parse(_with_posts({"agenda_call_days": 10, "agenda_at": "08:30"})).networks[0].posts
    assert posts.agenda_call_days == 10 and str(posts.agenda_at) == "08:30:00"
    assert posts.reminder_minutes == 60


@pytest.mark.parametrize(
    ("posts", "expected"),
    [
        ({"agenda_at": "9 Uhr"}, "networks.lippe.posts.agenda_at: expected a time of day"),
        ({"reminder_minutes": -5}, "networks.lippe.posts.reminder_minutes: -5 is out of range"),
        (
            {"remider_minutes": 30},
            "networks.lippe.posts.remider_minutes: unknown key (did you mean",
        ),
    ],
)
def test_bad_post_times_are_reported(posts, expected):
    """A malformed posts section names the key and what is wrong."""
    problems = problems_of(_with_posts(posts))
    assert len(problems) == 1 and problems[0].startswith(expected), problems
