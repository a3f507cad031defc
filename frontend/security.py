"""Security headers, the browser session cookie and the CSRF check."""

import hmac
from datetime import timedelta

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from frontend.sessions import (
    COOKIE_NAME,
    BrowserSession,
    Expiry,
    MemorySessionStore,
    SessionSigner,
    SessionStore,
    new_session,
    utcnow,
)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class CsrfRejected(Exception):
    """A state-changing request without this session's token."""


class SessionManager:
    """Loads the session named by the cookie, expires it, and issues a new id on login."""

    def __init__(self, store: SessionStore, signer: SessionSigner, expiry: Expiry) -> None:
        self.store, self.signer, self.expiry = store, signer, expiry

    def load(self, request: Request) -> tuple[BrowserSession, bool]:
        """The live session and whether an earlier signed-in one just expired."""
        session_id = self.signer.unsign(request.cookies.get(COOKIE_NAME))
        found = self.store.get(session_id) if session_id else None
        timed_out = False
        if found is not None and self.expiry.is_expired(found):
            self.store.delete(found.id)
            timed_out, found = found.signed_in, None
        if found is None:
            found = new_session()
            self.store.put(found)
        found.last_seen = utcnow()
        return found, timed_out

    def renew(self, old: BrowserSession, token: str, user_name: str) -> BrowserSession:
        """Login: a brand-new id and CSRF token, so a planted id is worthless."""
        self.store.delete(old.id)
        fresh = new_session(token=token, user_name=user_name)
        self.store.put(fresh)
        return fresh

    def end(self, old: BrowserSession) -> BrowserSession:
        self.store.delete(old.id)
        fresh = new_session()
        self.store.put(fresh)
        return fresh


def make_session_manager(secret_key: str, idle_minutes: int,
                         absolute_hours: int) -> SessionManager:
    return SessionManager(MemorySessionStore(), SessionSigner(secret_key),
                          Expiry(timedelta(minutes=idle_minutes), timedelta(hours=absolute_hours)))


class FrontendMiddleware(BaseHTTPMiddleware):
    """Every page: the session in `request.state`, its cookie, and the security headers."""

    def __init__(self, app: object, sessions: SessionManager) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.sessions = sessions

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.url.path.startswith("/static/"):
            response = await call_next(request)
            response.headers.update(HEADERS)
            return response
        browser, timed_out = self.sessions.load(request)
        if timed_out:
            browser.flash.append("Du har loggats ut eftersom du inte har varit aktiv på ett tag. "
                                 "Logga in igen.")
        request.state.browser_session = browser
        request.state.sessions = self.sessions
        response = await call_next(request)
        current: BrowserSession = request.state.browser_session
        if current.id != self.signer_id(request):
            response.set_cookie(COOKIE_NAME, self.sessions.signer.sign(current.id),
                                httponly=True, samesite="lax", path="/",
                                secure=request.url.scheme == "https")
        response.headers.update(HEADERS)
        return response

    def signer_id(self, request: Request) -> str | None:
        return self.sessions.signer.unsign(request.cookies.get(COOKIE_NAME))


async def csrf_protect(request: Request) -> None:
    """Dependency on every frontend route: unsafe methods need the session's token."""
    if request.method not in UNSAFE_METHODS:
        return
    browser: BrowserSession = request.state.browser_session
    sent = request.headers.get("X-CSRF-Token")
    if not sent:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, browser.csrf):
        raise CsrfRejected
