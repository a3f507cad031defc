"""Browser sessions kept on the server: the cookie holds only a signed random id.

The API token never reaches the browser. The store is an interface so that a shared
store (Redis, a database) can replace the in-memory one when several processes serve.
"""

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

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

    @property
    def signed_in(self) -> bool:
        return self.token is not None


class SessionStore(Protocol):
    def get(self, session_id: str) -> BrowserSession | None: ...
    def put(self, session: BrowserSession) -> None: ...
    def delete(self, session_id: str) -> None: ...


class MemorySessionStore:
    """One process's sessions in a dict (single-process deployments and tests)."""

    def __init__(self) -> None:
        self._items: dict[str, BrowserSession] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str) -> BrowserSession | None:
        with self._lock:
            return self._items.get(session_id)

    def put(self, session: BrowserSession) -> None:
        with self._lock:
            self._items[session.id] = session

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._items.pop(session_id, None)

    def purge(self, expired: "Expiry") -> None:
        with self._lock:
            for key in [k for k, s in self._items.items() if expired.is_expired(s)]:
                del self._items[key]


@dataclass(frozen=True)
class Expiry:
    idle: timedelta
    absolute: timedelta

    def is_expired(self, session: BrowserSession, at: datetime | None = None) -> bool:
        at = at or utcnow()
        return at - session.last_seen > self.idle or at - session.created > self.absolute


class SessionSigner:
    """`<id>.<hmac>`: a forged or altered cookie is simply ignored."""

    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(b"samordna-frontend-session:" + secret_key.encode()).digest()

    def sign(self, session_id: str) -> str:
        return f"{session_id}.{self._mac(session_id)}"

    def unsign(self, cookie: str | None) -> str | None:
        if not cookie or "." not in cookie:
            return None
        session_id, mac = cookie.rsplit(".", 1)
        return session_id if hmac.compare_digest(mac, self._mac(session_id)) else None

    def _mac(self, session_id: str) -> str:
        return hmac.new(self._key, session_id.encode(), hashlib.sha256).hexdigest()


def new_session(token: str | None = None, user_name: str | None = None) -> BrowserSession:
    now = utcnow()
    return BrowserSession(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32),
                          created=now, last_seen=now, token=token, user_name=user_name)
