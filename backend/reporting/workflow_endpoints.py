"""/workflow: the state machine and its Swedish words, for pages and integrators alike."""

from fastapi import APIRouter, Response

from backend.reporting.workflow_document import Workflow, workflow_document

router = APIRouter(tags=["workflow"])


@router.get("/workflow", response_model=Workflow, summary="The workflow and its Swedish labels")
def read_workflow(response: Response) -> Workflow:
    """Every state of a report and a cycle (whose desk, due by which cycle date), every
    action (who may take it, from where to where, what it needs), the roles, the cycle's
    deadlines in order, and the Swedish word for every code the API speaks. The same for
    everyone and no secret, so it needs no token; it changes only with a new release."""
    response.headers["Cache-Control"] = "public, max-age=3600"
    return workflow_document()
