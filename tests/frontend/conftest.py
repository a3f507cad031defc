"""The combined app (pages + mounted API) on the rolled-back test session."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.core.deps import get_session
from frontend.main import backend_of, create_app
from tests.factories import PASSWORD, World, make_world, open_cycle


@pytest.fixture
def web(session: Session) -> Iterator[TestClient]:
    application = create_app()
    backend_of(application).dependency_overrides[get_session] = lambda: session
    with TestClient(application, follow_redirects=False) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: TestClient, user) -> str:  # type: ignore[no-untyped-def]
    """Log in through the login form; returns the new session's CSRF token."""
    client.cookies.clear()
    page = client.get("/logga-in")
    answer = client.post("/logga-in", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": csrf_of(page.text), "next_url": "/"})
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/").text)


@pytest.fixture
def world(web: TestClient, session: Session) -> World:
    return make_world(session, web)


@pytest.fixture
def cycle(web: TestClient, world: World) -> dict:
    return open_cycle(web, world)
