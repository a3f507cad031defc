from tests.seeded import seeded  # noqa: F401
