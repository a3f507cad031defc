"""Composing and sending e-mail over SMTP to a real server on localhost."""

import smtplib

import pytest

from backend.notifications.mail import build_email, render_email
from backend.notifications.smtp import SmtpMailer
from tests.notifications.smtp_server import SmtpServer, free_port


def message(to: str = "åsa.öberg@testby.se"):  # type: ignore[no-untyped-def]
    return build_email(sender="Samordna <samordna@testby.se>", to=to,
                       subject="Påminnelse: sista dag i dag", text="Hej Åsa!\n",
                       html="<p>Hej Åsa!</p>", base_url="https://samordna.testby.se")


def test_a_message_arrives_as_utf8_text_and_html(smtp_server: SmtpServer) -> None:
    with smtp_server.mailer() as mailer:
        mailer.send(message("asa@testby.se"))
        mailer.send(message("bo@testby.se"))  # over the same connection
    first, second = smtp_server.handler.messages
    assert first.envelope_to == ["asa@testby.se"] and second.envelope_to == ["bo@testby.se"]
    assert first.message["Subject"] == "Påminnelse: sista dag i dag"
    assert first.message.get_content_type() == "multipart/alternative"
    assert first.text.splitlines() == ["Hej Åsa!"] and "<p>Hej Åsa!</p>" in first.html


def test_a_refusal_raises_and_the_connection_keeps_working(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse = True
    with smtp_server.mailer() as mailer:
        with pytest.raises(smtplib.SMTPDataError) as raised:
            mailer.send(message("asa@testby.se"))
        assert raised.value.smtp_code == 451
        smtp_server.handler.refuse = False
        mailer.send(message("asa@testby.se"))
    assert len(smtp_server.handler.messages) == 1


def test_an_unreachable_server_raises_a_connection_error() -> None:
    mailer = SmtpMailer(host="127.0.0.1", port=free_port(), timeout=2)
    with pytest.raises(ConnectionRefusedError):
        mailer.send(message("asa@testby.se"))
    mailer.close()


def test_templates_autoescape_html_but_not_text() -> None:
    context = {"name": "<Eva & Bo>", "reminders": [], "escalations": []}
    text, html = render_email("reminder_digest", context)
    assert "Hej <Eva & Bo>!" in text
    assert "Hej &lt;Eva &amp; Bo&gt;!" in html and "<Eva" not in html
