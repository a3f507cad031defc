"""The OpenAPI document is what integrators read: every operation must explain itself."""

from backend.main import create_app


def test_every_operation_has_a_summary_and_a_description():
    spec = create_app().openapi()
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if not operation.get("summary") or len(operation.get("description", "")) < 20
    ]
    assert undocumented == []


def test_write_bodies_carry_examples():
    spec = create_app().openapi()
    schemas = spec["components"]["schemas"]
    for name in ("ReportContent", "ReportTransitionRequest", "CycleCreate",
                 "CycleTransitionRequest", "ExtensionRequest", "RegistrationRequest"):
        assert schemas[name].get("examples"), name
