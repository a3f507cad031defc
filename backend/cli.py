"""`samordna`: serve | migrate | create-admin | demo | reminders run."""

import logging
import sys
from datetime import UTC, datetime

import click
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.core import migrations
from backend.core.config import get_settings
from backend.core.db import get_engine

MIN_PASSWORD_LENGTH = 12


def _database_reachable() -> None:
    """Exit with one clear line when the database cannot be reached."""
    url = get_engine().url.render_as_string(hide_password=True)
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        click.echo(f"Kan inte nå databasen {url}: {reason}", err=True)
        sys.exit(1)


@click.group()
def main() -> None:
    """Samordna: the yearly follow-up of a municipality's international work."""


@main.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    _database_reachable()
    migrations.upgrade(get_engine())
    click.echo(f"Databasen är uppdaterad (migrering {migrations.head_revision()}).")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--api-only", is_flag=True, help="Serve only the REST API (no web pages)")
def serve(host: str, port: int, workers: int, api_only: bool) -> None:
    """Serve the web app and the API (only the pages when BACKEND_URL is set)."""
    import uvicorn

    if get_settings().backend_url and not api_only:
        target = "frontend.main:create_app"  # the pages alone: the API runs elsewhere
    else:
        _database_reachable()
        target = "backend.main:create_app" if api_only else "frontend.main:create_app"
    # Our own loggers (reminder and webhook runs) beside uvicorn's, in the same shape.
    logging.basicConfig(level=logging.INFO, format="%(levelname)-9s %(name)s: %(message)s")
    click.echo(f"Samordna körs på http://{host}:{port}/  (avsluta med Ctrl+C)")
    uvicorn.run(target, factory=True, host=host, port=port,
                workers=workers, proxy_headers=True, log_level="info")


@main.command("create-admin")
@click.option("--organisation", required=True, help="Organisation name, e.g. 'Habo kommun'")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", default="Administratör", show_default=True)
def create_admin(organisation: str, email: str, password: str, name: str) -> None:
    """Create an organisation (if new) and an administrator for it."""
    from backend.organisations.service import create_admin as create

    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.BadParameter(f"'{email}' är ingen giltig e-postadress ({exc}).",
                                 param_hint="--email") from exc
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.", param_hint="--password")
    if not organisation.strip():
        raise click.BadParameter("Ange organisationens namn.", param_hint="--organisation")
    _database_reachable()
    created = create(organisation=organisation.strip(), email=email, password=password,
                     name=name)
    click.echo(f"Administratör {created} skapad för {organisation.strip()}.")


@main.command()
def demo() -> None:
    """Seed the demo municipality (Exempelby kommun) if the database is empty."""
    from backend.demo import DEMO_PASSWORD, demo_logins, seed_demo

    _database_reachable()
    seeded = seed_demo()
    if seeded is None:
        click.echo("Databasen har redan annat innehåll; demodata läggs inte in.")
        return
    click.echo("Demodata för Exempelby kommun är " + ("inlagd." if seeded else "redan inlagd."))
    click.echo(f"Inloggningar (alla med lösenordet '{DEMO_PASSWORD}'):")
    for what, email in demo_logins():
        click.echo(f"  {what:<32} {email}")


@main.group()
def reminders() -> None:
    """Reminder e-mails about due dates."""


def _parse_now(value: str | None) -> datetime:
    """--now as an aware datetime; without an offset it is Stockholm time."""
    from backend.deadlines.calendar import STOCKHOLM

    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"'{value}' är ingen tidpunkt i ISO 8601-format, t.ex. 2027-02-19T07:00 eller "
            "2027-02-19T07:00:00+01:00.", param_hint="--now") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=STOCKHOLM)


@reminders.command("run")
@click.option("--now", "now_text", metavar="ISO-DATETIME",
              help="Run as if it were this moment (Stockholm time unless an offset is given).")
def reminders_run(now_text: str | None) -> None:
    """Queue the reminders due now and send one digest per recipient (for cron)."""
    from backend.deadlines.scheduled import run_reminders

    now = _parse_now(now_text)
    _database_reachable()
    counts = run_reminders(now)
    click.echo(counts.summary_sv())
    if counts.errors:
        sys.exit(1)


@main.group()
def webhooks() -> None:
    """Signed webhook deliveries (Standard Webhooks) from the outbox."""


@webhooks.command("deliver")
@click.option("--now", "now_text", metavar="ISO-DATETIME",
              help="Deliver what is due at this moment (Stockholm time unless an offset).")
def webhooks_deliver(now_text: str | None) -> None:
    """POST every due webhook message, in order, retrying failures later (for cron)."""
    from backend.integrations.webhook_delivery import deliver_webhooks

    now = _parse_now(now_text)
    _database_reachable()
    counts = deliver_webhooks(now=now)
    click.echo(counts.summary_sv())
    if counts.errors:
        sys.exit(1)


def run() -> None:  # pragma: no cover - console entry for `python -m backend.cli`
    main()


if __name__ == "__main__":  # pragma: no cover
    get_settings()
    main()
