"""Scratch databases for tests that need real commits across connections."""

import os

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from backend.core.db import make_engine


def scratch_postgres_engine(name: str) -> Engine:
    """A brand-new, empty PostgreSQL database beside TEST_DATABASE_URL's.

    Its name starts with the test database's, so two test runs on one server never collide.
    """
    url = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{url.database}_{name}"
    admin = make_engine(url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_engine(url.set(database=name).render_as_string(hide_password=False))
