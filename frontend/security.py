"""Security headers, the browser session cookie and the CSRF check."""

import hmac
from datetime import timedelta

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}
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
        # Only a signed-in session times out: an anonymous one guards nothing but its CSRF
        # token, and a login page left open for a while must still sign in.
        if found is not None and found.signed_in and self.expiry.is_expired(found):
            # Signed out, but the CSRF token stays: a form posted from a page of the old
            # session then reaches the login check and comes back after signing in, instead
            # of being refused as a forgery. Signing in issues a new token.
            timed_out, found = True, new_session(csrf=found.csrf)
        if found is None:
            found = new_session()
        found.last_seen = utcnow()
        return found, timed_out

    def renew(self, old: BrowserSession, token: str, user_name: str,
              end_session_url: str | None = None) -> BrowserSession:
        """Login: a brand-new session and CSRF token, so a planted cookie is worthless."""
        return new_session(token=token, user_name=user_name, end_session_url=end_session_url)

    def end(self, old: BrowserSession) -> BrowserSession:
        return new_session()

    @property
    def keepalive_seconds(self) -> int:
        """How often a page where someone is typing tells us so: well within the idle time."""
        return max(1, int(self.expiry.idle.total_seconds()) // 3)


def make_session_manager(secret_key: str, idle_seconds: int,
                         absolute_hours: int) -> SessionManager:
    return SessionManager(SessionCodec(secret_key),
                          Expiry(timedelta(seconds=idle_seconds), timedelta(hours=absolute_hours)))


class FrontendMiddleware:
    """Every page: the session in `request.state`, its cookie, and the security headers.

    Plain ASGI rather than BaseHTTPMiddleware, whose extra task and streamed body per
    request cost a fifth of a small page's time."""

    def __init__(self, app: ASGIApp, sessions: SessionManager, hsts: bool = False) -> None:
        self.app = app
        self.sessions = sessions
        self.headers = {**HEADERS, **HSTS} if hsts else HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        page = not scope["path"].startswith("/static/")
        if page:
            browser, timed_out = self.sessions.load(request)
            if timed_out:
                browser.flash.append("Du har loggats ut eftersom du inte har varit aktiv på ett "
                                     "tag. Logga in igen.")
            request.state.browser_session = browser
            request.state.sessions = self.sessions

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.update(self.headers)
                if page:
                    # Re-sealed on every answer: last_seen moves, so the idle timeout restarts.
                    headers.append("set-cookie", self._cookie(request))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _cookie(self, request: Request) -> str:
        carrier = Response()
        carrier.set_cookie(COOKIE_NAME, self.sessions.codec.encode(request.state.browser_session),
                           httponly=True, samesite="lax", path="/",
                           secure=request.url.scheme == "https")
        return carrier.headers["set-cookie"]


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
