"""A throwaway Synapse homeserver on loopback for `make demo`, integration tests and benchmarks.

The server runs as a plain subprocess of the current interpreter (Synapse must be installed in
the same environment), listens on 127.0.0.1 only, stores everything (SQLite DB, signing key,
media, log) in one directory and never talks to the internet: no federation, no key servers,
no stats, no URL previews.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

CONFIG_NAME = "homeserver.yaml"
LOG_CONFIG_NAME = "log_config.yaml"
LOG_NAME = "synapse.log"
PID_NAME = "synapse.pid"
APPSERVICE_NAME = "appservice.yaml"
LOG_TAIL_LINES = 40

# Never route loopback traffic through an HTTP(S)_PROXY from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class RateLimits:
    """Synapse rc_* settings; generous defaults so tests only hit a limit when they ask for it."""

    message_per_second: float = 1000.0
    message_burst: int = 1000
    # Applied to every other limiter (login, registration, joins, invites, room creation, ...).
    other_per_second: float = 1000.0
    other_burst: int = 1000

    def to_config(self) -> dict[str, Any]:
        """Return the rc_* keys exactly as Synapse's RatelimitConfig reads them."""
        msg = {"per_second": self.message_per_second, "burst_count": self.message_burst}
        other = {"per_second": self.other_per_second, "burst_count": self.other_burst}
        return {
            "rc_message": msg,
            "rc_registration": other,
            "rc_registration_token_validity": other,
            "rc_login": {"address": other, "account": other, "failed_attempts": other},
            "rc_admin_redaction": other,
            "rc_joins": {"local": other, "remote": other},
            "rc_joins_per_room": other,
            "rc_key_requests": other,
            "rc_3pid_validation": other,
            "rc_invites": {"per_room": other, "per_user": other, "per_issuer": other},
            "rc_third_party_invite": other,
            "rc_media_create": other,
            "rc_presence": {"per_user": other},
            "rc_delayed_event_mgmt": other,
            "rc_room_creation": other,
            "rc_reports": other,
            "rc_user_directory": other,
            "rc_profile": other,
        }


DEFAULT_RATE_LIMITS = RateLimits()


class SynapseHTTPError(RuntimeError):
    """A non-2xx answer from the homeserver, keeping the Matrix errcode for callers to branch on."""

    def __init__(self, status: int, errcode: str | None, body: str) -> None:
        super().__init__(f"HTTP {status} {errcode or ''}: {body[:500]}")
        self.status = status
        self.errcode = errcode
        self.body = body


def free_port() -> int:
    """Return a currently free TCP port on 127.0.0.1 (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int) -> bool:
    """Check bindability the way Twisted binds (SO_REUSEADDR), so TIME_WAIT doesn't count."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """Last lines of the log, so a failed start explains itself."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            return "".join(deque(fh, maxlen=lines))
    except OSError:
        return "<no log>"


class LocalSynapse:
    """A Synapse subprocess bound to 127.0.0.1 whose whole state lives in `base_dir`.

    Reusing a `base_dir` keeps the database, keys, users and (if still free) the port.
    """

    def __init__(
        self,
        base_dir: Path,
        *,
        port: int | None = None,
        server_name: str = "localhost",
        rate_limits: RateLimits = DEFAULT_RATE_LIMITS,
        access_log: bool = False,
    ) -> None:
        self.base_dir = Path(base_dir).resolve()
        self.server_name = server_name
        self.rate_limits = rate_limits
        self.access_log = access_log
        """Log every request with Synapse's own CPU and database time (costs it a little)."""
        self._requested_port = port
        self._proc: subprocess.Popen[bytes] | None = None
        existing = self._read_config()
        if existing is not None and existing.get("server_name") != server_name:
            raise ValueError(
                f"{self.config_path} belongs to server_name {existing.get('server_name')!r}, "
                f"not {server_name!r}; use another base_dir"
            )
        stored_port = _listener_port(existing) if existing is not None else None
        self.port: int = port or stored_port or free_port()

    # --- paths and addresses -------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL of the client API, e.g. http://127.0.0.1:8448."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.base_dir / CONFIG_NAME

    @property
    def log_path(self) -> Path:
        return self.base_dir / LOG_NAME

    @property
    def pid_path(self) -> Path:
        return self.base_dir / PID_NAME

    @property
    def signing_key_path(self) -> Path:
        return self.base_dir / f"{self.server_name}.signing.key"

    # --- lifecycle -----------------------------------------------------------------------

    def start(self, timeout: float = 90.0) -> None:
        """Write/refresh the config, spawn Synapse and block until /versions answers."""
        if self.is_running():
            return
        self.base_dir.mkdir(parents=True, exist_ok=True)
        self._refuse_stale_server()
        if not _port_is_free(self.port):
            if self._requested_port is not None:
                raise RuntimeError(f"port {self.port} on 127.0.0.1 is already in use")
            self.port = free_port()
        self._write_config()
        if not self.signing_key_path.exists():
            self._generate_keys()

        with self.log_path.open("ab") as log:
            log.write(f"\n=== starting Synapse on {self.url} at {time.ctime()} ===\n".encode())
            log.flush()
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
                cwd=self.base_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: stop() can signal it as a whole
            )
        self.pid_path.write_text(f"{self._proc.pid}\n")
        atexit.register(self.stop)  # don't leak a server if the caller forgets stop()
        try:
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM the process group, SIGKILL it if it lingers; safe to call repeatedly."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        atexit.unregister(self.stop)
        if proc.poll() is None:
            self._signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(proc, signal.SIGKILL)
                proc.wait()
        with contextlib.suppress(FileNotFoundError):
            self.pid_path.unlink()

    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- users ---------------------------------------------------------------------------

    def register(self, localpart: str, password: str, *, admin: bool = False) -> str:
        """Create a user via the shared-secret admin API and return its full user id.

        Idempotent: if the user exists, the password is verified with a login (whose device
        is logged out again) and the id is returned; a different password raises ValueError.
        The admin flag of an existing user is not changed.
        """
        if not self.is_running():
            raise RuntimeError("Synapse is not running; call start() first")
        path = "/_synapse/admin/v1/register"
        nonce = str(self._request("GET", path)["nonce"])
        signed = (nonce, localpart, password, "admin" if admin else "notadmin")
        mac = hmac.new(
            self._shared_secret().encode(),
            b"\x00".join(part.encode() for part in signed),
            hashlib.sha1,
        )
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
        }
        try:
            return str(self._request("POST", path, body)["user_id"])
        except SynapseHTTPError as err:
            if err.errcode != "M_USER_IN_USE":
                raise
        self._check_password(localpart, password)
        return f"@{localpart}:{self.server_name}"

    def _check_password(self, localpart: str, password: str) -> None:
        """Log in once to prove the password, then log out so no device is left behind."""
        login = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": localpart},
            "password": password,
            "initial_device_display_name": "LocalSynapse.register check",
        }
        try:
            token = self._request("POST", "/_matrix/client/v3/login", login)["access_token"]
        except SynapseHTTPError as err:
            if err.errcode == "M_FORBIDDEN":
                raise ValueError(
                    f"@{localpart}:{self.server_name} exists with a different password"
                ) from err
            raise
        self._request("POST", "/_matrix/client/v3/logout", {}, token=str(token))

    # --- internals -----------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        """Tiny JSON-over-HTTP helper (stdlib only, proxies bypassed)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token is not None:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                return dict(json.loads(resp.read() or b"{}"))
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", errors="replace")
            errcode = None
            with contextlib.suppress(ValueError, AttributeError):
                errcode = json.loads(text).get("errcode")
            raise SynapseHTTPError(err.code, errcode, text) from None

    def _wait_until_ready(self, timeout: float) -> None:
        """Poll /versions until it answers; fail fast if the process dies."""
        assert self._proc is not None
        deadline = time.monotonic() + timeout
        while True:
            code = self._proc.poll()
            if code is not None:
                raise RuntimeError(self._failure(f"Synapse exited with code {code} during start"))
            try:
                with _OPENER.open(self.url + "/_matrix/client/versions", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(self._failure(f"Synapse did not answer within {timeout:.0f}s"))
            time.sleep(0.1)

    def _failure(self, reason: str) -> str:
        return f"{reason} ({self.url}, base_dir {self.base_dir}); log tail:\n{_tail(self.log_path)}"

    @staticmethod
    def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)

    def _refuse_stale_server(self) -> None:
        """Two Synapses on one SQLite file corrupt it; refuse if a previous one still runs."""
        try:
            pid = int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return  # not running (or not Linux: then we cannot tell, assume stale file)
        if "synapse.app.homeserver" in cmdline and str(self.config_path) in cmdline:
            raise RuntimeError(
                f"a Synapse (pid {pid}) is still running on {self.base_dir}; stop it first"
            )

    def _generate_keys(self) -> None:
        """Let Synapse create its signing key (only needed once per base_dir)."""
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "synapse.app.homeserver",
                "-c",
                str(self.config_path),
                "--generate-keys",
            ],
            cwd=self.base_dir,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not self.signing_key_path.exists():
            raise RuntimeError(
                f"synapse --generate-keys failed ({result.returncode}):\n"
                f"{result.stdout[-4000:]}{result.stderr[-4000:]}"
            )

    def _read_config(self) -> dict[str, Any] | None:
        """Load an existing homeserver.yaml (written as JSON, which is valid YAML)."""
        try:
            text = self.config_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return dict(json.loads(text))
        except ValueError:
            import yaml  # hand-edited YAML; PyYAML ships with Synapse

            return dict(yaml.safe_load(text))

    def _shared_secret(self) -> str:
        config = self._read_config()
        if config is None:
            raise RuntimeError(f"{self.config_path} missing; call start() first")
        return str(config["registration_shared_secret"])

    @property
    def appservice_token(self) -> str:
        """The token of a test application service that may act as any user and set `ts`
        (to send events with a crafted `origin_server_ts`, as another homeserver could)."""
        return str(json.loads((self.base_dir / APPSERVICE_NAME).read_text())["as_token"])

    def _write_appservice(self) -> Path:
        """The application service registration (no URL: Synapse pushes nothing to it)."""
        path = self.base_dir / APPSERVICE_NAME
        if not path.exists():
            registration = {
                "id": "ikz-tests",
                "url": None,
                "as_token": secrets.token_urlsafe(32),
                "hs_token": secrets.token_urlsafe(32),
                "sender_localpart": "ikz-tests-appservice",
                "rate_limited": False,
                "namespaces": {
                    "users": [{"exclusive": False, "regex": "@.*"}],
                    "rooms": [],
                    "aliases": [],
                },
            }
            path.write_text(json.dumps(registration, indent=2) + "\n", encoding="utf-8")
        return path

    def _write_config(self) -> None:
        """Create homeserver.yaml, or refresh the keys we own while keeping secrets and edits."""
        base = self.base_dir
        config = self._read_config() or {
            "registration_shared_secret": secrets.token_urlsafe(32),
            "macaroon_secret_key": secrets.token_urlsafe(32),
            "form_secret": secrets.token_urlsafe(32),
            "enable_registration": False,
            "report_stats": False,
            # No federation: no listener resource, no outbound destinations, no key servers.
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "presence": {"enabled": False},
            "url_preview_enabled": False,
            # Fast password hashing: registration/login in tests would otherwise cost ~0.3s each.
            "bcrypt_rounds": 4,
            # A fresh DB queues ~56 background updates with a 1s pause after each batch; run
            # them back to back so they are done seconds after start instead of a minute.
            "background_updates": {"sleep_enabled": False},
        }
        config.update(
            {
                "server_name": self.server_name,
                "public_baseurl": self.url + "/",
                "listeners": [
                    {
                        "port": self.port,
                        "bind_addresses": ["127.0.0.1"],
                        "type": "http",
                        "tls": False,
                        "x_forwarded": False,
                        "resources": [{"names": ["client"], "compress": False}],
                    }
                ],
                "database": {
                    "name": "sqlite3",
                    "args": {"database": str(base / "homeserver.db")},
                },
                "media_store_path": str(base / "media_store"),
                "signing_key_path": str(self.signing_key_path),
                "log_config": str(base / LOG_CONFIG_NAME),
                "app_service_config_files": [str(self._write_appservice())],
                **self.rate_limits.to_config(),
            }
        )
        self.config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        log_config = {
            "version": 1,
            "formatters": {
                "precise": {
                    "format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s"
                }
            },
            "handlers": {
                "file": {
                    "class": "logging.FileHandler",
                    "formatter": "precise",
                    "filename": str(self.log_path),
                    "encoding": "utf-8",
                    "level": "INFO" if self.access_log else "WARNING",
                }
            },
            "root": {"level": "WARNING", "handlers": ["file"]},
            "loggers": {"synapse.access.http": {"level": "INFO"}} if self.access_log else {},
            "disable_existing_loggers": False,
        }
        (base / LOG_CONFIG_NAME).write_text(json.dumps(log_config, indent=2) + "\n")


def _listener_port(config: dict[str, Any]) -> int | None:
    """Port of the first listener in an existing config, to keep URLs stable across runs."""
    for listener in config.get("listeners") or []:
        port = listener.get("port")
        if isinstance(port, int):
            return port
    return None
