"""create_app(): the web pages at `/` and the REST API (mounted) in one ASGI app.

The pages reach the backend only through its REST API: in-process over
`httpx.ASGITransport` by default, over the network when BACKEND_URL is set.
"""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.body_limit import MAX_REQUEST_BYTES, BodySizeLimit
from frontend.api import ApiError
from frontend.config import FrontendSettings, get_frontend_settings
from frontend.deps import LoginRequired, MeCache, login_url, return_to
from frontend.routes import (
    admin,
    archiving,
    auth,
    compilation,
    cycles,
    downloads,
    editor,
    integrations,
    pages,
    region,
    reminders,
    reports,
    sign_in_admin,
    single_sign_on,
    tasks,
    webhook_admin,
)
from frontend.security import (
    UNSAFE_METHODS,
    CsrfRejected,
    FrontendMiddleware,
    csrf_protect,
    make_session_manager,
)
from frontend.web import redirect, render
from frontend.workflow import workflow_loaded

STATIC = Path(__file__).parent / "static"
BACKEND_PREFIXES = ("/api/", "/healthz", "/readyz", "/docs", "/redoc", "/openapi.json")

log = logging.getLogger(__name__)


class CombinedApp:
    """Sends the API's paths to the backend app and everything else to the pages."""

    def __init__(self, frontend: FastAPI, backend: ASGIApp) -> None:
        self.frontend = frontend
        self.backend_app = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope["path"].startswith(BACKEND_PREFIXES):
            await self.backend_app(scope, receive, send)
        else:
            await self.frontend(scope, receive, send)


def backend_of(app: CombinedApp) -> Any:
    """The mounted backend app (tests override its dependencies through this)."""
    return app.backend_app


def create_app(backend_app: Any = None,
               settings: FrontendSettings | None = None) -> CombinedApp | FastAPI:
    """Pages plus the API in one process; only the pages when BACKEND_URL points elsewhere."""
    settings = settings or get_frontend_settings()
    if settings.backend_url and backend_app is None:
        return create_frontend(None, settings)
    if backend_app is None:
        from backend.main import create_app as create_backend

        backend_app = create_backend()
    frontend = create_frontend(backend_app, settings)
    return CombinedApp(frontend, backend_app)


def _backend_client(backend_app: Any, settings: FrontendSettings) -> httpx.AsyncClient:
    if settings.backend_url:
        return httpx.AsyncClient(base_url=settings.backend_url.rstrip("/"),
                                 timeout=settings.backend_timeout_seconds)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=backend_app),
                             base_url="http://backend.internal",
                             timeout=settings.backend_timeout_seconds)


def create_frontend(backend_app: Any, settings: FrontendSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backend_client = _backend_client(backend_app, settings)
        if backend_app is None:
            gc.collect()  # as the backend's start-up does (backend.main.freeze_start_up_objects)
            gc.freeze()
            yield
        else:
            # The backend's own start-up (e.g. its timers) runs inside ours.
            async with backend_app.router.lifespan_context(backend_app):
                yield
        await app.state.backend_client.aclose()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    # Also usable without lifespan (httpx.ASGITransport in tests does not run it).
    app.state.backend_client = _backend_client(backend_app, settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Signing in needs no words from the API: the login page works while it is down.
    for module in (auth, single_sign_on):
        app.include_router(module.router, dependencies=[Depends(csrf_protect)])
    for module in (tasks, reports, editor, cycles, compilation, downloads, region, admin,
                   reminders, integrations, webhook_admin, sign_in_admin, archiving, pages):
        app.include_router(module.router,
                           dependencies=[Depends(csrf_protect), Depends(workflow_loaded)])
    app.state.secret_key = settings.secret_key
    app.state.me_cache = MeCache()
    app.state.sessions = make_session_manager(
        settings.secret_key, settings.session_idle_seconds, settings.session_absolute_hours)
    # Inside FrontendMiddleware, so that a refusal carries the session and security headers.
    app.add_middleware(BodySizeLimit, max_bytes=MAX_REQUEST_BYTES, refusal=_too_large_page)
    app.add_middleware(FrontendMiddleware, sessions=app.state.sessions,
                       hsts=settings.environment == "production")
    _install_error_pages(app)
    return app


def _error_page(request: Request, status: int, title: str, text: str) -> Response:
    return render(request, "pages/error.html", status_code=status, title=title, text=text,
                  back_url=None)


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return redirect(request, login_url(exc.next_url))

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _: CsrfRejected) -> Response:
        return _error_page(request, 403, "Formuläret kunde inte skickas",
                           "Sidan var för gammal eller kom inte från Samordna, så av säkerhetsskäl "
                           "genomfördes ingenting. Gå tillbaka, ladda om sidan och försök igen.")

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        if exc.status == 401:
            sessions = request.state.sessions
            request.state.browser_session = sessions.end(request.state.browser_session)
            return redirect(request, login_url(return_to(request)),
                            flash="Din inloggning har gått ut. Logga in igen.")
        if exc.status == 403:
            return _error_page(request, 403, "Du har inte behörighet",
                               "Din roll ger inte rätt att göra detta. Kontakta EU-samordnaren "
                               "om du tror att det är fel.")
        if exc.status == 404:
            return _not_found(request)
        if exc.status == 503:
            return _unavailable(request, "Databasen är inte tillgänglig just nu.",
                                exc.retry_after)
        return _error_page(request, 502 if exc.status >= 500 else exc.status,
                           "Något gick fel", "Åtgärden kunde inte genomföras. Försök igen om en "
                           "stund. Kvarstår felet, kontakta EU-samordnaren.")

    @app.exception_handler(httpx.TransportError)
    async def _unreachable(request: Request, exc: httpx.TransportError) -> Response:
        # The API process is down, restarting or too slow (BACKEND_URL): not our bug, a 503.
        log.warning("the API did not answer %s %s: %r", request.method, request.url.path, exc)
        return _unavailable(request, "Samordna svarar inte just nu.", None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _not_found(request)
        return _error_page(request, exc.status_code, "Något gick fel", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, _: RequestValidationError) -> Response:
        return _not_found(request)


async def _too_large_page(scope: Scope, send: Send) -> None:
    page = _error_page(Request(scope), 413, "Det du skickade är för stort",
                       "Samordna tar emot högst 1 MB åt gången. Korta texten eller dela upp "
                       "den och försök igen.")
    await page(scope, _nothing_more, send)


async def _nothing_more() -> Message:
    return {"type": "http.disconnect"}


def _unavailable(request: Request, cause: str, retry_after: int | None) -> Response:
    """503 in Swedish; after a form post, a way back to the form (whose text the editor
    also keeps in the browser)."""
    sent = request.method in UNSAFE_METHODS
    text = cause + " Försök igen om en stund." + (
        " Det du just skickade är inte sparat – gå tillbaka till sidan och skicka igen."
        if sent else "")
    page = render(request, "pages/error.html", status_code=503,
                  title="Samordna är tillfälligt otillgängligt", text=text,
                  back_url=return_to(request) if sent else None)
    page.headers["Retry-After"] = str(retry_after or 30)
    return page


def _not_found(request: Request) -> Response:
    return _error_page(request, 404, "Sidan finns inte",
                       "Sidan eller rapporten finns inte, eller så har du inte tillgång till den. "
                       "Kontrollera adressen eller gå till Mina uppgifter.")
