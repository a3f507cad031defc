"""The backend's workflow and Swedish words (GET /api/v1/workflow), read once per process.

Every page request first makes sure the document is here (`workflow_loaded`); after that
the columns, buttons, required fields and labels come from it, never from a copy.
"""

from typing import Any

import httpx
from fastapi import Request

from frontend.api import Api

# Filled in place, so the templates' global `LABELS` sees the words once they are read.
LABELS: dict[str, dict[str, str]] = {}
_document: dict[str, Any] = {}


async def load(client: httpx.AsyncClient) -> None:
    """Read the document unless this process already has it (it changes only on release)."""
    if _document:
        return
    document = await Api(client).get("/workflow")
    LABELS.update(document["vocabularies"])
    _document.update(document)


async def workflow_loaded(request: Request) -> None:
    """Dependency of every page."""
    await load(request.app.state.backend_client)


def label(vocabulary: str, code: str | None) -> str:
    """The Swedish word for a code; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return "–"
    return LABELS.get(vocabulary, {}).get(code, code)


def states(machine: str) -> list[dict[str, Any]]:
    """The states of `report` or `cycle`, in the order a dashboard shows them."""
    return list(_document[machine]["states"])


def state_codes(machine: str, **flags: bool) -> tuple[str, ...]:
    """State codes, e.g. `state_codes("report", settled=True)`."""
    return tuple(s["code"] for s in states(machine)
                 if all(s[flag] == wanted for flag, wanted in flags.items()))


def needs(machine: str, action: str) -> tuple[str, ...]:
    """The fields an action needs (the same for every state it leaves from)."""
    return tuple(dict.fromkeys(need for t in _document[machine]["transitions"]
                               if t["action"] == action for need in t["needs"]))


def unit_roles() -> tuple[str, ...]:
    return tuple(r["code"] for r in _document["roles"] if r["unit_scoped"])


def due_fields() -> tuple[str, ...]:
    return tuple(d["code"] for d in _document["due_fields"])
