"""In-process timings over the seeded region: the reminder scan and the compilation."""

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as clock_time

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.compilation.figures import compute_figures, content_hash
from backend.deadlines.calendar import STOCKHOLM, next_working_day, reminder_dates
from backend.deadlines.reminders import scan


@dataclass
class Stopwatch:
    seconds: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    watch = Stopwatch()
    started = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - started


def scan_day(today: date) -> date:
    """The first day from today on which reminders go out (a working day)."""
    return today if reminder_dates(today) else next_working_day(today)


@dataclass(frozen=True)
class ScanTimes:
    day: date
    queued: int
    first_seconds: float
    rerun_seconds: float  # the same day again: finds the same rows, queues nothing


def scan_times(engine: Engine, day: date) -> ScanTimes:
    now = datetime.combine(day, clock_time(6, 0), STOCKHOLM)
    with Session(engine) as session, stopwatch() as first:
        queued = scan(session=session, now=now)
        session.commit()
    with Session(engine) as session, stopwatch() as rerun:
        again = scan(session=session, now=now)
        session.commit()
    if again:
        raise RuntimeError(f"the second scan queued {again} messages; it must queue none")
    return ScanTimes(day, queued, first.seconds, rerun.seconds)


@dataclass(frozen=True)
class CompileTimes:
    json_seconds: float
    pdf_seconds: float  # laid out cold: the first PDF of a fresh process
    pdf_cpu_seconds: float
    pdf_bytes: int
    pdf_pages: int
    pdf_peak_mib: float  # the most memory that process held


def compile_times(engine: Engine, url: str, cycle_id: str) -> CompileTimes:
    """What compiling does (figures + content hash), then the PDF of those figures, laid out
    in a fresh process (bench/pdf_cold.py)."""
    with Session(engine) as session, stopwatch() as figures:
        data = compute_figures(session=session, cycle_id=uuid.UUID(cycle_id))
        content_hash(data)
    cold = json.loads(subprocess.run(
        [sys.executable, "-m", "bench.pdf_cold", url, cycle_id], check=True,
        capture_output=True, text=True).stdout)
    return CompileTimes(figures.seconds, cold["seconds"], cold["cpu_seconds"], cold["bytes"],
                        cold["pages"], cold["peak_rss_kib"] / 1024)
