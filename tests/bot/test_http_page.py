"""GET /page/<token> on a real port, looked at by a real headless Chromium: the seeded
meet-up, agenda, answers by municipality, work packages and items show by name, hostile
titles stay text, no contact detail leaks, and a wrong token gets 404."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from multidict import CIMultiDict

from bot.config import HttpConfig
from bot.http import Health, HttpListener
from bot.http_links import LinkCheck
from bot.http_page import ROUTE, OverviewPage
from bot.metrics import Metrics
from demo.synapse import free_port
from storage import actions, agenda, contacts, meetups, networks, rsvps, subscriptions
from storage import workpackages as packages
from storage.bundled import bundled_municipalities
from storage.subscriptions import CALENDAR, PAGE

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ERIKA = "@erika:localhost"
MAX = "@max:localhost"
GUEST = "@gast:localhost"
HOSTILE = "<script>document.title='pwned'</script>Monatstreffen"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_CHROMIUM = os.environ.get("IKZ_REQUIRE_CHROMIUM", "") not in ("", "0")


async def _seed(session) -> int:
    """Lippe with two directory entries, a meet-up with a hostile title, agenda, answers, a
    work package and three items (one overdue, one open, one done); the network's id."""
    lippe = await networks.sync_network(
        session,
        key="lippe",
        room_id="!lippe:localhost",
        name="IKZ Digitalisierung Lippe",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="DE-NW",
    )
    await networks.seed_municipalities(session, lippe.id, bundled_municipalities("lippe"))
    towns = {m.name: m.id for m in await networks.list_municipalities(session, lippe.id)}
    for name, town, user, phone in (
        ("Erika Musterfrau", "Lemgo", ERIKA, "05261 213-0"),
        ("Max Mustermann", "Detmold", MAX, "05231 977-0"),
    ):
        values = {"name": name, "municipality_id": towns[town], "matrix_id": user}
        values |= {"phone": phone, "email": f"{user[1:4]}@kommune.example"}
        await contacts.create(session, network_id=lippe.id, values=values, changed_by=ERIKA, at=NOW)
    meetup = await meetups.create_meetup(
        session,
        network_id=lippe.id,
        starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=3, hours=2),
        title=HOSTILE,
        location="https://meet.example.org/ikz-lippe",
        created_by=ERIKA,
        created_at=NOW,
    )
    await agenda.add_item(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        title="Serviceportal & <b>OZG</b>",
        duration_minutes=20,
        owner=ERIKA,
        created_at=NOW,
    )
    for user, answer in ((ERIKA, "yes"), (MAX, "no"), (GUEST, "maybe")):
        await rsvps.set_answer(
            session,
            network_id=lippe.id,
            meetup_id=meetup.id,
            user_id=user,
            answer=answer,
            source="command",
            reaction_event_id=None,
            updated_at=NOW,
        )
    await packages.create(
        session,
        network_id=lippe.id,
        title="E-Akte <img src=x onerror=alert(1)>",
        lead_municipality_id=towns["Lemgo"],
        owners=[ERIKA],
        topics=[],
        created_by=ERIKA,
        created_at=NOW,
        status=packages.RUNNING,
    )
    for title, owner, due in (
        ("Formular-Katalog abstimmen", MAX, date(2026, 11, 20)),
        ("Bericht an den Kreis", GUEST, date(2026, 12, 4)),
        ("Längst erledigt", ERIKA, None),
    ):
        item = await actions.create_item(
            session,
            network_id=lippe.id,
            title=title,
            owner=owner,
            created_by=ERIKA,
            created_at=NOW,
            due_on=due,
        )
    await actions.mark_done(session, lippe.id, item.number, by=ERIKA, at=NOW)
    return lippe.id


@contextlib.asynccontextmanager
async def _serving(sessions, members: set[str]) -> AsyncIterator[tuple[str, int]]:
    """The seeded network's page served on a free port: the base URL and the network's id."""
    async with sessions() as session, session.begin():
        network_id = await _seed(session)
        lippe = (await networks.list_networks(session))[0]
    links = LinkCheck(sessions, {network_id: lippe}.get, lambda room, user: user in members)
    metrics = Metrics()
    port = free_port()
    names = {GUEST: "Gast aus Blomberg"}
    page = OverviewPage(links, lambda: NOW, "!", lambda room, user: names.get(user))
    listener = HttpListener(
        HttpConfig(port=port),
        Health(metrics, sessions, lambda: True, dict),
        metrics,
        pages=[(ROUTE, page.get)],
    )
    await listener.start()
    try:
        yield f"http://127.0.0.1:{port}", network_id
    finally:
        await listener.stop()


async def _issue(sessions, network_id: int, kind: str = PAGE) -> str:
    async with sessions() as session, session.begin():
        return await subscriptions.issue(session, network_id, ERIKA, kind, at=NOW)


async def _get(url: str) -> tuple[int, CIMultiDict[str], str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, CIMultiDict(response.headers), await response.text()


async def test_the_page_shows_names_counts_and_no_contact_details(sessions) -> None:
    """Served HTML: meet-up, agenda by name, answers per municipality, package, overdue and
    open items by owner name; no phone, e-mail or Matrix id; hostile text escaped."""
    async with _serving(sessions, {ERIKA}) as (base, network_id):
        status, headers, page = await _get(f"{base}/page/{await _issue(sessions, network_id)}")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Referrer-Policy"] == "no-referrer" and "no-store" in headers["Cache-Control"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;Monatstreffen" in page
    assert "<script" not in page and "<img" not in page and "<b>OZG" not in page
    assert "Serviceportal &amp; &lt;b&gt;OZG&lt;/b&gt; (20\u00a0min) – Erika Musterfrau" in page
    assert "<tr><td>Detmold</td><td>0</td><td>0</td><td>1</td></tr>" in page
    assert "<tr><td>Lemgo</td><td>1</td><td>0</td><td>0</td></tr>" in page
    assert "<td>ohne Eintrag im Verzeichnis</td><td>0</td><td>1</td><td>0</td>" in page
    assert (
        "<td>1. E-Akte &lt;img src=x onerror=alert(1)&gt;</td><td>Lemgo</td><td>läuft</td>" in page
    )
    assert "1. Formular-Katalog abstimmen</td><td>Max Mustermann</td>" in page
    assert "2. Bericht an den Kreis</td><td>Gast aus Blomberg</td>" in page
    assert "Längst erledigt" not in page
    for secret in ("05261", "05231", "@kommune.example", ERIKA, MAX, GUEST, "localhost"):
        assert secret not in page


async def test_wrong_revoked_and_calendar_tokens_get_404(sessions) -> None:
    """A made-up token, the calendar token and a former member's page token: a bare 404."""
    members = {ERIKA}
    async with _serving(sessions, members) as (base, network_id):
        token = await _issue(sessions, network_id)
        answers = [await _get(f"{base}/page/{'x' * 43}")]
        answers.append(await _get(f"{base}/page/{await _issue(sessions, network_id, CALENDAR)}"))
        answers.append(await _get(f"{base}/page/{token}/"))
        members.clear()
        answers.append(await _get(f"{base}/page/{token}"))
    assert {(status, body) for status, _, body in answers} == {(404, "404 Not Found\n")}


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.skipif(
    CHROMIUM is None and not REQUIRE_CHROMIUM,
    reason="no chromium (apt-get install chromium); .ci/run installs it, IKZ_REQUIRE_CHROMIUM=1",
)
async def test_a_real_browser_renders_the_page_and_runs_no_injected_script(
    sessions, tmp_path
) -> None:
    """Chromium's DOM after load has the seeded data, the title is the page's own (the
    hostile <script> never ran), and a phone-sized screenshot is written."""
    async with _serving(sessions, {ERIKA}) as (base, network_id):
        url = f"{base}/page/{await _issue(sessions, network_id)}"
        dom = await asyncio.to_thread(_chromium, tmp_path, "--dump-dom", url)
        shot = tmp_path / "page.png"
        await asyncio.to_thread(
            _chromium, tmp_path, f"--screenshot={shot}", "--window-size=412,1400", url
        )
        missing = await asyncio.to_thread(
            _chromium, tmp_path, "--dump-dom", f"{base}/page/{'x' * 43}"
        )
    html = dom.stdout
    assert "<title>Übersicht IKZ Digitalisierung Lippe</title>" in html
    assert "pwned" not in html.split("<body>")[0]
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;Monatstreffen" in html
    assert "Erika Musterfrau" in html and "Max Mustermann" in html
    assert "Überfällige Aufgaben" in html and "Formular-Katalog abstimmen" in html
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "404 Not Found" in missing.stdout and "Erika" not in missing.stdout
    if directory := os.environ.get("IKZ_SCREENSHOT_DIR"):
        shutil.copy(shot, Path(directory) / "overview-page.png")
