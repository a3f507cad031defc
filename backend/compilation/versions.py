"""Numbered, immutable compilation versions: frozen at compile, fixed once adopted."""

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from backend.models import Compilation, Cycle


def latest(*, session: Session, cycle_id: uuid.UUID) -> Compilation | None:
    return session.exec(select(Compilation).where(Compilation.cycle_id == cycle_id)
                        .order_by(col(Compilation.number).desc()).limit(1)).first()


def by_number(*, session: Session, cycle_id: uuid.UUID, number: int) -> Compilation | None:
    return session.exec(select(Compilation).where(Compilation.cycle_id == cycle_id,
                                                  Compilation.number == number)).first()


def freeze(*, session: Session, cycle: Cycle, author: str) -> Compilation:
    """Compute the figures now and store them as version N+1 with their content hash."""
    from backend.compilation.figures import compute_figures, content_hash

    number = (session.exec(select(func.max(Compilation.number))
                           .where(Compilation.cycle_id == cycle.id)).one() or 0) + 1
    data = compute_figures(session=session, cycle_id=cycle.id)
    compilation = Compilation(cycle_id=cycle.id, number=number, data=data,
                              content_hash=content_hash(data), created_by_name=author)
    session.add(compilation)
    session.flush()
    return compilation


def all_of(*, session: Session, cycle_id: uuid.UUID) -> list[Compilation]:
    return list(session.exec(select(Compilation).where(Compilation.cycle_id == cycle_id)
                             .order_by(col(Compilation.number))))
