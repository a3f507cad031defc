"""Schemathesis against the whole OpenAPI: no server errors, answers that match the schema,
and no status code the operation does not document.

Each operation gets a seeded organisation and a token of a user holding every
organisation-wide role; every other example swaps the generated path ids for real ones so
the fuzzing reaches past the 404s.
"""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backend.notifications.smtp import get_mailer
from tests.notifications.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.seeded import WEBHOOK_URL, Seeded, seeded  # noqa: F401

EXAMPLES_PER_OPERATION = 12
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance,
          status_code_conformance]


def _operations() -> list[tuple[str, str]]:
    from backend.main import create_app

    return [(method.upper(), path) for path, methods in create_app().openapi()["paths"].items()
            for method in methods]


@pytest.mark.parametrize(("method", "path"), _operations())
def test_the_api_keeps_its_contract(method: str, path: str, app: Any,
                                    seeded: Seeded, smtp_server: SmtpServer) -> None:  # noqa: F811
    # Set-password links are e-mailed in the request: a real SMTP server receives them.
    app.dependency_overrides[get_mailer] = smtp_server.mailer
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    def keeps_the_contract(case: Any) -> None:
        if next(seeded.turn) % 2 == 0 and case.path_parameters:
            case.path_parameters = {name: seeded.ids.get(name, value)
                                    for name, value in case.path_parameters.items()}
        if isinstance(case.body, dict) and isinstance(case.body.get("url"), str):
            case.body = {**case.body, "url": WEBHOOK_URL}
        case.call_and_validate(headers=seeded.headers, checks=CHECKS)

    keeps_the_contract()
