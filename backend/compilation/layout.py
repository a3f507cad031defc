"""The child process that lays one document out with Typst (see typesetting.py).

Reads {"template", "timestamp", "content"} as JSON on stdin, writes the PDF to stdout; on a
Typst error or warning it writes the message to stderr and exits with 1.
"""

import json
import sys
from datetime import UTC, datetime

import typst

from backend.compilation.typesetting import FONTS, STANDARDS, TEMPLATES


def main() -> int:
    job = json.loads(sys.stdin.buffer.read())
    try:
        pdf, warnings = typst.compile_with_warnings(
            TEMPLATES / job["template"], root=TEMPLATES, font_paths=[FONTS],
            ignore_system_fonts=True, sys_inputs={"content": job["content"]},
            pdf_standards=list(STANDARDS),  # type: ignore[arg-type]
            timestamp=datetime.fromtimestamp(job["timestamp"], UTC))
    except typst.TypstError as error:
        sys.stderr.write(f"{error.message}\n{error.diagnostic}")
        return 1
    if warnings:
        sys.stderr.write("; ".join(w.message for w in warnings))
        return 1
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
