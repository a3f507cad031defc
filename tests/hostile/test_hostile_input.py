"""Every input of every operation in the OpenAPI, sent what an attacker or an unlucky paste
would send: control characters, NUL, lone surrogates, over-long and odd Unicode text, odd
digits and huge numbers, extreme dates, forged cursors and If-Match values.

Refused input must get a 422 problem+json naming the field, and leave every stored row as
it was; odd but real text may be taken, never answered with a 5xx."""

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from backend.main import create_app
from tests.hostile.probes import (
    ODD_TEXT,
    Field,
    example_body,
    fields_of,
    text_fields_without_the_check,
    with_value,
)
from tests.hostile.state import differences, snapshot
from tests.seeded import Seeded

SPEC = create_app().openapi()
OAUTH_ENDPOINTS = ("/api/v1/auth/token",)
OPERATIONS = [(method.upper(), path) for path, operations in SPEC["paths"].items()
              for method, operation in operations.items() if fields_of(SPEC, operation)]


def _operation(method: str, path: str) -> dict[str, Any]:
    return SPEC["paths"][path][method.lower()]  # type: ignore[no-any-return]


def _quoted(value: Any) -> str:
    return quote(str(value), safe="", errors="surrogatepass")


def send(client: TestClient, seeded: Seeded, method: str, path: str, field: Field,
         value: Any) -> Response:
    """The operation called with real ids, its documented example body, and `value` put in
    `field`."""
    operation = _operation(method, path)
    path_values = {p["name"]: seeded.ids.get(p["name"], 1)
                   for p in operation.get("parameters", []) if p["in"] == "path"}
    query: dict[str, Any] = {}
    headers = dict(seeded.headers)
    body = example_body(SPEC, operation)
    where = field.location
    if where == "path":
        path_values[field.name] = value
    elif where == "query":
        query[field.name] = value
    elif where == "header":
        headers[field.name] = str(value).encode()  # type: ignore[assignment]
    else:
        body = with_value(body, field.path, value)
    url = path.format(**{name: _quoted(v) for name, v in path_values.items()})
    if query:
        url += "?" + urlencode(query, errors="surrogatepass")
    content: bytes | None = None
    if "requestBody" in operation:
        if where == "form" or "application/x-www-form-urlencoded" in operation[
                "requestBody"]["content"]:
            content = urlencode(body, errors="surrogatepass").encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    return client.request(method, url, content=content, headers=headers)


def _names(answer: Response, field: Field) -> bool:
    """The problem names the field (or the object holding it, for checks of a whole list)."""
    try:
        errors = answer.json().get("errors") or []
    except ValueError:
        return False
    expected = field.name
    return any(e["field"] == expected or expected.startswith(e["field"] + ".")
               or e["field"].startswith(expected + ".") for e in errors)


def _refused(answer: Response, field: Field, path: str) -> bool:
    """A 422 problem naming the field; the OAuth token endpoint answers RFC 6749's 400."""
    if path in OAUTH_ENDPOINTS:
        return answer.status_code == 400 and "error" in answer.json()
    return (answer.status_code == 422 and _names(answer, field)
            and answer.headers["content-type"].startswith("application/problem+json"))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_hostile_input_is_refused_and_changes_nothing(
        method: str, path: str, client: TestClient, session: Session,
        seeded: Seeded) -> None:
    before = snapshot(session)
    failures = []
    for field in fields_of(SPEC, _operation(method, path)):
        for value in field.refused_values():
            answer = send(client, seeded, method, path, field, value)
            if not _refused(answer, field, path):
                failures.append(f"{field.location} {field.name} = {_show(value)}: "
                                f"{answer.status_code} {answer.text[:160]}")
    assert not failures, "\n".join(failures)
    assert not differences(before, snapshot(session))


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_odd_text_is_never_a_server_error(method: str, path: str, client: TestClient,
                                          seeded: Seeded) -> None:
    failures = []
    for field in fields_of(SPEC, _operation(method, path)):
        if field.kind != "text":
            continue
        for value in ODD_TEXT:
            answer = send(client, seeded, method, path, field, value)
            if answer.status_code >= 500:
                failures.append(f"{field.location} {field.name} = {_show(value)}: "
                                f"{answer.status_code} {answer.text[:160]}")
    assert not failures, "\n".join(failures)


def test_every_text_input_declares_the_control_character_check() -> None:
    """New endpoints take text through backend.core.schemas (SINGLE_LINE or MULTI_LINE)."""
    assert text_fields_without_the_check(SPEC) == []
