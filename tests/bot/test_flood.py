"""The per-user flood limit: bursts pass, floods are skipped and told once, budgets refill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.flood import BURST, REFILL_SECONDS, FloodLimiter, Throttled, slow_down_notice
from commands.rendering import render

T0 = datetime(2026, 12, 8, 9, 41, 10, tzinfo=UTC)
ERIKA, MAX = "@erika:localhost", "@max:localhost"


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def _flood(limiter: FloodLimiter, user: str, count: int, start: float = 0.0, step: float = 0.01):
    return [limiter.check(user, _at(start + i * step)) for i in range(count)]


def test_a_burst_up_to_the_budget_is_answered():
    """30 commands at the same instant all pass (the burst benchmark sends 25 per user)."""
    limiter = FloodLimiter()
    assert [limiter.check(ERIKA, T0) for _ in range(BURST)] == [None] * BURST


def test_the_command_over_the_budget_is_throttled_and_told():
    """The 31st command of a burst is skipped and is the one that gets the notice."""
    limiter = FloodLimiter()
    verdicts = _flood(limiter, ERIKA, BURST + 1)
    assert verdicts[:BURST] == [None] * BURST
    assert verdicts[BURST] == Throttled(
        resume_at=datetime(2026, 12, 8, 9, 43, tzinfo=UTC), tell=True
    )


def test_a_flood_is_told_once_and_skipped_until_the_stated_time():
    """200 commands in two seconds: 30 pass, one notice, the rest silently skipped."""
    limiter = FloodLimiter()
    verdicts = _flood(limiter, ERIKA, 200)
    skipped = [v for v in verdicts if v is not None]
    assert len(skipped) == 200 - BURST
    assert sum(v.tell for v in skipped) == 1
    assert {v.resume_at for v in skipped} == {datetime(2026, 12, 8, 9, 43, tzinfo=UTC)}


def test_the_pause_ends_at_the_stated_time_with_a_full_budget():
    """After the stated time the user gets a full burst again; a new flood is told again."""
    limiter = FloodLimiter()
    _flood(limiter, ERIKA, 40)
    resume = datetime(2026, 12, 8, 9, 43, tzinfo=UTC)
    assert limiter.check(ERIKA, resume - timedelta(seconds=1)) == Throttled(resume, tell=False)
    start = (resume - T0).total_seconds()
    verdicts = _flood(limiter, ERIKA, BURST + 1, start=start)
    assert verdicts[:BURST] == [None] * BURST
    assert verdicts[BURST] is not None and verdicts[BURST].tell


def test_the_budget_refills_with_time():
    """An emptied budget gives one command back every REFILL_SECONDS."""
    limiter = FloodLimiter()
    assert _flood(limiter, ERIKA, BURST, step=0.0) == [None] * BURST
    assert limiter.check(ERIKA, _at(REFILL_SECONDS)) is None
    assert limiter.check(ERIKA, _at(REFILL_SECONDS + 0.1)) is not None


def test_a_steady_pace_is_never_throttled():
    """One command every REFILL_SECONDS goes on forever."""
    limiter = FloodLimiter()
    assert _flood(limiter, ERIKA, 500, step=REFILL_SECONDS) == [None] * 500


def test_one_users_flood_leaves_others_alone():
    """Max's commands pass while Erika is paused; budgets are per user, not per room."""
    limiter = FloodLimiter()
    _flood(limiter, ERIKA, 100)
    assert _flood(limiter, MAX, 25, start=0.5) == [None] * 25


def test_exempt_users_are_never_throttled():
    """An admin listed as exempt may send any number of commands."""
    limiter = FloodLimiter(exempt=[ERIKA])
    assert _flood(limiter, ERIKA, 300) == [None] * 300


def test_users_with_a_full_budget_again_are_forgotten():
    """Memory stays bounded: a thousand one-off users are dropped once their budget is full."""
    limiter = FloodLimiter()
    for i in range(1000):
        limiter.check(f"@user{i}:localhost", _at(i * 0.01))
    _flood(limiter, ERIKA, 100, start=20.0)
    assert limiter.remembered == 1001
    limiter.check(MAX, _at(200.0))  # Erika's pause ended at 09:43:00, i.e. before T0 + 200 s
    assert limiter.remembered == 1


def test_replay_rebuilds_the_state_so_a_flood_is_not_told_twice():
    """After a restart, replaying the counted commands keeps the flood paused and told."""
    before = FloodLimiter()
    _flood(before, ERIKA, 50)
    after = FloodLimiter()
    assert not after.replayed
    after.replay([(ERIKA, _at(i * 0.01)) for i in range(50)])
    assert after.replayed
    verdict = after.check(ERIKA, _at(1.0))
    assert verdict is not None and not verdict.tell


def test_out_of_order_sent_times_do_not_refill():
    """A command with an earlier sent time than the last one takes a token without refilling."""
    limiter = FloodLimiter()
    _flood(limiter, ERIKA, BURST, start=10.0, step=0.0)
    assert limiter.check(ERIKA, _at(5.0)) is not None


def test_the_notice_names_the_user_and_the_local_time_in_german():
    """German notice: a pill for the user, the resume time in the network's zone, the rule."""
    notice = slow_down_notice(
        ERIKA,
        datetime(2026, 12, 8, 9, 43, tzinfo=UTC),
        language="de",
        timezone="Europe/Berlin",
    )
    rendered = render(notice, cut_note="")
    assert rendered.plain == (
        "@erika:localhost, das waren zu viele Befehle in kurzer Zeit. Ab 10:43\u00a0Uhr "
        "beantworte ich Ihre Befehle wieder; was Sie bis dahin schicken, bleibt unbeantwortet "
        "– bitte schicken Sie es danach noch einmal."
    )
    assert rendered.mentions == ()  # an answer to someone typing right now: no ping
    assert 'href="https://matrix.to/#/@erika:localhost"' in rendered.html


def test_the_notice_in_english():
    """English notice for an English network."""
    notice = slow_down_notice(
        ERIKA, datetime(2026, 7, 1, 9, 43, tzinfo=UTC), language="en", timezone="Europe/Berlin"
    )
    assert render(notice, cut_note="").plain == (
        "@erika:localhost, that was too many commands in a short time. I will answer your "
        "commands again from 11:43; anything you send until then stays unanswered – please "
        "send it again afterwards."
    )
