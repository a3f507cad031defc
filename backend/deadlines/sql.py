"""Two portable SQL expressions the reminder scan needs (PostgreSQL and SQLite)."""

from typing import Any

from sqlalchemy import Boolean, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[int]):  # noqa: N801 - reads like the SQL function it is
    """`days_between(later, earlier)`: whole days from `earlier` to `later` (two dates)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


class int_in_json_array(FunctionElement[bool]):  # noqa: N801
    """`int_in_json_array(array, value)`: the JSON array of integers holds the value."""

    type = Boolean()
    inherit_cache = True
    name = "int_in_json_array"


def _arguments(element: FunctionElement[Any], compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses.clauses]


@compiles(days_between)
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = _arguments(element, compiler, **kw)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = _arguments(element, compiler, **kw)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(int_in_json_array)
def _in_array_postgresql(element: int_in_json_array, compiler: Any, **kw: Any) -> str:
    array, value = _arguments(element, compiler, **kw)
    return (f"EXISTS (SELECT 1 FROM json_array_elements_text(CAST({array} AS JSON)) "
            f"AS element(item) WHERE CAST(element.item AS INTEGER) = {value})")


@compiles(int_in_json_array, "sqlite")
def _in_array_sqlite(element: int_in_json_array, compiler: Any, **kw: Any) -> str:
    array, value = _arguments(element, compiler, **kw)
    return f"EXISTS (SELECT 1 FROM json_each({array}) WHERE json_each.value = {value})"
