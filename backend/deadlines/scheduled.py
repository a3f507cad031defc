"""The reminder job: scan, then deliver, each step in its own units of work.

Used by `samordna reminders run` (cron) and by an in-process timer (single server). One
recipient's failure is recorded and the batch goes on.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import FastAPI

from backend.core.config import Settings, get_settings
from backend.core.db import SessionFactory, new_session, unit_of_work
from backend.deadlines.digest import deliver_digest
from backend.deadlines.reminders import KEY_PREFIX, scan
from backend.notifications.outbox import EMAIL, due_recipients
from backend.notifications.smtp import Mailer, mailer_from_settings

log = logging.getLogger(__name__)


@dataclass
class RunCounts:
    """What one run did."""

    queued: int = 0
    emails_sent: int = 0
    items_sent: int = 0
    emails_failed: int = 0
    dropped: int = 0
    errors: int = 0

    def summary_sv(self) -> str:
        """One line in Swedish, for the CLI and the log."""
        return (f"Påminnelser: {self.queued} köade, {self.emails_sent} e-brev skickade med "
                f"{self.items_sent} poster, {self.emails_failed} e-brev misslyckade (nytt "
                f"försök senare), {self.dropped} inaktuella borttagna, {self.errors} fel.")


def deliver_reminders(
    now: datetime, *, counts: RunCounts, sessions: SessionFactory, mailer: Mailer,
    settings: Settings,
) -> None:
    """Send one digest per recipient with due reminders; each in its own transaction."""
    with unit_of_work(sessions=sessions) as session:
        recipients = due_recipients(session=session, channel=EMAIL, now=now,
                                    key_prefix=KEY_PREFIX)
    for recipient in recipients:
        try:
            with unit_of_work(sessions=sessions) as session:
                outcome = deliver_digest(session=session, recipient=recipient, now=now,
                                         mailer=mailer, sender=settings.mail_from,
                                         base_url=settings.base_url)
        except Exception:
            log.exception("Reminder delivery to one recipient failed")
            counts.errors += 1
            continue
        counts.emails_sent += 1 if outcome.sent_items else 0
        counts.items_sent += outcome.sent_items
        counts.emails_failed += 1 if outcome.failed else 0
        counts.dropped += outcome.dropped


def run_reminders(
    now: datetime, *, sessions: SessionFactory | None = None, mailer: Mailer | None = None,
    settings: Settings | None = None,
) -> RunCounts:
    """Queue what is due at `now` (aware), then deliver everything due; returns counts."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    sessions = sessions or new_session
    settings = settings or get_settings()
    counts = RunCounts()
    try:
        with unit_of_work(sessions=sessions) as session:
            counts.queued = scan(session=session, now=now)
    except Exception:
        # Delivery still runs: what was queued before must not wait for a scan to be fixed.
        log.exception("Reminder scan failed")
        counts.errors += 1
    active_mailer = mailer or mailer_from_settings(settings)
    try:
        deliver_reminders(now, counts=counts, sessions=sessions, mailer=active_mailer,
                          settings=settings)
    finally:
        if mailer is None:
            active_mailer.close()
    return counts


class ReminderTimer:
    """A daemon thread running `run_reminders` now and then every `interval` seconds."""

    def __init__(self, interval: float, job: Callable[[datetime], RunCounts]) -> None:
        self.interval = interval
        self.job = job
        self.runs = 0
        self.last: RunCounts | None = None
        self._stop = threading.Event()
        self._ran = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="samordna-reminders",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to finish after the current run and wait for it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wait_for_runs(self, runs: int, timeout: float) -> bool:
        """Block until at least `runs` runs have finished (or the timeout passes)."""
        with self._ran:
            return self._ran.wait_for(lambda: self.runs >= runs, timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.last = self.job(datetime.now(UTC))
                log.info(self.last.summary_sv())
            except Exception:
                log.exception("Reminder run failed")
            with self._ran:
                self.runs += 1
                self._ran.notify_all()
            self._stop.wait(self.interval)


def start_reminder_timer(
    app: FastAPI, *, settings: Settings | None = None, interval: float | None = None,
    sessions: SessionFactory | None = None, mailer: Mailer | None = None,
) -> ReminderTimer | None:
    """Start the in-process timer when REMINDERS_IN_PROCESS is on (call from the lifespan).

    Several processes may each run one: deduplication keys and row locks keep every
    e-mail single. The timer is kept on `app.state.reminder_timer`.
    """
    settings = settings or get_settings()
    if not settings.reminders_in_process:
        return None
    timer = ReminderTimer(
        interval if interval is not None else settings.reminder_interval_seconds,
        lambda now: run_reminders(now, sessions=sessions, mailer=mailer, settings=settings),
    )
    app.state.reminder_timer = timer
    timer.start()
    return timer


def stop_reminder_timer(app: FastAPI) -> None:
    """Stop the timer started by `start_reminder_timer`, if any (call on shutdown)."""
    timer: ReminderTimer | None = getattr(app.state, "reminder_timer", None)
    if timer is not None:
        timer.stop()
        app.state.reminder_timer = None
