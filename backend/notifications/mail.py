"""Composing e-mails from the Swedish templates in `templates/` (plain text + HTML)."""

from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str]:
    """The plain text and HTML bodies of template `name` (`name.txt`, `name.html`)."""
    environment = _environment()
    text = environment.get_template(f"{name}.txt").render(context)
    html = environment.get_template(f"{name}.html").render(context)
    return text, html


def message_domain(base_url: str) -> str:
    """The deployment's host name (from BASE_URL), the right-hand side of its Message-IDs."""
    try:
        host = urlsplit(base_url).hostname
    except ValueError:
        host = None
    return host or "localhost"


def build_email(
    *, sender: str, to: str | Address, subject: str, text: str, html: str, base_url: str,
) -> EmailMessage:
    """A multipart/alternative message in UTF-8 with a text and an HTML part.

    `Auto-Submitted: auto-generated` (RFC 3834) keeps out-of-office replies from answering
    it; the Message-ID is on the deployment's own domain, as mail servers expect.
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=message_domain(base_url))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message
