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
    SessionCodec,
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
    """Opens the session in the cookie, expires it, and starts a new one at login."""

    def __init__(self, codec: SessionCodec, expiry: Expiry) -> None:
        self.codec, self.expiry = codec, expiry

    def load(self, request: Request) -> tuple[BrowserSession, bool]:
        """The live session and whether an earlier signed-in one just expired."""
        found = self.codec.decode(request.cookies.get(COOKIE_NAME))
        timed_out = False
        if found is not None and self.expiry.is_expired(found):
            timed_out, found = found.signed_in, None
        if found is None:
            found = new_session()
        found.last_seen = utcnow()
        return found, timed_out

    def renew(self, old: BrowserSession, token: str, user_name: str) -> BrowserSession:
        """Login: a brand-new session and CSRF token, so a planted cookie is worthless."""
        return new_session(token=token, user_name=user_name)

    def end(self, old: BrowserSession) -> BrowserSession:
        return new_session()


def make_session_manager(secret_key: str, idle_minutes: int,
                         absolute_hours: int) -> SessionManager:
    return SessionManager(SessionCodec(secret_key),
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
        # Re-sealed on every answer: last_seen moves, so the idle timeout restarts.
        response.set_cookie(COOKIE_NAME, self.sessions.codec.encode(current),
                            httponly=True, samesite="lax", path="/",
                            secure=request.url.scheme == "https")
        response.headers.update(HEADERS)
        return response


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
