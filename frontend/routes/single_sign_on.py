"""Logga in med organisationens konto: the pages only call our API; the API talks to the
OpenID Provider. The state of a sign-in under way is kept in the sealed session cookie and
compared with what the provider sends back, so nobody can sign a browser in as someone else."""

from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from frontend.api import Api, ApiError
from frontend.web import render

router = APIRouter()
CALLBACK = "/logga-in/sso"
HOME = "/"

UNTRUSTED = ("Inloggningen kunde inte bekräftas",
             "Svaret från inloggningstjänsten gick inte att lita på, så du loggades inte in. "
             "Försök igen. Kvarstår felet, kontakta er IT-avdelning.")
REFUSALS: dict[str, tuple[str, str]] = {
    "state": ("Inloggningen kunde inte slutföras",
              "Inloggningen hade gått ut, var redan använd eller startades i en annan "
              "webbläsare. Börja om från inloggningssidan."),
    "code": ("Inloggningen kunde inte slutföras",
             "Inloggningstjänsten godkände inte inloggningen en gång till. Börja om från "
             "inloggningssidan."),
    "expired": ("Inloggningen hade gått ut",
                "Svaret från inloggningstjänsten var för gammalt. Börja om och logga in igen."),
    "tenant": ("Kontot hör inte till organisationen",
               "Du loggade in med ett konto från en organisation som inte får använda "
               "Samordna här. Logga in med ditt konto hos kommunen."),
}
NO_PROVIDER = ("Ingen inloggning med organisationens konto",
               "Din organisation loggar inte in med sitt eget konto i Samordna. Logga in med "
               "e-postadress och lösenord.")
UNREACHABLE = ("Inloggningstjänsten svarar inte",
               "Organisationens inloggningstjänst går inte att nå just nu. Försök igen om en "
               "stund, eller logga in med e-postadress och lösenord om du har ett.")


def _page(request: Request, status_code: int, heading: str, text: str) -> Response:
    return render(request, "auth/sign_in_problem.html", status_code=status_code,
                  title=heading, heading=heading, text=text)


def _problem(request: Request, exc: ApiError) -> Response:
    reason = exc.errors.get("sign_in", "")
    if exc.status == 403 and reason == "no_assignment":
        return render(request, "auth/no_assignment.html", status_code=403,
                      title="Du har ingen roll i Samordna ännu",
                      organisation=exc.errors.get("organisation", ""),
                      email=exc.errors.get("email", ""), admins=exc.errors.get("admins", ""))
    if exc.status == 503 and "identity_provider" in exc.errors:
        return _page(request, 503, *UNREACHABLE)
    if exc.status == 404:
        return _page(request, 404, *NO_PROVIDER)
    if exc.status >= 500:
        raise exc
    return _page(request, 400, *REFUSALS.get(reason, UNTRUSTED))


async def _start(request: Request, body: dict[str, str]) -> str | Response:
    """The provider's authorization URL, its state kept in the session; or a problem page."""
    try:
        answer = await Api(request.app.state.backend_client).post("/auth/sso/start", body)
    except ApiError as exc:
        if exc.status == 422:
            return _page(request, 404, *NO_PROVIDER)
        return _problem(request, exc)
    url = str(answer["authorization_url"])
    request.state.browser_session.sso_state = parse_qs(urlsplit(url).query)["state"][0]
    return url


@router.get("/logga-in/sso/start")
async def start_for_organisation(request: Request, organisation: str = "") -> Response:
    """A provider's button on the login page (a link: the page's form-action policy keeps
    form posts on this site, also through redirects)."""
    url = await _start(request, {"organisation_id": organisation})
    return url if isinstance(url, Response) else RedirectResponse(url, status_code=303)


@router.post("/logga-in/sso/start")
async def start_for_email(request: Request,
                          email: Annotated[str, Form(max_length=254)] = "") -> Response:
    """The e-mail address typed on the login page, routed by its domain."""
    if "@" not in email:
        return render(request, "auth/login.html", status_code=400, title="Logga in",
                      next_url=HOME, email=email, providers=await providers(request),
                      error="Skriv din e-postadress för att logga in med organisationens "
                            "konto.")
    url = await _start(request, {"email": email.strip()})
    if isinstance(url, Response):
        return url
    return render(request, "auth/continue.html", title="Fortsätt till inloggningen",
                  authorization_url=url)


@router.get(CALLBACK)
async def callback(request: Request, code: str = "", state: str = "",
                   error: str = "") -> Response:
    browser = request.state.browser_session
    expected, browser.sso_state = browser.sso_state, None
    if error:
        return _page(request, 400, "Inloggningen avbröts",
                     "Inloggningstjänsten avbröt inloggningen, så du är inte inloggad. "
                     "Börja om från inloggningssidan.")
    if not code or not state or state != expected:
        return _page(request, 400, *REFUSALS["state"])
    backend = request.app.state.backend_client
    try:
        signed_in = await Api(backend).post("/auth/sso/finish", {"state": state, "code": code})
    except ApiError as exc:
        return _problem(request, exc)
    token = signed_in["access_token"]
    me = await Api(backend, token).get("/me")
    request.state.browser_session = request.state.sessions.renew(
        browser, token, me["name"], end_session_url=signed_in.get("end_session_url"))
    return RedirectResponse(HOME, status_code=303)


async def providers(request: Request) -> list[dict[str, str]]:
    """The login page's buttons; none when the API cannot say (password login still works)."""
    try:
        return list(await Api(request.app.state.backend_client).get("/auth/sso/providers"))
    except (ApiError, httpx.TransportError):
        return []
