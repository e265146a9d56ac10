"""`ikz-bot keys export|import|reset`: back up, restore or replace the cross-signing identity.

Export and import work on files only, so a backup can be taken and restored while the bot
is stopped; reset talks to the homeserver, because it replaces the published identity.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from nio import AsyncClient

from bot.cli_errors import failed
from bot.config import Config
from bot.identity import (
    IDENTITY_FILE,
    IdentityError,
    import_keys,
    load_keys,
    reset_identity,
    write_private,
)
from bot.session import log_in


def add_parser(sub: Any, *, default_config: str, config_help: str) -> None:
    """The `keys` command group."""
    group = sub.add_parser("keys", help="back up, restore or replace the bot's identity")
    actions = group.add_subparsers(dest="keys_action", required=True)
    export = actions.add_parser("export", help="print or write the identity's key file")
    export.add_argument("--output", type=Path, help="file to write, 0600 (default: print)")
    export.add_argument("--config", default=default_config, help=config_help)
    restore = actions.add_parser("import", help="restore an identity from a key file")
    restore.add_argument("file", help="the key file written by `keys export` (- for stdin)")
    restore.add_argument(
        "--replace", action="store_true", help="overwrite another identity stored here"
    )
    restore.add_argument("--config", default=default_config, help=config_help)
    reset = actions.add_parser(
        "reset", help="replace the account's identity by a new one (uses the password)"
    )
    reset.add_argument("--config", default=default_config, help=config_help)


def run(args: argparse.Namespace, config: Config) -> int:
    """Run one `keys` action; 0 ok, 2 nothing to do or bad input, 4 homeserver refused."""
    data_dir = config.bot.data_dir
    try:
        if args.keys_action == "export":
            return _export(data_dir, args.output)
        if args.keys_action == "import":
            text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
            master = import_keys(data_dir, text, config.matrix.user_id, replace=args.replace)
            print(f"imported identity with master key {master}; restart the bot to use it")
            return 0
        master = asyncio.run(_reset(config))
        print(f"{config.matrix.user_id} has a new identity, master key {master}")
        return 0
    except OSError as err:
        return failed(err, 2)
    except IdentityError as err:
        return failed(err, 2 if args.keys_action != "reset" else 4)


def _export(data_dir: Path, output: Path | None) -> int:
    keys = load_keys(data_dir)
    if keys is None:
        return failed(f"no identity in {data_dir / IDENTITY_FILE} yet; start the bot once", 2)
    if output is None:
        print(keys.to_json())
    else:
        write_private(output, keys.to_json() + "\n")
        print(f"wrote the identity (master key {keys.master_public}) to {output}; keep it safe")
    return 0


async def _reset(config: Config) -> str:
    client = AsyncClient(config.matrix.homeserver, config.matrix.user_id)
    try:
        await log_in(client, config.matrix, config.bot.data_dir)
        return await reset_identity(client, config.bot.data_dir, config.matrix.password)
    finally:
        await client.close()
