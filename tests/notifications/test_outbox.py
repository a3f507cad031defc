"""The outbox: queued once, listed per organisation, retried with backoff, claimed safely."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from backend.core import migrations
from backend.core.errors import Invalid
from backend.models import Organisation, OutboxMessage
from backend.models.enums import OutboxStatus
from backend.notifications.outbox import (
    EMAIL,
    MAX_ATTEMPTS,
    claim,
    due_recipients,
    enqueue,
    list_outbox,
    mark_attempt_failed,
    mark_sent,
    retry_delay,
)

NOW = datetime(2027, 2, 19, 6, 0, tzinfo=UTC)


def organisation(session: Session, name: str) -> Organisation:
    org = Organisation(name=name)
    session.add(org)
    session.flush()
    return org


def put(session: Session, org: Organisation, key: str, recipient: str = "a@testby.se",
        now: datetime = NOW) -> bool:
    return enqueue(session=session, channel=EMAIL, dedup_key=key, recipient=recipient,
                   payload={"key": key}, organisation_id=org.id, now=now)


def test_a_dedup_key_is_queued_once(session: Session) -> None:
    org = organisation(session, "Habo kommun")
    assert put(session, org, "welcome:1") is True
    assert put(session, org, "welcome:1", recipient="other@testby.se") is False
    (row,) = session.exec(select(OutboxMessage)).all()
    assert (row.recipient, row.status, row.attempts, row.payload) == (
        "a@testby.se", OutboxStatus.PENDING, 0, {"key": "welcome:1"})
    assert row.created_at == NOW and row.next_attempt_at == NOW


def test_the_outbox_lists_one_organisations_messages_by_status(session: Session) -> None:
    habo, ljungby = organisation(session, "Habo kommun"), organisation(session, "Ljungby kommun")
    put(session, habo, "k:1", now=NOW)
    put(session, habo, "k:2", now=NOW + timedelta(minutes=1))
    put(session, habo, "k:3", now=NOW + timedelta(minutes=2))
    put(session, ljungby, "k:4", recipient="b@testby.se")
    first, second, third = claim(session=session, channel=EMAIL, recipient="a@testby.se",
                                 now=NOW + timedelta(hours=1))[:3]
    mark_sent(session=session, messages=[first], now=NOW)
    mark_attempt_failed(session=session, messages=[second], now=NOW, error="451 busy")

    everything = list_outbox(session=session, organisation_id=habo.id)
    assert [m.dedup_key for m in everything] == ["k:3", "k:2", "k:1"]
    (failed_once,) = list_outbox(session=session, organisation_id=habo.id, status="pending")[1:]
    assert failed_once.last_error == "451 busy"
    assert [m.dedup_key for m in list_outbox(session=session, organisation_id=habo.id,
                                             status="sent")] == ["k:1"]
    assert list_outbox(session=session, organisation_id=habo.id, status="failed") == []
    with pytest.raises(Invalid) as raised:
        list_outbox(session=session, organisation_id=habo.id, status="lost")
    assert set(raised.value.fields) == {"status"}


def test_failures_back_off_exponentially_then_give_up_visibly(session: Session) -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 10)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(hours=6)]
    org = organisation(session, "Vaggeryds kommun")
    put(session, org, "k:1")
    (message,) = claim(session=session, channel=EMAIL, recipient="a@testby.se", now=NOW)
    mark_attempt_failed(session=session, messages=[message], now=NOW, error="x" * 5000)
    assert message.next_attempt_at == NOW + timedelta(minutes=1)
    assert len(message.last_error or "") == 2000
    assert due_recipients(session=session, channel=EMAIL, now=NOW) == []
    assert due_recipients(session=session, channel=EMAIL,
                          now=NOW + timedelta(minutes=1)) == ["a@testby.se"]
    for _ in range(MAX_ATTEMPTS - 1):
        mark_attempt_failed(session=session, messages=[message], now=NOW, error="421 down")
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert list_outbox(session=session, organisation_id=org.id, status="failed") == [message]
    assert due_recipients(session=session, channel=EMAIL, now=NOW + timedelta(days=9)) == []


if os.environ.get("TEST_DATABASE_URL"):
    # Row locks only matter with real concurrent transactions, i.e. on PostgreSQL.
    from tests.db_helpers import scratch_postgres_engine

    def test_a_recipient_claimed_by_one_run_is_skipped_by_another() -> None:
        engine = scratch_postgres_engine("samordna_t_reminders_claim")
        migrations.upgrade(engine)
        try:
            with Session(engine) as setup:
                org = organisation(setup, "Mullsjö kommun")
                for key, recipient in (("k:1", "a@x.se"), ("k:2", "a@x.se"), ("k:3", "b@x.se")):
                    put(setup, org, key, recipient)
                setup.commit()
            with Session(engine) as first, Session(engine) as second:
                assert len(claim(session=first, channel=EMAIL, recipient="a@x.se", now=NOW)) == 2
                assert claim(session=second, channel=EMAIL, recipient="a@x.se", now=NOW) == []
                (other,) = claim(session=second, channel=EMAIL, recipient="b@x.se", now=NOW)
                assert other.dedup_key == "k:3"
                second.rollback()
                first.rollback()  # released: the next run may claim them again
                assert len(claim(session=second, channel=EMAIL, recipient="a@x.se",
                                 now=NOW)) == 2
        finally:
            engine.dispose()
