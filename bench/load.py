"""Drive one URL with wrk and read its summary: requests/s, p50, p99, errors."""

import re
import subprocess
from dataclasses import dataclass

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass(frozen=True)
class Load:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors

    def ratio_to(self, floor: "Load") -> float:
        return self.requests_per_second / floor.requests_per_second


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse(name: str, output: str) -> Load:
    def find(pattern: str) -> str:
        match = re.search(pattern, output)
        if match is None:
            raise RuntimeError(f"wrk output for {name} lacks {pattern!r}:\n{output}")
        return match.group(1)

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(name=name, requests_per_second=float(find(r"Requests/sec:\s+([\d.]+)")),
                p50_ms=_ms(find(r"\s50%\s+([\d.]+\w+)")), p99_ms=_ms(find(r"\s99%\s+([\d.]+\w+)")),
                requests=int(find(r"(\d+) requests in")),
                errors=(int(bad.group(1)) if bad else 0)
                + (sum(int(n) for n in socket.groups()) if socket else 0))


def run_wrk(name: str, url: str, *, headers: dict[str, str], connections: int,
            seconds: int, threads: int = 2) -> Load:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", "10s"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse(name, result.stdout)
