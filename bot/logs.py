"""How the process logs: readable lines for people, or one JSON object per line for collectors."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

__all__ = ["JsonFormatter", "configure_logging"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CHATTY = ("nio", "peewee", "alembic", "apscheduler", "aiohttp.access")
"""Libraries that log at INFO per event, query or job: kept at WARNING."""
WITH_PARAMETERS = ("aiosqlite",)
"""Libraries whose DEBUG lines carry SQL statements with their parameters (message texts,
names): never below INFO, so no log level shows personal data."""


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, traceback.

    A multi-line message or traceback stays inside one line, so a collector never splits a
    record or mixes two.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:  # exc_text: as bot.pseudonyms left it
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(
    level: str, log_format: str, pseudonyms: logging.Filter | None = None
) -> None:
    """Log to stderr at `level` in `log_format` ("text" or "json"); every record, also of
    libraries, passes `pseudonyms` (bot.pseudonyms: no Matrix user id in any line)."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    if pseudonyms is not None:
        handler.addFilter(pseudonyms)
    logging.basicConfig(level=level, handlers=[handler])
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
    for name in WITH_PARAMETERS:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
