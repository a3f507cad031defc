"""The API process down behind the pages (BACKEND_URL): a Swedish 503, never a 500.

The pages run on their own and reach the real API (uvicorn) through a TCP proxy that can
refuse connections (the process is gone) or swallow requests (the process hangs). Pages
and form posts answer the Swedish 503 page with Retry-After; after a post the page links
back to the form; a login blames the service, not the password. When the API is back the
same session saves at once.
"""

import re
from urllib.parse import urlsplit

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from frontend.config import FrontendSettings
from frontend.main import create_app
from tests.factories import PASSWORD
from tests.faults.live_app import live_app
from tests.faults.tcp_proxy import tcp_proxy
from tests.faults.test_database_restart import setup_world
from tests.frontend.conftest import csrf_of

DOWN = "Samordna svarar inte just nu"


def assert_unavailable(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert int(answer.headers["Retry-After"]) > 0
    assert DOWN in answer.text
    assert "Traceback" not in answer.text and "Något gick fel" not in answer.text


def sign_in(web: TestClient, email: str) -> None:
    page = web.get("/logga-in")
    answer = web.post("/logga-in", data={"email": email, "password": PASSWORD,
                                         "csrf_token": csrf_of(page.text), "next_url": "/"})
    assert answer.status_code == 303, answer.text


def editor_form(web: TestClient, path: str) -> dict[str, str]:
    page = web.get(path)
    assert page.status_code == 200, page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    return {"csrf_token": csrf_of(page.text), "version": version.group(1),
            "summary": "Vi deltog i ett nätverk för skolutveckling.", "op": "save"}


def test_pages_answer_a_swedish_503_while_the_api_process_is_down_or_hangs(
    committed_engine: Engine,
) -> None:
    with live_app(committed_engine) as api_url, httpx.Client(base_url=api_url) as client:
        world, reports = setup_world(committed_engine, client)
        report_id = reports[str(world.units[0].id)]["id"]
        editor = f"/rapporter/{report_id}/redigera"
        with tcp_proxy(("127.0.0.1", urlsplit(api_url).port or 80)) as proxy:
            settings = FrontendSettings(backend_url=f"http://127.0.0.1:{proxy.port}",
                                        backend_timeout_seconds=5.0)
            with TestClient(create_app(settings=settings), follow_redirects=False) as web:
                sign_in(web, world.users["contact0"].email)
                form = editor_form(web, editor)

                proxy.stop()
                for headers in ({}, {"HX-Request": "true", "HX-Target": "main"}):
                    assert_unavailable(web.get("/", headers=headers))
                saved = web.post(editor, data=form, headers={"Referer": f"http://testserver{editor}"})
                assert_unavailable(saved)
                assert "inte sparat" in saved.text
                assert f'href="{editor}"' in saved.text  # back to the form
                assert_unavailable(web.post(editor, data=form, headers={
                    "HX-Request": "true", "HX-Current-URL": f"http://testserver{editor}"}))

                proxy.start()
                proxy.hold()  # accepted, never answered: the backend timeout ends the wait
                assert_unavailable(web.get(editor))
                proxy.hold(False)
                proxy.stop()
                proxy.start()

                answer = web.post(editor, data=form)
                assert answer.status_code == 303, answer.text
                assert web.get(editor).text.count(form["summary"]) == 1

                proxy.stop()
                web.cookies.clear()
                login = web.get("/logga-in")  # needs no API
                answer = web.post("/logga-in", data={
                    "email": world.users["contact0"].email, "password": PASSWORD,
                    "csrf_token": csrf_of(login.text), "next_url": "/"})
                assert_unavailable(answer)
                assert "Fel e-postadress eller lösenord" not in answer.text
