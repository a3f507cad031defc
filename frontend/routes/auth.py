"""Logga in / logga ut: the API token is kept in the server-side session only."""

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from frontend.api import Api, ApiError
from frontend.routes.single_sign_on import providers
from frontend.web import redirect, render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only local paths: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


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
        return redirect(request, _safe_next(nasta))
    return render(request, "auth/login.html", title="Logga in", next_url=_safe_next(nasta),
                  email="", error=None, providers=await providers(request))


@router.post("/logga-in")
async def login(request: Request, email: Annotated[str, Form(max_length=254)] = "",
                password: Annotated[str, Form(max_length=1000)] = "",
                next_url: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    api = Api(request.app.state.backend_client)
    error = None
    if not email.strip() or not password:
        error = "Fyll i både e-postadress och lösenord."
    else:
        try:
            token = await api.login(
                email.strip(), password, secret_key=request.app.state.secret_key,
                address=request.client.host if request.client else "unknown")
        except ApiError as exc:
            if exc.status >= 500:
                raise  # the error page says the service is down, not that the password is
            error = (_wait_message(exc.retry_after) if exc.status == 429
                     else "Fel e-postadress eller lösenord.")
    if error:
        return render(request, "auth/login.html", status_code=400, title="Logga in",
                      next_url=_safe_next(next_url), email=email, error=error,
                      providers=await providers(request))
    me = await Api(request.app.state.backend_client, token).get("/me")
    request.state.browser_session = request.state.sessions.renew(
        request.state.browser_session, token, me["name"])
    return redirect(request, _safe_next(next_url))


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
