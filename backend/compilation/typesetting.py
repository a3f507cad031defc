"""Typst lays out our PDFs: tagged, `/Lang sv`, PDF/UA-1 and PDF/A-2a, fonts embedded.

The document's content travels as JSON in `sys.inputs`, never as Typst markup, so no text a
user wrote can change the layout. One compiler per template and process keeps the parsed
template and the loaded fonts between documents.
"""

import json
import re
import threading
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import typst

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core (Makefile SYSTEM_PACKAGES)
STANDARDS: list[Any] = ["ua-1", "a-2a"]
ZERO_WIDTH_SPACE = "\u200b"
# A word longer than a narrow table column would run out of its cell: it may break every
# 15 characters. Only such words get the (invisible) break opportunities.
_LONG_WORD = re.compile(r"[^\s\u200b]{31,}")


class TypesettingError(RuntimeError):
    """Typst refused the document or warned about it (a missing font, a standard not met)."""


def breakable(text: str) -> str:
    """Text whose overlong words may wrap instead of running off the page."""
    return _LONG_WORD.sub(
        lambda m: ZERO_WIDTH_SPACE.join(m[0][i:i + 15] for i in range(0, len(m[0]), 15)), text)


@cache
def _compiler(template: str) -> tuple[typst.Compiler, threading.Lock]:
    compiler = typst.Compiler(TEMPLATES / template, root=TEMPLATES, font_paths=[FONTS],
                              ignore_system_fonts=True)
    return compiler, threading.Lock()


def typeset(template: str, content: dict[str, Any], *, made_on: date | datetime) -> bytes:
    """The PDF of `content` laid out by `templates/<template>`.

    `made_on` is written as the document's creation date; with it, the same content always
    gives the same bytes.
    """
    compiler, lock = _compiler(template)
    made_at = made_on if isinstance(made_on, datetime) else datetime(
        made_on.year, made_on.month, made_on.day)
    if made_at.tzinfo is None:
        made_at = made_at.replace(tzinfo=UTC)
    inputs = {"content": json.dumps(content, ensure_ascii=False)}
    with lock:
        try:
            pdf, warnings = compiler.compile_with_warnings(
                sys_inputs=inputs, pdf_standards=STANDARDS,
                timestamp=made_at.astimezone(UTC).replace(microsecond=0))
        except typst.TypstError as error:
            raise TypesettingError(f"{template}: {error.message}") from error
    if warnings:
        raise TypesettingError(f"{template}: " + "; ".join(w.message for w in warnings))
    assert isinstance(pdf, bytes)
    return pdf
