"""Browser sessions in an encrypted cookie, so any number of web processes can serve.

The cookie is sealed with Fernet (AES with HMAC): the browser can neither read nor alter
it. What makes a session authoritative stays on the server: the API token inside refers
to a server-side session row that logout and deactivation revoke at once, and the idle and
absolute timeouts are checked against timestamps only the server can write.
"""

import base64
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken

COOKIE_NAME = "samordna_session"


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class BrowserSession:
    id: str
    csrf: str
    created: datetime
    last_seen: datetime
    token: str | None = None
    user_name: str | None = None
    flash: list[str] = field(default_factory=list)
    # The organisation last chosen by a person who serves several (admin, new cycle).
    organisation_id: str | None = None
    # Single sign-on: the state of a sign-in under way (compared with what comes back, so
    # nobody can sign a browser into someone else's account), and where to log out at the
    # provider afterwards.
    sso_state: str | None = None
    end_session_url: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.token is not None


@dataclass(frozen=True)
class Expiry:
    idle: timedelta
    absolute: timedelta

    def is_expired(self, session: BrowserSession, at: datetime | None = None) -> bool:
        at = at or utcnow()
        return at - session.last_seen > self.idle or at - session.created > self.absolute


class SessionCodec:
    """Seals a session into a cookie value and opens it again; tampering yields None."""

    def __init__(self, secret_key: str) -> None:
        digest = hashlib.sha256(b"samordna-frontend-session:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def encode(self, session: BrowserSession) -> str:
        data = asdict(session)
        data["created"] = session.created.isoformat()
        data["last_seen"] = session.last_seen.isoformat()
        return self._fernet.encrypt(json.dumps(data).encode()).decode()

    def decode(self, cookie: str | None) -> BrowserSession | None:
        if not cookie:
            return None
        try:
            data = json.loads(self._fernet.decrypt(cookie.encode()))
            data["created"] = datetime.fromisoformat(data["created"])
            data["last_seen"] = datetime.fromisoformat(data["last_seen"])
            return BrowserSession(**data)
        except (InvalidToken, ValueError, TypeError, KeyError):
            return None


def new_session(token: str | None = None, user_name: str | None = None,
                csrf: str | None = None,
                end_session_url: str | None = None) -> BrowserSession:
    now = utcnow()
    return BrowserSession(id=secrets.token_urlsafe(16), csrf=csrf or secrets.token_urlsafe(32),
                          created=now, last_seen=now, token=token, user_name=user_name,
                          end_session_url=end_session_url)
