"""The frontend reaches the backend only through its REST API."""

import ast
from pathlib import Path

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
# Settings and the plain-ASGI body limit may be shared; the app itself is only imported to
# mount it in one process.
ALLOWED = {"backend.core.config", "backend.core.body_limit"}
MOUNT_ONLY = {"backend.main": {"main.py"}}


def _imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def test_no_frontend_module_imports_backend_internals():
    offending = []
    modules = sorted(FRONTEND.rglob("*.py"))
    assert len(modules) > 10
    for path in modules:
        for name in _imports(ast.parse(path.read_text(), filename=str(path))):
            if name != "backend" and not name.startswith("backend."):
                continue
            root = next((m for m in (*ALLOWED, *MOUNT_ONLY) if name == m or name.startswith(
                m + ".")), None)
            if root in ALLOWED or (root in MOUNT_ONLY and path.name in MOUNT_ONLY[root]):
                continue
            offending.append(f"{path.relative_to(FRONTEND)}: {name}")
    assert offending == []


def test_the_check_would_catch_a_forbidden_import():
    tree = ast.parse("from backend.reporting import service\nimport backend.models\n")
    assert _imports(tree) == ["backend.reporting", "backend.reporting.service", "backend.models"]
