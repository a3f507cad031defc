"""A worker for test_worker_killed: one real transition, stopped just before its commit.

Usage: python -m tests.faults.fire_and_hang DATABASE_URL TOKEN REPORT_ID ACTION REASON

Runs what a request runs (a unit of work, the principal from the bearer token, `fire`),
then, where the unit of work would commit, prints READY and sleeps until it is killed.
(Hanging here rather than in a before_commit hook also catches a commit inside `fire`.)
"""

import sys
import time
import uuid

from sqlmodel import Session

from backend.auth import service as auth
from backend.core.db import make_engine, unit_of_work
from backend.reporting import service
from backend.reporting.schemas import ReportTransitionRequest


def main(url: str, token: str, report_id: str, action: str, reason: str) -> None:
    engine = make_engine(url)
    with unit_of_work(sessions=lambda: Session(engine, expire_on_commit=False)) as session:
        principal = auth.resolve(session=session, token=token)
        service.fire(session=session, principal=principal, report_id=uuid.UUID(report_id),
                     request=ReportTransitionRequest(action=action, reason=reason))
        print("READY", flush=True)
        time.sleep(600)  # killed here, before the commit
    print("COMMITTED", flush=True)  # never reached


if __name__ == "__main__":
    main(*sys.argv[1:])
