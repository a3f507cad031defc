"""The results file: one Markdown page the README quotes."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.load import Load
from bench.timings import CompileTimes, ScanTimes


@dataclass(frozen=True)
class Results:
    day: date
    machine: str
    workers: int
    connections: int
    seconds: int
    counts: dict[str, int]
    seed_seconds: float
    loads: list[Load]
    scans: ScanTimes
    compiles: CompileTimes

    def load(self, name: str) -> Load:
        return next(load for load in self.loads if load.name == name)


def _verdicts(r: Results) -> list[str]:
    city, bare, town = r.load("dashboard, 300 units"), r.load("bare dashboard, 300 units"), \
        r.load("dashboard, 40 units")
    checks = [
        (f"dashboard at 300 units ≥ 0.7 × bare page: {city.ratio_to(bare):.2f} ×",
         city.ratio_to(bare) >= 0.7),
        (f"dashboard at 300 units p99 < 150 ms: {city.p99_ms:.0f} ms", city.p99_ms < 150),
        (f"40-unit dashboard ≥ 600 req/s: {town.requests_per_second:.0f} req/s",
         town.requests_per_second >= 600),
        (f"reminder scan < 0.5 s: {r.scans.first_seconds:.3f} s", r.scans.first_seconds < 0.5),
        (f"compile 300 units, JSON < 0.3 s: {r.compiles.json_seconds:.3f} s",
         r.compiles.json_seconds < 0.3),
        (f"300-unit PDF cold ≤ 2 s: {r.compiles.pdf_seconds:.2f} s",
         r.compiles.pdf_seconds <= 2),
        (f"no failed requests: {sum(load.errors for load in r.loads)}",
         not any(load.errors for load in r.loads)),
    ]
    return [f"- {'✅' if ok else '❌'} {text}" for text, ok in checks]


def render(r: Results) -> str:
    floor = r.load("/healthz")
    counts = ", ".join(f"{n:,} {table}".replace(",", " ") for table, n in r.counts.items())
    rows = "\n".join(
        f"| {load.name} | {load.requests_per_second:,.0f} | {load.p50_ms:.1f} | "
        f"{load.p99_ms:.1f} | {load.ratio_to(floor):.3f} | {load.errors} |"
        for load in r.loads)
    return f"""# Samordna benchmark, {r.day.isoformat()}

Machine: {r.machine}. PostgreSQL on loopback; the app served by `samordna serve
--workers {r.workers}` (production settings), wrk with {r.connections} connections for
{r.seconds} s per URL on the same machine.

Data: {counts}; seeded in {r.seed_seconds:.1f} s.

| URL | req/s | p50 ms | p99 ms | × /healthz | errors |
|---|---:|---:|---:|---:|---:|
{rows}

- Reminder scan over the whole region ({r.scans.day.isoformat()}): {r.scans.first_seconds:.3f} s,
  {r.scans.queued} messages queued; the same scan again: {r.scans.rerun_seconds:.3f} s, none queued.
- Compiling the city's 300-unit cycle: figures (JSON) {r.compiles.json_seconds:.3f} s; its PDF
  laid out cold (Typst, in a fresh process) in {r.compiles.pdf_seconds:.2f} s
  ({r.compiles.pdf_cpu_seconds:.2f} s of CPU time):
  {r.compiles.pdf_pages} pages, {r.compiles.pdf_bytes // 1024} kB, the process at most
  {r.compiles.pdf_peak_mib:.0f} MiB. A compiled version's PDF is laid out once and stored; every
  later download reads the stored bytes.

## Targets
{chr(10).join(_verdicts(r))}
"""


def write_results(results: Results, path: Path) -> None:
    path.write_text(render(results), encoding="utf-8")
