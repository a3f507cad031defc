"""Logga in / logga ut: the API token is kept in the server-side session only."""

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.deps import safe_next
from frontend.routes.single_sign_on import providers
from frontend.web import redirect, render

router = APIRouter()
LOGIN_ERRORS = {
    422: "E-postadressen eller lösenordet innehåller otillåtna tecken, till exempel styrtecken.",
}


def _wait_message(seconds: int | None) -> str:
    if not seconds:
        wait = "en stund"
    elif seconds < 90:
        wait = "1 sekund" if seconds == 1 else f"{seconds} sekunder"
    else:
        wait = f"{round(seconds / 60)} minuter"
    return f"För många misslyckade försök härifrån. Vänta {wait} och försök igen."


@router.get("/logga-in")
async def login_page(request: Request, nasta: str | None = None) -> Response:
    if request.state.browser_session.signed_in:
        return redirect(request, safe_next(nasta))
    return render(request, "auth/login.html", title="Logga in", next_url=safe_next(nasta),
                  email="", error=None, providers=await providers(request))


@router.post("/logga-in")
async def login(request: Request, email: Annotated[str, Form(max_length=254)] = "",
                password: Annotated[str, Form(max_length=1000)] = "",
                next_url: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    api = Api(request.app.state.backend_client)
    error, status = None, 400
    if not email.strip() or not password:
        error = "Fyll i både e-postadress och lösenord."
    elif any(ord(c) < 32 or ord(c) == 127 for c in email + password):
        error, status = LOGIN_ERRORS[422], 422
    else:
        try:
            token = await api.login(
                email.strip(), password, secret_key=request.app.state.secret_key,
                address=request.client.host if request.client else "unknown")
        except ApiError as exc:
            if exc.status >= 500:
                raise  # the error page says the service is down, not that the password is
            status = 422 if exc.status == 422 else 400
            error = (_wait_message(exc.retry_after) if exc.status == 429
                     else LOGIN_ERRORS.get(exc.status, "Fel e-postadress eller lösenord."))
    if error:
        return render(request, "auth/login.html", status_code=status, title="Logga in",
                      next_url=safe_next(next_url), email=email, error=error,
                      providers=await providers(request))
    me = await Api(request.app.state.backend_client, token).get("/me")
    request.state.browser_session = request.state.sessions.renew(
        request.state.browser_session, token, me["name"])
    return redirect(request, safe_next(next_url))


@router.post("/sessionen/forlang")
async def keep_alive(request: Request) -> Response:
    """The editor calls this while someone types, so that typing counts as activity.
    Answering is enough: every answer re-seals the session cookie with a new last_seen."""
    return Response(status_code=204 if request.state.browser_session.signed_in else 401)


@router.post("/logga-ut")
async def logout(request: Request) -> Response:
    browser = request.state.browser_session
    if browser.signed_in:
        request.app.state.me_cache.forget(browser.token)
        # Already revoked or expired? The local session ends all the same.
        with contextlib.suppress(ApiError):
            await Api(request.app.state.backend_client, browser.token).request(
                "POST", "/auth/logout")
    request.state.browser_session = request.state.sessions.end(browser)
    if browser.end_session_url:
        # Signed in through the organisation: offer to end that session too.
        return render(request, "auth/logged_out.html", title="Du är utloggad",
                      end_session_url=browser.end_session_url)
    return redirect(request, "/logga-in", flash="Du är utloggad.")
