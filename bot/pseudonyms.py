"""Pseudonyms for Matrix user ids in the log: a person's id never reaches a log line.

A Matrix id names a person, and logs go to collectors, tickets and backups. Every log record
passes one filter that replaces each user id with `user:<10 hex>`, an HMAC-SHA256 of the id
under a random key of this installation (kept in `data_dir`, 0600). One person gets the same
pseudonym in every line, so an operator can follow them without learning who it is; to look
a person up on request, `ikz-bot pseudonym @erika:example.org` prints theirs. Doing it in a
filter, not at each call site, also covers library loggers, exception texts and delivery keys
that carry an id, and a future log call cannot forget it. Room ids are not personal.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Collection
from pathlib import Path

KEY_FILE = "log-pseudonym.key"
USER_ID = re.compile(
    r"(?:@|%40)(?P<local>[A-Za-z0-9._=\-/+]+)(?::|%3[Aa])"
    r"(?P<server>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*|\[[0-9A-Fa-f:.]+\])"
    r"(?:(?::|%3[Aa])(?P<port>\d{1,5})\b)?"
)
"""A Matrix user id (`@localpart:server[:port]`) anywhere in a text, also percent-encoded
in a URL (`%40erika%3Aexample.org`, as library debug lines show request paths)."""


class NoKey(Exception):
    """The installation has no pseudonym key yet (the bot makes it at its first start)."""


def pseudonym(key: bytes, user_id: str) -> str:
    """The stable, non-reversible name of `user_id` in this installation's log."""
    digest = hmac.new(key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"user:{digest[:10]}"


def read_key(data_dir: Path) -> bytes:
    """The installation's key; raises NoKey if the bot never started with this `data_dir`."""
    try:
        return bytes.fromhex((data_dir / KEY_FILE).read_text(encoding="ascii").strip())
    except FileNotFoundError:
        raise NoKey(
            f"no pseudonym key in {data_dir}: the bot makes one at its first start"
        ) from None


def key_for(data_dir: Path) -> bytes:
    """The installation's key, made (random, 0600) on first use; two bots sharing `data_dir`
    (active and standby) therefore name a person alike."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(data_dir / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_key(data_dir)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32))
    return read_key(data_dir)


class PseudonymFilter(logging.Filter):
    """Rewrites every record's message and traceback with pseudonyms instead of user ids.

    `keep` lists ids that name no person (the bot's own account).
    """

    def __init__(self, key: bytes, keep: Collection[str] = ()) -> None:
        super().__init__()
        self._key = key
        self._keep = frozenset(keep)

    def scrub(self, text: str) -> str:
        """`text` with every user id but the kept ones replaced by its pseudonym."""
        return USER_ID.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        port = match["port"]
        user_id = f"@{match['local']}:{match['server']}" + (f":{port}" if port else "")
        return match.group(0) if user_id in self._keep else pseudonym(self._key, user_id)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True
