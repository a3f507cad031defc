"""Migrations: upgrade from empty and back on every backend; models and migrations agree."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import backend.models  # noqa: F401
from backend.core import migrations
from tests.conftest import fresh_engine


def test_upgrade_from_empty_creates_every_table_and_downgrade_removes_them(
    backend: str, tmp_path: Path
) -> None:
    if backend == "postgresql":
        from tests.db_helpers import scratch_postgres_engine

        engine = scratch_postgres_engine("samordna_migrations")
    else:
        engine = fresh_engine(backend, tmp_path)
    migrations.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    with engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.head_revision()
    migrations.downgrade(engine)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_models_match_migrations(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
