"""A real SMTP server on localhost (aiosmtpd) that can refuse with 451 and then recover."""

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from backend.notifications.smtp import SmtpMailer


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""


@dataclass
class RecordingHandler:
    """Keeps every accepted message; `refuse` makes DATA answer 451 until switched off."""

    refuse: bool = False
    delay_seconds: float = 0.0
    messages: list[Received] = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse:
            self.refused += 1
            return "451 4.3.0 Tillfälligt fel, försök igen senare"
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(Received(list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.envelope_to]


@dataclass
class SmtpServer:
    handler: RecordingHandler
    port: int

    def mailer(self) -> SmtpMailer:
        return SmtpMailer(host="127.0.0.1", port=self.port, timeout=5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(handler, controller.port)
    finally:
        controller.stop()
