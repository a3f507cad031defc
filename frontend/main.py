"""create_app(): the web pages at `/` and the REST API (mounted) in one ASGI app.

The pages reach the backend only through its REST API: in-process over
`httpx.ASGITransport` by default, over the network when BACKEND_URL is set.
"""

import gc
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
from starlette.types import ASGIApp, Receive, Scope, Send

from frontend.api import ApiError
from frontend.config import FrontendSettings, get_frontend_settings
from frontend.deps import LoginRequired, MeCache, login_url
from frontend.routes import (
    admin,
    auth,
    compilation,
    cycles,
    editor,
    integrations,
    pages,
    reminders,
    reports,
    tasks,
)
from frontend.security import CsrfRejected, FrontendMiddleware, csrf_protect, make_session_manager
from frontend.web import redirect, render
from frontend.workflow import workflow_loaded

STATIC = Path(__file__).parent / "static"
BACKEND_PREFIXES = ("/api/", "/healthz", "/readyz", "/docs", "/redoc", "/openapi.json")


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
    for module in (auth, tasks, reports, editor, cycles, compilation, admin, reminders,
                   integrations, pages):
        app.include_router(module.router,
                           dependencies=[Depends(csrf_protect), Depends(workflow_loaded)])
    app.state.secret_key = settings.secret_key
    app.state.me_cache = MeCache()
    app.state.sessions = make_session_manager(
        settings.secret_key, settings.session_idle_minutes, settings.session_absolute_hours)
    app.add_middleware(FrontendMiddleware, sessions=app.state.sessions,
                       hsts=settings.environment == "production")
    _install_error_pages(app)
    return app


def _error_page(request: Request, status: int, title: str, text: str) -> Response:
    return render(request, "pages/error.html", status_code=status, title=title, text=text)


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
            return redirect(request, login_url(request.url.path),
                            flash="Din inloggning har gått ut. Logga in igen.")
        if exc.status == 403:
            return _error_page(request, 403, "Du har inte behörighet",
                               "Din roll ger inte rätt att göra detta. Kontakta EU-samordnaren "
                               "om du tror att det är fel.")
        if exc.status == 404:
            return _not_found(request)
        if exc.status == 503:
            page = _error_page(request, 503, "Samordna är tillfälligt otillgängligt",
                               "Databasen är inte tillgänglig just nu. Försök igen om en "
                               "stund. Det du just skickade kan behöva skickas igen.")
            page.headers["Retry-After"] = str(exc.retry_after or 30)
            return page
        return _error_page(request, 502 if exc.status >= 500 else exc.status,
                           "Något gick fel", "Åtgärden kunde inte genomföras. Försök igen om en "
                           "stund. Kvarstår felet, kontakta EU-samordnaren.")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _not_found(request)
        return _error_page(request, exc.status_code, "Något gick fel", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, _: RequestValidationError) -> Response:
        return _not_found(request)


def _not_found(request: Request) -> Response:
    return _error_page(request, 404, "Sidan finns inte",
                       "Sidan eller rapporten finns inte, eller så har du inte tillgång till den. "
                       "Kontrollera adressen eller gå till Mina uppgifter.")
