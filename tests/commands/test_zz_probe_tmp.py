from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from commands.rendering import render
from tests.commands.test_meetups import run, add_meetup, DEC_8
from tests.commands.conftest import *  # noqa
from storage import meetups
from tests.commands.conftest import NOW

_WORDS = st.sampled_from(["", "liste", "serie", "neu", "absagen", "verschieben", "ics", "plan", "posts", "move", "9.12.", "serie jeden", "neu 8.12.", "verschieben 8.12. auf", "absagen 8.12."])
_TEXT = st.text(alphabet="0123456789.:- aufbisjedenTagMoDiUhr2nd,ltzthmorgenwochefr", max_size=40)

@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(verb=_WORDS, rest=_TEXT)
async def test_probe(make_ctx, lippe, session, verb, rest):
    if not await meetups.upcoming(session, lippe.id, after=NOW, limit=1):
        await add_meetup(session, lippe, DEC_8)
    routed = await run(make_ctx, lippe, f"!treffen {verb} {rest}", moderator=True)
    out = render(routed.reply)
    assert "Entschuldigung" not in out.plain, (verb, rest)
