"""Sending e-mail over SMTP (smtplib), one connection reused for a whole run."""

import contextlib
import smtplib
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from types import TracebackType
from typing import Annotated, Protocol

from fastapi import Depends

from backend.core.config import Settings, get_settings

DEFAULT_TIMEOUT_SECONDS = 30.0


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class SmtpMailer:
    """Connects on first use; a broken connection is dropped so the next send reconnects."""

    def __init__(
        self, *, host: str, port: int, username: str | None = None,
        password: str | None = None, starttls: bool = False,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.username, self.password, self.starttls = username, password, starttls
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is None:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                if self.starttls:
                    connection.starttls(context=ssl.create_default_context())
                if self.username:
                    connection.login(self.username, self.password or "")
            except BaseException:
                connection.close()
                raise
            self._connection = connection
        return self._connection

    def send(self, message: EmailMessage) -> None:
        """Send one message; raises smtplib/OS errors for the caller to record."""
        connection = self._connect()
        try:
            connection.send_message(message)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._drop()
            raise

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def close(self) -> None:
        """Say goodbye to the server (QUIT) if connected."""
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._drop()

    def __enter__(self) -> "SmtpMailer":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def mailer_from_settings(settings: Settings | None = None) -> SmtpMailer:
    """The mailer for SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS."""
    settings = settings or get_settings()
    return SmtpMailer(host=settings.smtp_host, port=settings.smtp_port,
                      username=settings.smtp_username, password=settings.smtp_password,
                      starttls=settings.smtp_starttls)


def get_mailer() -> Iterator[Mailer]:
    """The request's mailer (tests override it with one that talks to their own server)."""
    with mailer_from_settings() as mailer:
        yield mailer


MailerDep = Annotated[Mailer, Depends(get_mailer)]
