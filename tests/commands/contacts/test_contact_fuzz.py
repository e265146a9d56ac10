"""Property: whatever follows `!kontakt` or `!kontakte`, the router answers with a reply or a
clean refusal, never with the apology for a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.catalogue import t
from commands.rendering import MAX_BODY_CHARS, render
from commands.router import route
from tests.commands.contacts.support import ERIKA, add_contact
from tests.commands.support import REGISTRY, invocation

_WORDS = st.sampled_from(
    [
        "ich", "me", "neu", "new", "vcf", "löschen", "delete", "name", "kommune", "telefon",
        "email", "themen", "vertretung", "matrix", "rolle", "-", '"', "„", "“", "@", ":",
        "kommune:", "matrix:", "@max:lippe.de", "Lemgo", "(Lage)", "Müller", "05231/1234-56",
        "+49", "erika@lemgo.de", "\n", "ß", "\u200b",
    ]
)  # fmt: skip
_TEXT = st.lists(_WORDS | st.text(max_size=12), max_size=8).map(" ".join) | st.text(max_size=300)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["kontakt", "contact", "kontakte", "contacts", "meine-daten"]),
    rest=_TEXT,
    moderator=st.booleans(),
)
async def test_contact_commands_never_crash(make_ctx, lippe, session, name, rest, moderator):
    """Random text after a contact command gives a renderable reply, never the crash apology."""
    routed = await route(
        invocation(f"!{name} {rest}", sender=ERIKA), make_ctx(lippe, moderator=moderator), REGISTRY
    )
    assert routed is not None
    out = render(routed.reply)
    assert out.plain != t("de", "router.crash")
    assert 0 < len(out.plain) <= MAX_BODY_CHARS
    assert "@room" not in out.plain and "<script" not in out.html
    if routed.keep_changes:
        await session.commit()
    else:
        await session.rollback()


async def test_fuzz_setup_has_someone_to_find(make_ctx, lippe, session):
    """Sanity check for the property: the directory the fuzzer runs against can be searched."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    routed = await route(invocation("!kontakt lemgo"), make_ctx(lippe), REGISTRY)
    assert "Erika Musterfrau" in render(routed.reply).plain
