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
    before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    from backend.compilation.pdf import render_pdf

    document = render_pdf(data, version=1, compiled_on=date(2027, 3, 20))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "bytes": len(document),
                      "pages": document.count(b"/Type/Page") - document.count(b"/Type/Pages"),
                      "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "rss_before_kib": before_kib}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
