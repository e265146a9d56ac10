"""Write an ikz-bot config file for a local homeserver (demo, tests, benchmarks)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """One network room for the config: key, room id, name, language."""

    key: str
    room_id: str
    name: str
    language: str = "de"
    municipalities: str = "lippe"


def write_bot_config(
    path: Path,
    *,
    homeserver: str,
    user_id: str,
    password: str,
    networks: list[NetworkSpec],
    data_dir: Path,
    admins: tuple[str, ...] = (),
    catch_up_minutes: int = 15,
    http_listen: str | None = None,
) -> Path:
    """A complete config file; strings are written as JSON strings, which TOML accepts.

    The HTTP listener is off unless `http_listen` is given: bots started side by side must
    not compete for one port.
    """
    q = json.dumps
    lines = [
        "[matrix]",
        f"homeserver = {q(homeserver)}",
        f"user_id = {q(user_id)}",
        f"password = {q(password)}",
        "",
        "[bot]",
        f"data_dir = {q(str(data_dir))}",
        f"catch_up_minutes = {catch_up_minutes}",
        f"admins = [{', '.join(q(a) for a in admins)}]",
        "",
        "[http]",
        f"enabled = {'true' if http_listen else 'false'}",
        *([f"listen = {q(http_listen)}"] if http_listen else []),
        "",
    ]
    for net in networks:
        lines += [
            f"[networks.{net.key}]",
            f"room_id = {q(net.room_id)}",
            f"name = {q(net.name)}",
            f"language = {q(net.language)}",
            f"municipalities = {q(net.municipalities)}",
            "",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
