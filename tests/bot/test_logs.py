"""log_format = "json": every record, tracebacks included, is one JSON object on one line."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from bot.logs import JsonFormatter


def _record(message: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("bot.sync", logging.WARNING, __file__, 1, message, args, exc_info)


def test_a_record_becomes_one_json_line() -> None:
    """Level, logger, the formatted message and a UTC timestamp, on a single line."""
    line = JsonFormatter().format(
        _record("sync failed; next try in %.0f s (%s)", 4.0, "Zeile 1\nZeile 2")
    )

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "bot.sync"
    assert entry["message"] == "sync failed; next try in 4 s (Zeile 1\nZeile 2)"
    assert entry["time"].endswith("+00:00")


def test_a_traceback_stays_inside_the_object() -> None:
    """An exception's traceback is a field of the same object, not lines of its own."""
    try:
        raise ValueError("Lemgo")
    except ValueError:
        line = JsonFormatter().format(_record("could not handle event", exc_info=sys.exc_info()))

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["exception"].startswith("Traceback") and "ValueError: Lemgo" in entry["exception"]


def test_configured_process_logs_only_json_lines() -> None:
    """configure_logging(…, "json") in a fresh process: each line of stderr parses as JSON."""
    script = (
        "import logging; from bot.logs import configure_logging;"
        "configure_logging('INFO', 'json');"
        "log = logging.getLogger('bot.app');"
        "log.info('ikz-bot is ready as %s', '@ikz-bot:lemgo.test');"
        "\ntry:\n 1/0\nexcept ZeroDivisionError:\n log.exception('boom')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    entries = [json.loads(line) for line in done.stderr.splitlines()]
    assert [e["message"] for e in entries] == ["ikz-bot is ready as @ikz-bot:lemgo.test", "boom"]
    assert "ZeroDivisionError" in entries[1]["exception"]
