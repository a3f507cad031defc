"""A compiled version's PDF: laid out once, stored in the database, served by every process.

The layout takes a second or more for a large organisation, so the process that lays it out
first claims it (a row without content, a unique insert on every backend) and holds no
database connection while it works; every other process waits for the stored bytes. A
claim older than CLAIM_EXPIRES (a process that died mid-layout) may be taken over.
"""

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.compilation.pdf import render_pdf
from backend.core.db import SessionFactory, unit_of_work
from backend.core.errors import Unavailable
from backend.deadlines.calendar import STOCKHOLM
from backend.models import Compilation, CompilationPdf
from backend.models.base import utcnow

CLAIM_EXPIRES = timedelta(minutes=2)
WAIT_STEP_SECONDS = 0.1


@dataclass(frozen=True)
class StoredPdf:
    content: bytes
    sha256: str  # hex, of `content`
    rendered_at: datetime
    laid_out_now: bool = False  # this call made it (the others read it)


def sessions_like(session: Session) -> SessionFactory:
    """New sessions on what `session` is bound to (the engine; in tests, its connection)."""
    return lambda: Session(bind=session.get_bind(), expire_on_commit=False,
                           join_transaction_mode="create_savepoint")


def find(session: Session, compilation_id: uuid.UUID) -> StoredPdf | None:
    """The stored PDF of a compiled version, if it has been laid out."""
    row = session.exec(select(CompilationPdf).where(
        CompilationPdf.compilation_id == compilation_id,
        col(CompilationPdf.content).is_not(None))).first()
    if row is None or row.content is None or row.sha256 is None or row.rendered_at is None:
        return None
    return StoredPdf(row.content, row.sha256, row.rendered_at)


def pdf_hashes(session: Session, compilation_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The SHA-256 of each of these versions' PDFs that has been laid out (one query)."""
    if not compilation_ids:
        return {}
    rows = session.exec(select(CompilationPdf.compilation_id, CompilationPdf.sha256).where(
        col(CompilationPdf.compilation_id).in_(compilation_ids),
        col(CompilationPdf.sha256).is_not(None)))
    return {compilation_id: sha256 for compilation_id, sha256 in rows if sha256}


def lay_out_once(compilation_id: uuid.UUID, lay_out: Callable[[], bytes], *,
                 sessions: SessionFactory) -> StoredPdf:
    """The stored PDF, laid out by `lay_out` if no process has done so yet.

    Call it holding no connection of your own (the layout takes seconds). Raises
    Unavailable if another process holds the claim for longer than CLAIM_EXPIRES allows.
    """
    claim = uuid.uuid4()
    deadline = time.monotonic() + 2 * CLAIM_EXPIRES.total_seconds()
    while True:
        found, claimed = _claim(compilation_id, claim, sessions)
        if found is not None:
            return found
        if claimed:
            break
        if time.monotonic() > deadline:
            raise Unavailable("The PDF is being laid out; try again in a minute.")
        time.sleep(WAIT_STEP_SECONDS)
    try:
        content = lay_out()
    except BaseException:
        with unit_of_work(sessions=sessions) as session:  # the next request tries again
            session.execute(delete(CompilationPdf).where(*_mine(compilation_id, claim)))
        raise
    return _store(compilation_id, claim, content, sessions)


def stored_compilation_pdf(*, session: Session, compilation: Compilation) -> StoredPdf:
    """The PDF of a compiled version, as every process serves it (the archive's too).

    Laid out now if it has not been yet: `session` then keeps its connection meanwhile; a
    request that can should commit first and call `lay_out_once` (as the download does).
    """
    found = find(session, compilation.id)
    if found is not None:
        return found
    return lay_out_once(compilation.id, version_document(compilation),
                        sessions=sessions_like(session))


def version_document(compilation: Compilation) -> Callable[[], bytes]:
    """What lays out the version's PDF: its frozen data, number and compile date, and
    nothing decided or registered later (that must change no stored byte)."""
    data, number = compilation.data, compilation.number
    compiled_on = compilation.created_at.astimezone(STOCKHOLM).date()
    return lambda: render_pdf(data, version=number, compiled_on=compiled_on)


def _mine(compilation_id: uuid.UUID, claim: uuid.UUID) -> tuple[Any, ...]:
    return (col(CompilationPdf.compilation_id) == compilation_id,
            col(CompilationPdf.claim) == claim, col(CompilationPdf.content).is_(None))


def _claim(compilation_id: uuid.UUID, claim: uuid.UUID,
           sessions: SessionFactory) -> tuple[StoredPdf | None, bool]:
    """(the stored PDF, False) once it exists; else (None, whether we now hold the claim)."""
    with unit_of_work(sessions=sessions) as session:
        found = find(session, compilation_id)
        if found is not None:
            return found, False
        row = session.get(CompilationPdf, compilation_id, populate_existing=True)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(CompilationPdf(compilation_id=compilation_id, claim=claim))
            except IntegrityError:
                return None, False  # another process claimed it a moment ago
            return None, True
        if row.claimed_at > utcnow() - CLAIM_EXPIRES:
            return None, False
        # The claim has expired (its process died or failed): take it over, unless another
        # process just did.
        taken = session.execute(update(CompilationPdf).where(
            *_mine(compilation_id, row.claim)).values(claim=claim, claimed_at=utcnow()))
        return None, taken.rowcount == 1  # type: ignore[attr-defined]


def _store(compilation_id: uuid.UUID, claim: uuid.UUID, content: bytes,
           sessions: SessionFactory) -> StoredPdf:
    sha256, now = hashlib.sha256(content).hexdigest(), utcnow()
    with unit_of_work(sessions=sessions) as session:
        stored = session.execute(update(CompilationPdf).where(*_mine(compilation_id, claim)).values(
            content=content, sha256=sha256, size=len(content), rendered_at=now))
        if stored.rowcount == 1:  # type: ignore[attr-defined]
            return StoredPdf(content, sha256, now, laid_out_now=True)
        # Our claim expired and another process stored the same document meanwhile.
        found = find(session, compilation_id)
    if found is None:
        raise Unavailable("The PDF is being laid out; try again in a minute.")
    return found
