"""The `ikz-bot` command line: run the bot, check a config file, upgrade the database,
import and export contacts, back up the cross-signing identity, name a person's log
pseudonym."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from bot import contacts_cli, keys_cli, pseudonyms
from bot.app import BotApp
from bot.cli_errors import failed
from bot.clock import Clock, starting_at, utc_now
from bot.config import Config, ConfigError, load_config
from bot.http import ListenFailed, standby_listener
from bot.instance_lock import active_instance
from bot.logs import configure_logging
from bot.session import LoginFailed
from storage.db import create_engine, session_factory
from storage.migrate import DatabaseTooNew, prepare

DEFAULT_CONFIG = os.environ.get("IKZ_BOT_CONFIG", "config.toml")
LOCK_LOST = 5
"""Exit code when the database lock was lost: restart (as a standby) rather than go on."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line (`bot.launch` imports this module and calls it)."""
    args = _parser().parse_args(argv)
    try:
        config = load_config(Path(args.config))
    except ConfigError as err:
        print(f"{args.config}: {len(err.problems)} problem(s):", file=sys.stderr)
        for problem in err.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    if args.command == "check-config":
        names = ", ".join(f"{n.key} ({n.room_id})" for n in config.networks)
        print(f"{args.config} is valid: {len(config.networks)} network(s): {names}")
        return 0
    if args.command == "pseudonym":
        return _print_pseudonyms(config, args.user_ids)
    key = pseudonyms.key_for(config.bot.data_dir)
    configure_logging(
        config.bot.log_level,
        config.bot.log_format,
        pseudonyms.PseudonymFilter(key, keep={config.matrix.user_id}),
    )
    try:
        if args.command == "db":
            return asyncio.run(_upgrade(config))
        if args.command == "contacts":
            return contacts_cli.run(args, config)
        if args.command == "keys":
            return keys_cli.run(args, config)
        now = starting_at(args.pretend_now) if getattr(args, "pretend_now", None) else utc_now
        return asyncio.run(_run(config, now))
    except ValueError as err:  # a --pretend-now without zone
        return failed(err, 2)
    except DatabaseTooNew as err:
        return failed(err, 3)
    except LoginFailed as err:
        return failed(f"login failed: {err}", 4)
    except ListenFailed as err:
        return failed(f"{err} (see [http] listen in the config)", 6)


def _print_pseudonyms(config: Config, user_ids: list[str]) -> int:
    """Print the log pseudonym of each user id, to find a person's lines on request."""
    try:
        key = pseudonyms.read_key(config.bot.data_dir)
    except pseudonyms.NoKey as err:
        return failed(err, 1)
    wrong = [user_id for user_id in user_ids if not pseudonyms.USER_ID.fullmatch(user_id)]
    if wrong:
        return failed(f"not a Matrix user id (@name:server): {', '.join(wrong)}", 2)
    for user_id in user_ids:
        print(f"{user_id} {pseudonyms.pseudonym(key, user_id)}")
    return 0


async def _upgrade(config: Config) -> int:
    engine = create_engine(config.bot.database_url)
    try:
        revision = await prepare(engine)
    finally:
        await engine.dispose()
    print(f"database is at revision {revision}")
    return 0


async def _run(config: Config, now: Clock) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    engine = create_engine(config.bot.database_url)
    standby = standby_listener(config, session_factory(engine))

    async def serve_health() -> None:  # a standby answers /health, so Docker keeps it
        if standby is not None:
            await standby.start()

    try:
        async with active_instance(config.bot.database_url, stop, serve_health) as active:
            if standby is not None:
                await standby.stop()  # the active bot's own listener takes the address
            if active is not None:  # None: stopped while standing by
                await BotApp(config, now).run(stop)
    finally:
        if standby is not None:
            await standby.stop()
        await engine.dispose()
    logging.getLogger(__name__).info("ikz-bot stopped")
    return LOCK_LOST if active is not None and active.lost else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ikz-bot", description="Matrix bot for municipal CDO networks"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    config_help = f"path to the TOML config (default: $IKZ_BOT_CONFIG or {DEFAULT_CONFIG})"
    run = sub.add_parser("run", help="run the bot")
    run.add_argument("--config", default=DEFAULT_CONFIG, help=config_help)
    run.add_argument(
        "--pretend-now",
        type=datetime.fromisoformat,
        metavar="ISO-TIME",
        help="demo/testing aid: start the bot's clock at this instant (with zone offset)",
    )
    check = sub.add_parser("check-config", help="report every problem in a config file")
    check.add_argument("--config", default=DEFAULT_CONFIG, help=config_help)
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument(
        "action", choices=["upgrade"], help="apply the migrations up to the latest schema"
    )
    db.add_argument("--config", default=DEFAULT_CONFIG, help=config_help)
    lookup = sub.add_parser(
        "pseudonym", help="print the name the log gives a person (user:…), to find their lines"
    )
    lookup.add_argument("user_ids", nargs="+", metavar="USER_ID", help="e.g. @erika:example.org")
    lookup.add_argument("--config", default=DEFAULT_CONFIG, help=config_help)
    contacts_cli.add_parser(sub, default_config=DEFAULT_CONFIG, config_help=config_help)
    keys_cli.add_parser(sub, default_config=DEFAULT_CONFIG, config_help=config_help)
    return parser
