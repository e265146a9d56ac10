"""Log in once, then reuse the same device forever (DESIGN.md invariant 4).

The session (user id, device id, access token) is kept in `session.json` in the data
directory, readable only by the bot's user. A new device per start would lose the
encryption keys and Synapse's transaction de-duplication, so a stale token is replaced by
a password login *on the same device id*.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from nio import AsyncClient, LoginResponse, WhoamiResponse

from bot.config import MatrixConfig

log = logging.getLogger(__name__)

SESSION_FILE = "session.json"


class LoginFailed(Exception):
    """The homeserver did not accept the bot's credentials; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class StoredSession:
    """What is needed to come back as the same device."""

    homeserver: str
    user_id: str
    device_id: str
    access_token: str


def load_session(path: Path) -> StoredSession | None:
    """The saved session, or None if there is none or it is unreadable."""
    try:
        return StoredSession(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as err:
        log.warning("ignoring unreadable %s: %s", path, err)
        return None


def save_session(path: Path, session: StoredSession) -> None:
    """Write the session atomically, with permissions 0600 (it holds an access token)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(session), handle)
    os.replace(tmp, path)


async def log_in(client: AsyncClient, matrix: MatrixConfig, data_dir: Path) -> StoredSession:
    """Restore the saved session if it still works, else log in with token or password."""
    path = data_dir / SESSION_FILE
    stored = load_session(path)
    if stored and (stored.homeserver, stored.user_id) == (matrix.homeserver, matrix.user_id):
        if await _restore(client, stored):
            log.info("restored session of device %s", stored.device_id)
            return stored
        log.warning(
            "saved access token no longer works; logging in again on device %s", stored.device_id
        )
    device_id = stored.device_id if stored and stored.user_id == matrix.user_id else None
    session = await _fresh_login(client, matrix, device_id)
    save_session(path, session)
    return session


async def _restore(client: AsyncClient, stored: StoredSession) -> bool:
    client.access_token = stored.access_token
    who = await client.whoami()
    if not isinstance(who, WhoamiResponse) or who.user_id != stored.user_id:
        client.access_token = ""
        return False
    client.restore_login(stored.user_id, stored.device_id, stored.access_token)
    return True


async def _fresh_login(
    client: AsyncClient, matrix: MatrixConfig, device_id: str | None
) -> StoredSession:
    if matrix.access_token:
        client.access_token = matrix.access_token
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse) or not who.device_id:
            raise LoginFailed(f"the access token was not accepted by {matrix.homeserver}: {who}")
        if who.user_id != matrix.user_id:
            raise LoginFailed(f"the access token belongs to {who.user_id}, not {matrix.user_id}")
        client.restore_login(who.user_id, who.device_id, matrix.access_token)
        return StoredSession(matrix.homeserver, who.user_id, who.device_id, matrix.access_token)
    if not matrix.password:
        raise LoginFailed("no password or access token to log in with")
    if device_id:
        client.device_id = device_id
    response = await client.login(matrix.password, device_name=matrix.device_name)
    if not isinstance(response, LoginResponse):
        raise LoginFailed(
            f"{matrix.homeserver} refused the login of {matrix.user_id}: {response.message}"
        )
    log.info("logged in as %s on device %s", response.user_id, response.device_id)
    return StoredSession(
        matrix.homeserver, response.user_id, response.device_id, response.access_token
    )
