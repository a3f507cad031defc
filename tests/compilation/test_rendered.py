"""A PDF is laid out once per data and edition; the cache stays within its budget."""

import threading
import time
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from backend.compilation.figures import compute_figures
from backend.compilation.pdf import render_pdf
from backend.compilation.rendered import RenderedDocuments
from tests.compilation import dataset


class Maker:
    """Makes b"<key>-<n>" and counts how often it was asked."""

    def __init__(self, started: threading.Event | None = None,
                 released: threading.Event | None = None) -> None:
        self.calls = 0
        self.started, self.released = started, released

    def __call__(self, key: str) -> bytes:
        self.calls += 1
        if self.started and self.released:
            self.started.set()
            assert self.released.wait(10)
        return f"{key}-{self.calls}".encode()


def test_a_document_is_made_once_and_then_handed_out() -> None:
    documents, make = RenderedDocuments(budget_bytes=1_000), Maker()
    first = documents.get("a", lambda: make("a"))
    assert documents.get("a", lambda: make("a")) is first
    assert documents.get("b", lambda: make("b")) == b"b-2"
    assert make.calls == 2


def test_the_least_recently_used_leaves_when_the_budget_is_spent() -> None:
    documents, make = RenderedDocuments(budget_bytes=8), Maker()
    documents.get("a", lambda: make("a"))  # 3 bytes each
    documents.get("b", lambda: make("b"))
    documents.get("a", lambda: make("a"))  # a is now the more recent
    documents.get("c", lambda: make("c"))  # 9 bytes: b leaves
    assert make.calls == 3
    documents.get("a", lambda: make("a"))
    assert make.calls == 3
    assert documents.get("b", lambda: make("b")) == b"b-4"


def test_a_failed_layout_is_not_kept() -> None:
    documents, make = RenderedDocuments(budget_bytes=1_000), Maker()

    def broken() -> bytes:
        raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        documents.get("a", broken)
    assert documents.get("a", lambda: make("a")) == b"a-1"


def test_requests_for_a_document_being_made_wait_for_it() -> None:
    started, released = threading.Event(), threading.Event()
    documents, make = RenderedDocuments(budget_bytes=1_000), Maker(started, released)
    answers: list[bytes] = []
    threads = [threading.Thread(target=lambda: answers.append(
        documents.get("a", lambda: make("a")))) for _ in range(4)]
    for thread in threads:
        thread.start()
    started.wait(10)
    time.sleep(0.2)  # the other three are now at the door (a slower machine only weakens it)
    released.set()
    for thread in threads:
        thread.join(10)
    assert answers == [b"a-1"] * 4 and make.calls == 1


def test_the_same_compilation_and_edition_is_laid_out_once(session: Session) -> None:
    municipality = dataset.build(session)
    data: dict[str, Any] = compute_figures(session=session, cycle_id=municipality.current.id)
    edition: dict[str, Any] = {"version": 2, "compiled_on": date(2027, 3, 20)}
    first = render_pdf(data, **edition)
    assert render_pdf(data, **edition) is first
    registered = render_pdf(data, **edition, registration_number="KS2027/0195")
    assert registered is not first and registered != first
    assert render_pdf({**data, "units": []}, **edition) is not first
