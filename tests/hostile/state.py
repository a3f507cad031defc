"""Everything stored, as plain rows: equal before and after means a request changed nothing."""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    session.flush()
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in SQLModel.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [tuple(row) for row in session.execute(
            select(table).order_by(*order)).all()]
    return rows


def differences(before: dict[str, list[tuple[Any, ...]]],
                after: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    return [f"{name}: {len(before[name])} rows before, {len(after[name])} after"
            if len(before[name]) != len(after[name]) else f"{name}: a row changed"
            for name in before if before[name] != after[name]]
