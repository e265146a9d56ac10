"""The bot's configuration: one TOML file, read and checked once at start.

Everything is validated up front into frozen, typed objects, so the rest of the code never
re-checks a setting, and a person editing the file sees every mistake in one go instead of
fixing them one restart at a time. Values left over from ``config.example.toml`` are refused,
so an untouched example never starts a bot that logs in nowhere.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from commands.posts.plan import PostTimes
from storage.bundled import bundled_lists, bundled_municipalities

__all__ = [
    "BotConfig",
    "Config",
    "ConfigError",
    "HttpConfig",
    "MatrixConfig",
    "NetworkConfig",
    "load_config",
    "parse_config",
]

PASSWORD_ENV = "IKZ_BOT_PASSWORD"
ACCESS_TOKEN_ENV = "IKZ_BOT_ACCESS_TOKEN"
DATABASE_URL_ENV = "IKZ_BOT_DATABASE_URL"
FILE_SUFFIX = "_FILE"
"""``<variable>_FILE`` names a file holding the secret (Docker and systemd credentials)."""
HTTP_LISTEN_ENV = "IKZ_BOT_HTTP_LISTEN"
"""The default of http.listen where the file sets none (the Docker image: all interfaces)."""

PLACEHOLDER_MARK = "CHANGE-ME"
EXAMPLE_HOMESERVER = "https://matrix.example.org"
EXAMPLE_DOMAIN = "example.org"

LANGUAGES = ("de", "en")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
HTTP_KEYS = ("enabled", "listen", "public_url")
DATABASE_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")
MAX_CATCH_UP_MINUTES = 24 * 60
MAX_RETENTION_DAYS = 10 * 366
"""Ten years: longer than any record-keeping rule a municipality follows."""
MAX_PREFIX_LENGTH = 3

# Server names: a DNS name, an IPv4 address or a bracketed IPv6 address, with optional port.
_SERVER_NAME = r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
# Localparts: historical user ids may use any printable ASCII except ':'; be as lenient.
_USER_ID = re.compile(rf"@[!-9;-~]+:{_SERVER_NAME}")
# Room ids up to room version 11 are "!opaque:server"; from version 12 on they are "!" plus
# 43 characters of unpadded url-safe base64 (the create event's hash) with no server part.
_ROOM_ID = re.compile(rf"![!-9;-~]+:{_SERVER_NAME}|![A-Za-z0-9_-]{{43}}")
_ROOM_ALIAS = re.compile(rf"#[^:\s]+:{_SERVER_NAME}")
_SLUG = re.compile(r"[a-z0-9_-]+")

_MISSING: Any = object()


class ConfigError(Exception):
    """Raised with every problem found in the configuration, so all can be fixed at once."""

    problems: tuple[str, ...]

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


@dataclass(frozen=True)
class MatrixConfig:
    """How the bot logs in to its homeserver."""

    homeserver: str
    user_id: str
    password: str | None
    access_token: str | None
    device_name: str = "ikz-bot"
    encryption: bool = True


@dataclass(frozen=True)
class NetworkConfig:
    """One network of municipalities and the Matrix room it meets in."""

    key: str
    room_id: str
    name: str
    timezone: str = "Europe/Berlin"
    language: str = "de"
    holiday_region: str = "DE-NW"
    moderator_power_level: int = 50
    municipalities: tuple[str, ...] = ()
    posts: PostTimes = field(default_factory=PostTimes)


@dataclass(frozen=True)
class BotConfig:
    """Process-wide settings: where data lives, how commands look, who administers."""

    data_dir: Path
    database_url: str
    command_prefix: str = "!"
    catch_up_minutes: int = 15
    admins: tuple[str, ...] = ()
    log_level: str = "INFO"
    log_format: str = "text"
    retention_days: int = 400
    """Sent, skipped and failed deliveries and audit lines older than this are deleted daily."""


@dataclass(frozen=True)
class HttpConfig:
    """The HTTP listener for health, metrics and (behind a reverse proxy) people's links."""

    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None
    """How people reach the listener through the operator's reverse proxy, without a
    trailing slash; None when nothing is published."""

    def links_url(self) -> str | None:
        """The base of people's personal links: `public_url`, or on a loopback address (a
        demo, a single machine) the listener itself; None when people cannot reach it."""
        if not self.enabled:
            return None
        if self.public_url:
            return self.public_url
        if self.host in ("127.0.0.1", "localhost", "::1"):
            host = f"[{self.host}]" if ":" in self.host else self.host
            return f"http://{host}:{self.port}"
        return None


@dataclass(frozen=True)
class Config:
    """The whole, validated configuration."""

    matrix: MatrixConfig
    bot: BotConfig
    networks: tuple[NetworkConfig, ...]
    http: HttpConfig = field(default_factory=HttpConfig)

    def network_by_key(self, key: str) -> NetworkConfig | None:
        """The network named ``key`` in the config (as given on the command line), or None."""
        for network in self.networks:
            if network.key == key:
                return network
        return None


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate the TOML file at ``path``.

    ``environ`` defaults to ``os.environ``; IKZ_BOT_PASSWORD, IKZ_BOT_ACCESS_TOKEN and
    IKZ_BOT_DATABASE_URL there (or the same names with ``_FILE``, naming a file that holds the
    value) override matrix.password, matrix.access_token and bot.database_url, so secrets can
    stay out of the file.
    Relative paths in the file are taken relative to the file's directory, not the working
    directory, so the bot behaves the same whichever directory it is started from.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            [f"{path}: file not found (copy config.example.toml to this path and fill it in)"]
        ) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read the file ({exc.strerror or exc})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            [f"{path}: not UTF-8 text (undecodable byte at position {exc.start})"]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: not valid TOML: {exc}"]) from None
    return parse_config(data, path.absolute().parent, os.environ if environ is None else environ)


def parse_config(data: Mapping[str, Any], base_dir: Path, environ: Mapping[str, str]) -> Config:
    """Validate already-parsed TOML data; raise one ConfigError listing every problem."""
    problems: list[str] = []
    top = _Table(data, "", ("matrix", "bot", "networks", "http"), problems)
    matrix = _parse_matrix(top.section("matrix"), environ)
    bot = _parse_bot(top.section("bot"), Path(base_dir), environ)
    networks = _parse_networks(top, problems)
    http = _parse_http(top.section("http"), environ)
    if problems or matrix is None or bot is None or networks is None or http is None:
        raise ConfigError(problems)
    return Config(matrix=matrix, bot=bot, networks=networks, http=http)


# --- sections ---------------------------------------------------------------------------------


def _parse_matrix(table: _Table, environ: Mapping[str, str]) -> MatrixConfig | None:
    homeserver = table.text(
        "homeserver", hint="the URL of your homeserver, e.g. https://matrix.example.org"
    )
    if homeserver is not None:
        homeserver = _check_homeserver(table, homeserver)
    user_id = table.text("user_id", hint="the bot's full Matrix id, e.g. @ikz-bot:example.org")
    if user_id is not None and not _check_user_id(table, "user_id", user_id):
        user_id = None

    secrets: dict[str, str | None] = {}
    in_env = False
    for key, env_name in (("password", PASSWORD_ENV), ("access_token", ACCESS_TOKEN_ENV)):
        given, from_env = _secret_from_env(table, key, env_name, environ)
        in_env = in_env or given
        # A placeholder in the file does not matter when the environment overrides it.
        from_file = table.text(key, optional=True, placeholder_ok=given)
        secrets[key] = from_env or from_file or None
    # Only when all are absent: a present but bad value has already been reported.
    if not in_env and all(table.raw(key) is _MISSING for key in secrets):
        table.report(
            f"neither password nor access_token is set (set matrix.password or "
            f"matrix.access_token, or the environment variable {PASSWORD_ENV} or "
            f"{ACCESS_TOKEN_ENV}, or {PASSWORD_ENV}{FILE_SUFFIX} naming a file)"
        )

    values: dict[str, Any] = {}
    device_name = table.text("device_name", optional=True)
    if device_name is not None:
        values["device_name"] = device_name
    encryption = table.boolean("encryption")
    if encryption is not None:
        values["encryption"] = encryption

    table.check_unknown(_field_names(MatrixConfig))
    if table.failed or homeserver is None or user_id is None:
        return None
    return MatrixConfig(
        homeserver=homeserver,
        user_id=user_id,
        password=secrets["password"],
        access_token=secrets["access_token"],
        **values,
    )


def _parse_bot(table: _Table, base_dir: Path, environ: Mapping[str, str]) -> BotConfig | None:
    values: dict[str, Any] = {}

    data_dir = base_dir / "data"
    raw_dir = table.text("data_dir", optional=True)
    if raw_dir is not None:
        data_dir = Path(raw_dir).expanduser()
        if not data_dir.is_absolute():
            data_dir = base_dir / data_dir

    given, from_env = _secret_from_env(table, "database_url", DATABASE_URL_ENV, environ)
    from_file = table.text("database_url", optional=True, placeholder_ok=given)
    database_url = from_env if given else from_file  # None if given but unusable (reported)
    if database_url is None and not given:
        database_url = f"sqlite+aiosqlite:///{(data_dir / 'ikz-bot.sqlite3').as_posix()}"
    elif database_url is not None and not database_url.startswith(DATABASE_SCHEMES):
        scheme = urlsplit(database_url).scheme or database_url.split(":", 1)[0][:20]
        table.report(  # the scheme only: the rest of a URL may hold a password
            f"the scheme {scheme!r} is not a supported database URL (it must start with "
            f"{' or '.join(DATABASE_SCHEMES)})",
            key="database_url",
        )

    prefix = table.text("command_prefix", optional=True)
    if prefix is not None:
        if any(ch.isspace() for ch in prefix):
            table.report(f"{prefix!r} must not contain spaces", key="command_prefix")
        elif len(prefix) > MAX_PREFIX_LENGTH:
            table.report(
                f"{prefix!r} is too long (at most {MAX_PREFIX_LENGTH} characters, e.g. '!')",
                key="command_prefix",
            )
        else:
            values["command_prefix"] = prefix

    catch_up = table.integer("catch_up_minutes", low=1, high=MAX_CATCH_UP_MINUTES)
    if catch_up is not None:
        values["catch_up_minutes"] = catch_up

    retention = table.integer("retention_days", low=1, high=MAX_RETENTION_DAYS)
    if retention is not None:
        values["retention_days"] = retention

    admins = table.text_list("admins")
    if admins is not None:
        valid = [
            _check_user_id(table, f"admins[{index}]", admin) for index, admin in enumerate(admins)
        ]
        values["admins"] = tuple(admins) if all(valid) else ()

    levels = f" (use one of {', '.join(LOG_LEVELS)})"
    _pick(table, values, "log_level", "log level", LOG_LEVELS, lambda _: levels, str.upper)
    _pick(
        table,
        values,
        "log_format",
        "log format",
        LOG_FORMATS,
        lambda typed: _suggestion(typed.lower(), LOG_FORMATS, "use 'text' or 'json'"),
        str.lower,
    )

    table.check_unknown(_field_names(BotConfig))
    if table.failed or database_url is None:
        return None
    return BotConfig(data_dir=data_dir, database_url=database_url, **values)


def _parse_http(table: _Table, environ: Mapping[str, str]) -> HttpConfig | None:
    values: dict[str, Any] = {}
    enabled = table.boolean("enabled")
    if enabled is not None:
        values["enabled"] = enabled

    listen = table.text("listen", optional=True)
    from_env = listen is None and bool(environ.get(HTTP_LISTEN_ENV))
    if from_env:
        listen = environ[HTTP_LISTEN_ENV]
    if listen is not None:
        address = _listen_address(listen)
        if address is None:
            where = f" (from {HTTP_LISTEN_ENV})" if from_env else ""
            table.report(
                f"{listen!r}{where} is not a listen address (expected host:port, e.g. "
                f"127.0.0.1:8080, 0.0.0.0:8080 or [::]:8080)",
                key="listen",
            )
        else:
            values["host"], values["port"] = address

    public_url = table.text("public_url", optional=True)
    if public_url is not None:
        values["public_url"] = _check_public_url(table, public_url)

    table.check_unknown(HTTP_KEYS)
    if table.failed:
        return None
    return HttpConfig(**values)


def _secret_from_env(
    table: _Table, key: str, env_name: str, environ: Mapping[str, str]
) -> tuple[bool, str | None]:
    """Whether the environment gives ``key`` (directly or by a ``_FILE``), and its value.

    The value is None when it is given but unusable (reported here); a file's trailing line
    break is dropped, as editors and ``echo`` add one.
    """
    direct = environ.get(env_name) or None
    file_env = env_name + FILE_SUFFIX
    file_name = environ.get(file_env) or None
    if direct is None and file_name is None:
        return False, None
    if direct is not None and file_name is not None:
        table.report(f"both {env_name} and {file_env} are set; use one of them", key=key)
        return True, None
    if direct is not None:
        return True, direct
    assert file_name is not None
    try:
        value = Path(file_name).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        table.report(f"cannot read {file_env}={file_name!r} ({exc.strerror or exc})", key=key)
        return True, None
    except UnicodeDecodeError:
        table.report(f"{file_env}={file_name!r} is not UTF-8 text", key=key)
        return True, None
    if not value.strip():
        table.report(f"{file_env}={file_name!r} is empty", key=key)
        return True, None
    return True, value


def _parse_networks(top: _Table, problems: list[str]) -> tuple[NetworkConfig, ...] | None:
    raw = top.raw("networks")
    hint = "add a [networks.<key>] section with room_id and name, see config.example.toml"
    if raw is _MISSING or raw == {}:
        problems.append(f"networks: no network configured ({hint})")
        return None
    if not isinstance(raw, Mapping):
        problems.append(f"networks: expected sections [networks.<key>], got {_describe(raw)}")
        return None

    networks: list[NetworkConfig] = []
    failed = False
    rooms: dict[str, str] = {}
    for key, entry in raw.items():
        path = f"networks.{key}"
        if not _SLUG.fullmatch(key):
            problems.append(
                f"{path}: the network key must use only lower-case letters, digits, '-' and "
                f"'_' (it is used on the command line, e.g. --network lippe)"
            )
            failed = True
        if not isinstance(entry, Mapping):
            problems.append(f"{path}: expected a section [{path}], got {_describe(entry)}")
            failed = True
            continue
        network, room_id = _parse_network(_Table(entry, path, (), problems), key)
        if room_id is not None:
            if room_id in rooms:
                problems.append(
                    f"{path}.room_id: {room_id!r} is already used by networks.{rooms[room_id]} "
                    f"(each network needs its own room)"
                )
                failed = True
            else:
                rooms[room_id] = key
        if network is None:
            failed = True
        else:
            networks.append(network)
    return None if failed else tuple(networks)


def _parse_network(table: _Table, key: str) -> tuple[NetworkConfig | None, str | None]:
    """The network (None if it has problems) and its room id (None if that is bad)."""
    values: dict[str, Any] = {}

    room_id = table.text("room_id", hint="the room's id, e.g. !AbCdEfGhIjKlMnOp:example.org")
    if room_id is not None and _has_example_server(room_id):
        table.report_placeholder("room_id")
        room_id = None
    elif room_id is not None and not _ROOM_ID.fullmatch(room_id):
        if _ROOM_ALIAS.fullmatch(room_id):
            table.report(
                f"{room_id!r} is a room alias, but a room id is needed (it starts with '!'; "
                f"in Element: Room settings → Advanced → Internal room ID)",
                key="room_id",
            )
        else:
            table.report(
                f"{room_id!r} is not a Matrix room id (expected !opaque:server, e.g. "
                f"!AbCdEfGhIjKlMnOp:example.org)",
                key="room_id",
            )
        room_id = None

    name = table.text("name", hint="the network's display name, e.g. IKZ Digitalisierung Lippe")

    _pick(
        table,
        values,
        "timezone",
        "time zone",
        _available_timezones(),
        lambda typed: _suggestion(
            typed, _available_timezones(), "use an IANA name, e.g. Europe/Berlin"
        ),
    )

    languages = f" (use {' or '.join(map(repr, LANGUAGES))})"
    _pick(table, values, "language", "language", LANGUAGES, lambda _: languages)

    region = table.text("holiday_region", optional=True)
    if region is not None:
        states = _german_states()
        code = region.upper()
        if code.startswith("DE-") and code[3:] in states:
            values["holiday_region"] = code
        else:
            table.report(
                f"unknown holiday region {region!r} (use DE- and a German state code: "
                f"{', '.join('DE-' + s for s in states)})",
                key="holiday_region",
            )

    level = table.integer("moderator_power_level", low=0, high=100)
    if level is not None:
        values["moderator_power_level"] = level

    municipalities = _parse_municipalities(table)
    if municipalities is not None:
        values["municipalities"] = municipalities

    if table.raw("posts") is not _MISSING:
        posts = _parse_posts(table.section("posts"))
        if posts is not None:
            values["posts"] = posts

    table.check_unknown([f for f in _field_names(NetworkConfig) if f != "key"])
    if table.failed or room_id is None or name is None:
        return None, room_id
    return NetworkConfig(key=key, room_id=room_id, name=name, **values), room_id


_POST_DAYS = {"agenda_call_days": 60, "agenda_days": 30}
_POST_MINUTES = {"reminder_minutes": 24 * 60, "followup_minutes": 24 * 60}
_POST_TIMES = ("agenda_call_at", "agenda_at")


def _parse_posts(table: _Table) -> PostTimes | None:
    """`[networks.<key>.posts]`: when the agenda call, agenda, reminder and follow-up go out."""
    values: dict[str, Any] = {}
    for key, high in {**_POST_DAYS, **_POST_MINUTES}.items():
        number = table.integer(key, low=0, high=high)
        if number is not None:
            values[key] = number
    for key in _POST_TIMES:
        text = table.text(key, optional=True)
        if text is None:
            continue
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
        if match:
            values[key] = time(int(match.group(1)), int(match.group(2)))
        else:
            table.report(f'expected a time of day like "09:00", got {text!r}', key=key)
    table.check_unknown([*_POST_DAYS, *_POST_MINUTES, *_POST_TIMES])
    return None if table.failed else PostTimes(**values)


def _parse_municipalities(table: _Table) -> tuple[str, ...] | None:
    raw = table.raw("municipalities")
    if raw is _MISSING:
        return None
    if isinstance(raw, str):
        if table.placeholder(raw, key="municipalities"):
            return None
        available = bundled_lists()
        if raw not in available:
            table.report(
                f"no bundled list of municipalities named {raw!r} (available: "
                f"{', '.join(map(repr, available)) or 'none'}; or give a list of names)",
                key="municipalities",
            )
            return None
        return tuple(name for name, _ in bundled_municipalities(raw))

    names = table.text_list("municipalities", what="a list of names or the name of a bundled list")
    if names is None:
        return None
    seen: set[str] = set()
    result: list[str] = []
    for index, name in enumerate(names):
        clean = name.strip()
        if not clean:
            table.report("names must not be empty", key=f"municipalities[{index}]")
        elif clean in seen:
            table.report(f"{clean!r} is listed twice", key=f"municipalities[{index}]")
        seen.add(clean)
        result.append(clean)
    return tuple(result)


# --- field checks ------------------------------------------------------------------------------


def _check_homeserver(table: _Table, url: str) -> str | None:
    if url.rstrip("/") == EXAMPLE_HOMESERVER:
        table.report_placeholder("homeserver")
        return None
    return _check_url(
        table,
        url,
        key="homeserver",
        expected="a homeserver URL (expected http:// or https:// and a host name, "
        "e.g. https://matrix.example.org)",
    )


def _check_public_url(table: _Table, url: str) -> str | None:
    return _check_url(
        table,
        url,
        key="public_url",
        expected="a public URL (expected http:// or https://, a host name and optionally a "
        "path, e.g. https://bot.kreis-lippe.de/ikz)",
    )


def _check_url(table: _Table, url: str, *, key: str, expected: str) -> str | None:
    """`url` without a trailing slash if it is an http(s) URL with a real host name (no
    example host, query, fragment or white space); else reported under `key`."""
    url = url.rstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts, host = None, ""
    if _is_example_host(host):
        table.report_placeholder(key)
        return None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or parts.query
        or parts.fragment
        or any(ch.isspace() for ch in url)
    ):
        table.report(f"{url!r} is not {expected}", key=key)
        return None
    return url


def _listen_address(text: str) -> tuple[str, int] | None:
    """``host:port`` (IPv6 hosts in brackets) as (host, port); None if malformed."""
    host, sep, port = text.strip().rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if (
        not sep
        or not host
        or not (port.isascii() and port.isdigit())
        or not 1 <= int(port) <= 65535
    ):
        return None
    if not re.fullmatch(r"[A-Za-z0-9.-]+|[0-9A-Fa-f:.]+", host):
        return None
    return host, int(port)


def _check_user_id(table: _Table, label: str, user_id: str) -> bool:
    """Check the shape of a full Matrix user id; report under ``label``."""
    if _has_example_server(user_id):
        table.report_placeholder(label)
        return False
    if not _USER_ID.fullmatch(user_id):
        table.report(
            f"{user_id!r} is not a full Matrix user id (expected @name:server, e.g. "
            f"@ikz-bot:example.org)",
            key=label,
        )
        return False
    return True


def _has_example_server(matrix_id: str) -> bool:
    """True for ids such as @bot:example.org or !room:matrix.example.org:8448."""
    server = matrix_id.partition(":")[2]
    host = server.partition("]")[0] if server.startswith("[") else server.partition(":")[0]
    return _is_example_host(host)


def _is_example_host(host: str) -> bool:
    host = host.lower()
    return host == EXAMPLE_DOMAIN or host.endswith("." + EXAMPLE_DOMAIN)


@functools.cache
def _available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


GERMAN_STATES = (
    *("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV"),
    *("NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"),
)
"""The two-letter state codes `holidays` knows for Germany (a test keeps them equal), written
out because importing `holidays`' countries costs ~0.2 s of CPU at every start."""


def _german_states() -> tuple[str, ...]:
    return GERMAN_STATES


def _pick(
    table: _Table,
    values: dict[str, Any],
    key: str,
    what: str,
    allowed: Container[str],
    hint: Callable[[str], str],
    normalize: Callable[[str], str] = str,
) -> None:
    """Read the optional text `key` into `values` (normalized) if `allowed`; else report the
    unknown `what`, with `hint(typed)` saying what would fit."""
    typed = table.text(key, optional=True)
    if typed is None:
        return
    if normalize(typed) in allowed:
        values[key] = normalize(typed)
    else:
        table.report(f"unknown {what} {typed!r}{hint(typed)}", key=key)


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _suggestion(value: str, known: Iterable[str], otherwise: str = "") -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" ({otherwise})" if otherwise else ""


def _field_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def _describe(value: Any) -> str:
    """Say what a TOML value is, in words a person editing the file understands."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a decimal number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a section/table"
    return f"a date/time ({value})"


class _Table:
    """One TOML table being read: typed getters that report problems under dotted paths."""

    def __init__(
        self, data: Mapping[str, Any], path: str, known: Iterable[str], problems: list[str]
    ) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.failed = False
        if known:
            self.check_unknown(known)

    def _key_path(self, key: str | None) -> str:
        if not key:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def report(self, message: str, key: str | None = None) -> None:
        self.problems.append(f"{self._key_path(key)}: {message}")
        self.failed = True

    def report_placeholder(self, key: str) -> None:
        self.report("still the placeholder from config.example.toml — fill in the real value", key)

    def placeholder(self, value: str, key: str) -> bool:
        """Report and return True if ``value`` is left over from the example file."""
        if PLACEHOLDER_MARK in value:
            self.report_placeholder(key)
            return True
        return False

    def check_unknown(self, known: Iterable[str]) -> None:
        known = list(known)
        for key in self.data:
            if key not in known:
                self.report(
                    "unknown key" + _suggestion(key, known, "known keys: " + ", ".join(known)),
                    key=key,
                )

    def raw(self, key: str) -> Any:
        return self.data.get(key, _MISSING)

    def _optional(self, key: str, fits: Callable[[object], bool], what: str) -> Any:
        """The value of the optional `key` if it `fits`; None if missing or (reported) not
        `what`."""
        value = self.raw(key)
        if value is _MISSING:
            return None
        if not fits(value):
            self.report(f"expected {what}, got {_describe(value)}", key)
            return None
        return value

    def section(self, key: str) -> _Table:
        """A sub-table; a missing one reads as empty, so its missing keys are all reported."""
        value = self.raw(key)
        if value is _MISSING:
            value = {}
        elif not isinstance(value, Mapping):
            self.report(f"expected a section [{key}], got {_describe(value)}", key=key)
            value = {}
        return _Table(value, self._key_path(key), (), self.problems)

    def text(
        self,
        key: str,
        *,
        hint: str = "",
        optional: bool = False,
        placeholder_ok: bool = False,
    ) -> str | None:
        """A required (with ``hint``) or optional string, non-empty and not a placeholder."""
        value = self.raw(key)
        if value is _MISSING:
            if not optional:
                self.report(f"missing ({hint})" if hint else "missing", key)
            return None
        if not isinstance(value, str):
            self.report(f"expected text, got {_describe(value)}", key)
            return None
        if placeholder_ok and PLACEHOLDER_MARK in value:
            return None
        if self.placeholder(value, key):
            return None
        if not value.strip():
            self.report("must not be empty", key)
            return None
        return value

    def integer(self, key: str, *, low: int, high: int) -> int | None:
        """An optional whole number in ``low..high``; true/false does not count as a number."""
        value = self._optional(key, _is_whole_number, "a whole number")
        if value is None:
            return None
        if not low <= value <= high:
            self.report(f"{value} is out of range (allowed: {low} to {high})", key)
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        return self._optional(key, lambda v: isinstance(v, bool), "true or false")

    def text_list(self, key: str, *, what: str = "a list of text") -> list[str] | None:
        """An optional list whose items are all strings (placeholders reported per item)."""
        value = self._optional(key, lambda v: isinstance(v, list), what)
        if value is None:
            return None
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.report(f"expected text, got {_describe(item)}", f"{key}[{index}]")
                ok = False
            elif self.placeholder(item, f"{key}[{index}]"):
                ok = False
        return list(value) if ok else None
