"""Typst lays out our PDFs: tagged, `/Lang sv`, PDF/UA-1 and PDF/A-2a, fonts embedded.

The document's content travels as JSON in `sys.inputs`, never as Typst markup, so no text a
user wrote can change the layout. Each layout runs in a short-lived child process
(`python -m backend.compilation.layout`): Typst's caches are process-wide and keep growing
(some 300 MB per large document), and a worker must not keep them.
"""

import json
import re
import subprocess
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core (Makefile SYSTEM_PACKAGES)
STANDARDS = ("ua-1", "a-2a")
LAYOUT_TIMEOUT_SECONDS = 300
ZERO_WIDTH_SPACE = "\u200b"
# A word longer than a narrow table column would run out of its cell: it may break every
# 15 characters. Only such words get the (invisible) break opportunities.
_LONG_WORD = re.compile(r"[^\s\u200b]{31,}")
# At most two layouts at once per process: each child takes up to half a gigabyte.
_LAYOUTS = threading.BoundedSemaphore(2)


class TypesettingError(RuntimeError):
    """Typst refused the document or warned about it (a missing font, a standard not met)."""


def breakable(text: str) -> str:
    """Text whose overlong words may wrap instead of running off the page."""
    return _LONG_WORD.sub(
        lambda m: ZERO_WIDTH_SPACE.join(m[0][i:i + 15] for i in range(0, len(m[0]), 15)), text)


def typeset(template: str, content: dict[str, Any], *, made_on: date | datetime) -> bytes:
    """The PDF of `content` laid out by `templates/<template>`.

    `made_on` is written as the document's creation date; with it, the same content always
    gives the same bytes.
    """
    made_at = made_on if isinstance(made_on, datetime) else datetime(
        made_on.year, made_on.month, made_on.day)
    if made_at.tzinfo is None:
        made_at = made_at.replace(tzinfo=UTC)
    job = json.dumps({"template": template, "timestamp": int(made_at.timestamp()),
                      "content": json.dumps(content, ensure_ascii=False)}, ensure_ascii=False)
    with _LAYOUTS:
        done = subprocess.run([sys.executable, "-m", "backend.compilation.layout"],
                              input=job.encode("utf-8"), capture_output=True,
                              timeout=LAYOUT_TIMEOUT_SECONDS, check=False)
    if done.returncode != 0:
        raise TypesettingError(f"{template}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
