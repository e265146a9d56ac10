"""The entry point of `ikz-bot` and `python -m bot`: imports the bot with the collector paused.

Start-up imports build about 220,000 objects (modules, classes, functions) that live
as long as the process, and almost no garbage: the cyclic collector's 300-odd passes over them
cost about 0.15 s of CPU, an eighth of the imports. So it is paused while importing, and what
was imported is frozen (never scanned again, also not by later collections) before it resumes.
The few cycles the imports leave behind (some hundred kilobytes) stay for the process's life.
"""

from __future__ import annotations

import gc


def main() -> int:
    """Import the command line with the collector paused, then run it."""
    gc.disable()
    try:
        from bot.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    return cli_main()
