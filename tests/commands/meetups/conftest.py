"""Fixtures for the meet-up tests: Lippe's December and January meet-ups."""

from __future__ import annotations

import pytest

from storage.records import MeetupRecord
from tests.commands.meetups.support import DEC_8, JAN_12, add_meetup


@pytest.fixture
async def december(session, lippe) -> MeetupRecord:
    return await add_meetup(session, lippe, DEC_8)


@pytest.fixture
async def january(session, lippe, december) -> MeetupRecord:
    return await add_meetup(session, lippe, JAN_12)
