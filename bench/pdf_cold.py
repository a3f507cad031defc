"""One cold PDF: a fresh process lays out a compiled cycle's PDF once and says how long it
took (on the clock, and in CPU time of all its threads: on a machine shared with other work
the clock says more about the neighbours) and how much memory the process needed at most
(`python -m bench.pdf_cold URL CYCLE`).

A fresh process because that is what "cold" means for a user: the first download of a
version after a deploy, with no template parsed and no font loaded yet.
"""

import json
import resource
import sys
import time
import uuid
from datetime import date

from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.core.db import make_engine


def main(url: str, cycle_id: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        data = compute_figures(session=session, cycle_id=uuid.UUID(cycle_id))
    engine.dispose()
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    from backend.compilation.pdf import render_pdf

    document = render_pdf(data, version=1, compiled_on=date(2027, 3, 20))
    seconds, cpu_seconds = time.perf_counter() - started, _cpu_seconds() - cpu_started
    # The layout runs in a child process (typesetting.py): the larger of the two peaks.
    peak_kib = max(resource.getrusage(who).ru_maxrss
                   for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "bytes": len(document),
                      "pages": document.count(b"/Type/Page") - document.count(b"/Type/Pages"),
                      "peak_rss_kib": peak_kib}))


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the layout), all threads."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (
        resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
