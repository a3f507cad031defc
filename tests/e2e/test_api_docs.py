"""/docs and /redoc work offline: every file from our own server, nothing blocked by the CSP."""

import pytest
from playwright.sync_api import Page, Request, Route, expect

from backend.core.docs import DOCS_CSP
from tests.e2e.conftest import Live


def _offline(page: Page, live: Live) -> tuple[list[str], list[str]]:
    """Refuse every request that leaves our server (as an intranet without internet would);
    returns the refused URLs and the console errors (CSP violations among them)."""
    refused: list[str] = []
    errors: list[str] = []

    def route(route: Route, request: Request) -> None:
        if request.url.startswith(live.url) or request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    return refused, errors


@pytest.mark.e2e
def test_swagger_ui_renders_offline_under_its_csp(page: Page, live: Live) -> None:
    refused, errors = _offline(page, live)
    answer = page.goto(f"{live.url}/docs")
    assert answer is not None and answer.headers["content-security-policy"] == DOCS_CSP
    expect(page.get_by_role("heading", name="Samordna API")).to_be_visible(timeout=30_000), \
        (refused, errors)
    # A slow machine needs a while to lay out a 1.5 MB bundle and the whole OpenAPI.
    expect(page.get_by_text("Get an access token").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Rotate a webhook's signing secret").first).to_be_visible(
        timeout=30_000)
    assert refused == [] and errors == []


@pytest.mark.e2e
def test_redoc_renders_offline_under_its_csp(page: Page, live: Live) -> None:
    refused, errors = _offline(page, live)
    page.goto(f"{live.url}/redoc")
    expect(page.get_by_role("heading", name="Get an access token").first).to_be_visible(
        timeout=30_000)
    assert refused == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
