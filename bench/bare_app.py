"""The floor for the dashboard: bare FastAPI + SQLModel + Jinja2, no auth, no API layer.

It runs the dashboard's aggregate (the cycle, its reports' columns with their units' ordered
by name, and the count per state) and renders the same matrix table. `make bench` measures it beside
the real page in the same run; the real page must reach 0.7× its throughput.
"""

import os
import uuid
from datetime import date
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import func
from sqlmodel import Session, col, create_engine, select

from backend.models import Cycle, Report, Unit

STATES = ("draft", "committee_review", "committee_approved", "submitted", "accepted",
          "returned", "exempted")
engine = create_engine(os.environ["DATABASE_URL"], pool_size=10)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
app = FastAPI()


@app.get("/dashboard/{cycle_id}", response_class=HTMLResponse)
def dashboard(request: Request, cycle_id: uuid.UUID) -> HTMLResponse:
    with Session(engine) as session:
        cycle = session.get(Cycle, cycle_id)
        rows = session.exec(select(Report.id, Unit.name, Unit.kind, Report.state, Report.due_on)
                            .join(Unit, col(Unit.id) == Report.unit_id)
                            .where(Report.cycle_id == cycle_id)
                            .order_by(Unit.name, Report.id)).all()
        counts = dict(session.exec(select(Report.state, func.count())
                                   .where(Report.cycle_id == cycle_id)
                                   .group_by(Report.state)).all())
    today = date.today()
    reports = [{"id": id, "unit_name": name, "unit_kind": kind, "state": state,
                "due_on": due_on, "days_left": (due_on - today).days if due_on else None}
               for id, name, kind, state, due_on in rows]
    return templates.TemplateResponse(request, "bare_dashboard.html", {
        "cycle": cycle, "reports": reports, "counts": counts, "columns": STATES})
