"""With the database unreachable, the API answers 503 and the pages say so in Swedish.

The app's real engine is swapped for one that cannot connect (PostgreSQL on a closed port,
or an SQLite "file" that is a directory): the API answers 503 problem+json with
Retry-After, the pages a Swedish error page (not a traceback, not "Något gick fel"), and
both work again as soon as the database is back.
"""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.core.db import make_engine, set_engine
from backend.core.deps import get_session
from frontend.main import backend_of
from tests.factories import World
from tests.frontend.conftest import csrf_of, sign_in, web, world
from tests.notifications.smtp_server import free_port

__all__ = ["web", "world"]


def unreachable(backend: str, directory: Path) -> Engine:
    if backend == "sqlite":
        return make_engine(f"sqlite:///{directory}")  # a directory: it cannot be opened
    return make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/samordna")


def test_pages_and_api_answer_503_while_the_database_is_unreachable(
    web: TestClient, world: World, session: Session, engine: Engine, backend: str,
    tmp_path: Path,
) -> None:
    sign_in(web, world.users["contact0"])
    api = backend_of(web.app)  # type: ignore[arg-type]
    api.dependency_overrides.pop(get_session)  # the real unit of work, on the real engine
    set_engine(unreachable(backend, tmp_path))
    try:
        answer = web.get("/api/v1/me", headers=world.as_("contact0"))
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"
        assert int(answer.headers["Retry-After"]) > 0
        assert "database" in answer.json()["detail"]

        for headers in ({}, {"HX-Request": "true", "HX-Target": "main"}):
            page = web.get("/", headers=headers)
            assert page.status_code == 503
            assert page.headers["content-type"].startswith("text/html")
            assert int(page.headers["Retry-After"]) > 0
            assert "Databasen är inte tillgänglig just nu" in page.text
            assert "Traceback" not in page.text and "Något gick fel" not in page.text

        web.cookies.clear()  # a login while the database is away blames the database
        form = web.get("/logga-in")
        login = web.post("/logga-in", data={
            "email": "kontakt@example.se", "password": "whatever-it-is",
            "csrf_token": csrf_of(form.text)}, follow_redirects=False)
        assert login.status_code == 503
        assert "Databasen är inte tillgänglig just nu" in login.text
        assert "Fel e-postadress eller lösenord" not in login.text
    finally:
        set_engine(engine)
        api.dependency_overrides[get_session] = lambda: session
    sign_in(web, world.users["contact0"])
    assert web.get("/").status_code == 200
