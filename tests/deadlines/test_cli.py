"""`samordna reminders run [--now ISO-DATETIME]` for cron."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from backend.cli import main
from backend.core import migrations
from backend.core.config import get_settings
from backend.core.db import get_engine, make_engine, set_engine
from backend.models import OutboxMessage
from tests.deadlines.factories import make_cycle, make_municipality, make_report
from tests.notifications.smtp_server import SmtpServer


@pytest.fixture
def cron_database(tmp_path: Path, smtp_server: SmtpServer,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """A migrated SQLite file of its own (the command commits) and SMTP on localhost."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cron.db'}")
    migrations.upgrade(engine)
    previous = get_engine()
    set_engine(engine)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("BASE_URL", "https://samordna.testby.se")
    get_settings.cache_clear()
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        set_engine(previous)
        get_settings.cache_clear()
        engine.dispose()


def test_run_with_now_sends_what_is_due_then_nothing(
    cron_database: Session, smtp_server: SmtpServer,
) -> None:
    town = make_municipality(cron_database, ["Byggnadsnämnden"])
    cycle = make_cycle(cron_database, town.organisation, draft_due=date(2027, 2, 19))
    make_report(cron_database, cycle, town.units["Byggnadsnämnden"])
    cron_database.commit()
    runner = CliRunner()

    first = runner.invoke(main, ["reminders", "run", "--now", "2027-02-19T07:00"])
    second = runner.invoke(main, ["reminders", "run", "--now", "2027-02-19T06:00:00Z"])

    assert first.exit_code == 0, first.output
    assert first.output.strip() == ("Påminnelser: 1 köade, 1 e-brev skickade med 1 poster, "
                                    "0 e-brev misslyckade (nytt försök senare), 0 inaktuella "
                                    "borttagna, 0 fel.")
    assert second.exit_code == 0 and second.output.startswith("Påminnelser: 0 köade, 0 e-brev")
    (mail,) = smtp_server.handler.messages
    assert "https://samordna.testby.se/rapporter/" in mail.text
    assert cron_database.exec(select(OutboxMessage.status)).all() == ["sent"]


@pytest.mark.parametrize("bad", ["i morgon", "2027-02-30T07:00", ""])
def test_a_bad_now_is_a_usage_error(bad: str) -> None:
    result = CliRunner().invoke(main, ["reminders", "run", "--now", bad])
    assert result.exit_code == 2
    assert "--now" in result.output and "ISO 8601" in result.output
