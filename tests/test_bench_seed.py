"""The bench seed writes history the workflow table can produce."""

import re
from datetime import date

from backend.reporting.workflow import REPORT_DESKS, REPORT_TRANSITIONS
from bench.seed import Scale, _statements


def _history_sql() -> str:
    return next(sql for sql, _ in _statements(Scale(), date(2027, 1, 10))
                if "CREATE TEMP TABLE bench_steps" in sql)


def test_each_seeded_state_arrives_by_a_real_step() -> None:
    columns = {name: dict(re.findall(r"WHEN '(\w+)' THEN '([\w.]+)'", cases))
               for cases, name in re.findall(r"CASE r\.state (.*?) END AS (\w+)", _history_sql())}
    steps = {(t.action, t.event, source, t.target)
             for t in REPORT_TRANSITIONS for source in t.sources}
    for state in set(REPORT_DESKS) - {"draft"}:
        assert (columns["action"][state], columns["event"][state],
                columns["from_state"][state], state) in steps
