"""The SMTP server vanishes in the middle of a reminder run: nothing lost, nothing twice.

A real SMTP server (aiosmtpd) accepts two digests, dies while the third is being sent
(the connection drops, later connects are refused) and comes back. The run as cron runs
it, with its own committed transaction per recipient: after the server is back and the
backoff has passed, every contact has exactly one reminder.
"""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.core.config import get_settings
from backend.deadlines.scheduled import run_reminders
from backend.models import OutboxMessage
from backend.models.enums import OutboxStatus
from tests.deadlines.factories import at, make_cycle, make_municipality, make_report
from tests.notifications.smtp_server import RecordingHandler, free_port

DUE = date(2027, 2, 19)  # a Friday: every contact's report is due today
UNITS = ["Barnnämnden", "Fritidsnämnden", "Kulturnämnden", "Miljönämnden", "Tekniska nämnden"]


@dataclass
class VanishingHandler(RecordingHandler):
    """Accepts `accept` messages, then hangs on the next one until the server is stopped."""

    accept: int | None = 2
    vanish: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.accept is not None and len(self.messages) >= self.accept:
            self.vanish.set()
            await asyncio.sleep(60)  # cancelled when the server stops: the connection drops
        return await super().handle_DATA(server, session, envelope)


class SmtpThatVanishes:
    def __init__(self) -> None:
        self.handler = VanishingHandler()
        self.port = free_port()
        self.controller: Controller | None = None
        self.stopper = threading.Thread(target=self._stop_when_vanishing, daemon=True)

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def _stop_when_vanishing(self) -> None:
        if self.handler.vanish.wait(60) and self.controller is not None:
            self.controller.stop()
            self.controller = None

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpThatVanishes]:
    server = SmtpThatVanishes()
    server.start()
    server.stopper.start()
    try:
        yield server
    finally:
        server.handler.vanish.set()
        server.stopper.join(10)
        server.stop()


def test_smtp_vanishing_mid_batch_loses_nothing_and_sends_nothing_twice(
    committed_engine: Engine, smtp: SmtpThatVanishes,
) -> None:
    with Session(committed_engine, expire_on_commit=False) as session:
        town = make_municipality(session, UNITS)
        cycle = make_cycle(session, town.organisation, draft_due=DUE)
        for unit in town.units.values():
            make_report(session, cycle, unit)
        session.commit()
    settings = get_settings().model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "base_url": "https://testby.se"})

    def sessions() -> AbstractContextManager[Session]:
        return Session(committed_engine, expire_on_commit=False)

    def outbox() -> list[tuple[str, str, int]]:
        with Session(committed_engine) as session:
            rows = session.exec(select(OutboxMessage)).all()
            return sorted((m.recipient, m.status, m.attempts) for m in rows)

    broken = run_reminders(at(DUE, 7), sessions=sessions, settings=settings)
    assert smtp.controller is None, "the server did not vanish"
    received = {m.envelope_to[0] for m in smtp.handler.messages}
    assert (broken.queued, broken.emails_sent, broken.emails_failed) == (5, 2, 3)
    assert [(r, s) for r, s, _ in outbox() if s == OutboxStatus.SENT] == sorted(
        (r, OutboxStatus.SENT) for r in received)  # sent means received, and only that

    smtp.handler.accept = None
    smtp.start()  # back on the same port
    assert run_reminders(at(DUE, 7), sessions=sessions, settings=settings).emails_sent == 0
    recovered = run_reminders(at(DUE, 8), sessions=sessions, settings=settings)
    assert (recovered.emails_sent, recovered.emails_failed) == (3, 0)
    assert run_reminders(at(DUE, 9), sessions=sessions, settings=settings).emails_sent == 0

    assert sorted(m.envelope_to[0] for m in smtp.handler.messages) == sorted(
        c.email for c in town.contacts.values())  # each contact exactly once
    assert outbox() == sorted((c.email, OutboxStatus.SENT, 1 if c.email in received else 2)
                              for c in town.contacts.values())
