"""Set-password links: single use, expiring, stored as a SHA-256 of the token, sent by e-mail.

How a new person gets in (created by an admin, imported, invited) and how an admin helps
someone who forgot their password. Other domains call `issue_password_link`.
"""

import hashlib
import smtplib
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlmodel import Session, col, select

from backend.auth import repository as auth_repository
from backend.auth.service import issue_user_session
from backend.core.clock import STOCKHOLM
from backend.core.config import get_settings
from backend.core.errors import Gone, NotFound, Unavailable
from backend.core.security import hash_secret, new_token
from backend.models import Organisation, PasswordLink, User
from backend.models.base import utcnow
from backend.notifications.mail import build_email, render_email
from backend.notifications.smtp import Mailer, mailer_from_settings

PAGE_PATH = "/valj-losenord/"
MAIL_FAILED = ("The e-mail with the link could not be sent; nothing was saved. "
               "Try again in a moment")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token: str) -> str:
    return get_settings().base_url.rstrip("/") + PAGE_PATH + token


def expiry_text(at: datetime) -> str:
    local = at.astimezone(STOCKHOLM)
    return f"{local:%Y-%m-%d} kl. {local:%H.%M}"


def issue_password_link(*, session: Session, user: User, organisation: Organisation,
                        mailer: Mailer | None = None, now: datetime | None = None,
                        invited: bool = False) -> datetime:
    """Make a new link for `user` and e-mail it (in Swedish, naming `organisation`; when
    `invited`, the e-mail says the organisation invites them).

    Earlier unused links of the user stop working. The e-mail is sent before the caller
    commits: when it cannot be sent this raises `Unavailable` (503) and the caller's
    transaction is rolled back, so no link exists that nobody received. Answers the expiry."""
    now = now or utcnow()
    _retire_links(session, user.id, now)
    token = new_token(32)
    expires_at = now + timedelta(hours=get_settings().password_link_hours)
    session.add(PasswordLink(user_id=user.id, organisation_id=organisation.id,
                             token_hash=_digest(token), expires_at=expires_at))
    session.flush()
    context = {"name": user.name, "organisation": organisation.name, "url": link_url(token),
               "expires": expiry_text(expires_at), "email": user.email,
               "has_password": user.password_hash is not None, "invited": invited}
    text, html = render_email("password_link", context)
    message = build_email(sender=get_settings().mail_from, to=user.email,
                          subject="Välj ditt lösenord i Samordna", text=text, html=html,
                          base_url=get_settings().base_url)
    send_or_unavailable(message, mailer)
    return expires_at


def send_or_unavailable(message: EmailMessage, mailer: Mailer | None) -> None:
    """Send now, inside the caller's transaction: 503 (and a rollback) when it cannot go."""
    try:
        if mailer is None:
            with mailer_from_settings() as own:
                own.send(message)
        else:
            mailer.send(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise Unavailable(MAIL_FAILED) from exc


def _retire_links(session: Session, user_id: uuid.UUID, now: datetime) -> None:
    for link in session.exec(select(PasswordLink).where(
            PasswordLink.user_id == user_id, col(PasswordLink.used_at).is_(None),
            col(PasswordLink.expires_at) > now)):
        link.expires_at = now


def usable_link(session: Session, token: str, *, lock: bool = False,
                now: datetime | None = None) -> tuple[PasswordLink, User]:
    """The link and its user; 404 for a token never issued, 410 for a used or expired one."""
    now = now or utcnow()
    statement = select(PasswordLink, User).join(User, col(User.id) == PasswordLink.user_id) \
        .where(PasswordLink.token_hash == _digest(token))
    if lock:
        statement = statement.with_for_update(of=PasswordLink)  # type: ignore[arg-type]
    found = session.exec(statement).first() if len(token) <= 100 else None
    if found is None:
        raise NotFound("No such link")
    link, user = found
    if link.used_at is not None:
        raise Gone("The link has already been used")
    if link.expires_at <= now or not user.active:
        raise Gone("The link has expired")
    return link, user


def redeem(*, session: Session, token: str, password: str) -> tuple[str, int]:
    """Set the password from a link and sign the person in; the link is used up.

    Every other session of the person ends: whoever knew the old password is out."""
    now = utcnow()
    link, user = usable_link(session, token, lock=True, now=now)
    link.used_at = now
    user.password_hash = hash_secret(password)
    user.version += 1
    auth_repository.revoke_sessions_of_user(session, user.id, now)
    _retire_links(session, user.id, now)
    session.flush()
    return issue_user_session(session, user)
