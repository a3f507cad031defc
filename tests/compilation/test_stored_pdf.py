"""A compiled version's PDF is laid out once, stored, and served with the same bytes and
SHA-256 by every process, before and after adoption and registration."""

import base64
import hashlib
import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from backend.compilation import pdf, stored, versions
from backend.core.db import get_engine, set_engine
from backend.main import create_app
from backend.models import Compilation, CompilationPdf, Cycle, Organisation
from backend.models.base import utcnow
from backend.models.enums import Role
from tests.auth.factories import with_version
from tests.compilation import dataset
from tests.compilation.pdf_checks import assert_accessible_archival_pdf, pdf_text
from tests.factories import make_user, token

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Sammanställning av det internationella arbetet 2026"


def _compiled(session: Session) -> tuple[Cycle, uuid.UUID]:
    municipality = dataset.build(session)
    compilation = versions.freeze(session=session, cycle=municipality.current, author="Sam")
    return municipality.current, compilation.id


def _organisation(session: Session, cycle: Cycle) -> Organisation:
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    return organisation


def _download(client: TestClient, cycle: Cycle, headers: dict[str, str]) -> tuple[bytes, str]:
    answer = client.get(f"/api/v1/cycles/{cycle.id}/compilation.pdf?version=1",
                        headers=headers)
    assert answer.status_code == 200, answer.text
    sha256 = hashlib.sha256(answer.content).hexdigest()
    assert answer.headers["etag"] == f'"{sha256}"'
    digest = base64.b64encode(hashlib.sha256(answer.content).digest()).decode()
    assert answer.headers["repr-digest"] == f"sha-256=:{digest}:"
    assert answer.headers["content-disposition"].endswith(
        "filename*=UTF-8''Sammanst%C3%A4llning%202026%20%E2%80%93%20Habo%20kommun.pdf")
    return answer.content, sha256


def test_the_stored_pdf_keeps_its_bytes_through_registration(client, session) -> None:
    cycle, _ = _compiled(session)
    coordinator = make_user(session, _organisation(session, cycle), Role.COORDINATOR)
    headers = token(client, coordinator)
    versions_url = f"/api/v1/cycles/{cycle.id}/compilations"
    assert client.get(versions_url, headers=headers).json()["items"][0]["pdf_sha256"] is None

    first, sha256 = _download(client, cycle, headers)
    assert_accessible_archival_pdf(first, TITLE)
    listed = client.get(versions_url, headers=headers).json()["items"][0]
    assert listed["pdf_sha256"] == sha256
    resource = client.get(f"/api/v1/cycles/{cycle.id}/compilation?version=1", headers=headers)
    assert resource.json()["pdf_sha256"] == sha256

    registered = client.put(f"{versions_url}/1/registration",
                            json={"registration_number": "KS 2027/0200"},
                            headers=with_version(headers, listed["revision"]))
    assert registered.status_code == 200, registered.text
    assert registered.json()["pdf_sha256"] == sha256
    again, again_sha256 = _download(client, cycle, headers)
    assert again == first and again_sha256 == sha256
    assert "KS 2027/0200" not in pdf_text(again)
    assert "Version 1" in pdf_text(again)


def test_stored_compilation_pdf_is_what_the_download_serves(client, session) -> None:
    cycle, compilation_id = _compiled(session)
    compilation = session.get(Compilation, compilation_id)
    assert compilation is not None
    made = stored.stored_compilation_pdf(session=session, compilation=compilation)
    assert made.laid_out_now and made.sha256 == hashlib.sha256(made.content).hexdigest()
    served = stored.stored_compilation_pdf(session=session, compilation=compilation)
    assert not served.laid_out_now and served.content == made.content
    coordinator = make_user(session, _organisation(session, cycle), Role.COORDINATOR)
    assert _download(client, cycle, token(client, coordinator)) == (made.content, made.sha256)


def test_a_failed_layout_leaves_no_claim_behind(session) -> None:
    _, compilation_id = _compiled(session)
    sessions = stored.sessions_like(session)

    def broken() -> bytes:
        raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        stored.lay_out_once(compilation_id, broken, sessions=sessions)
    assert session.get(CompilationPdf, compilation_id, populate_existing=True) is None
    assert stored.lay_out_once(compilation_id, lambda: b"%PDF-1", sessions=sessions).laid_out_now


def test_an_expired_claim_is_taken_over(session) -> None:
    _, compilation_id = _compiled(session)
    session.add(CompilationPdf(compilation_id=compilation_id, claim=uuid.uuid4(),
                               claimed_at=utcnow() - stored.CLAIM_EXPIRES - timedelta(1)))
    session.flush()
    made = stored.lay_out_once(compilation_id, lambda: b"%PDF-2",
                               sessions=stored.sessions_like(session))
    assert made.laid_out_now and made.content == b"%PDF-2"


# --- Across connections and processes: a scratch database whose commits are real ---------

@pytest.fixture
def compiled_database(committed_engine: Engine) -> Iterator[tuple[Engine, Cycle, uuid.UUID]]:
    with Session(committed_engine, expire_on_commit=False) as session:
        cycle, compilation_id = _compiled(session)
        session.commit()
    previous = get_engine()
    set_engine(committed_engine)
    try:
        yield committed_engine, cycle, compilation_id
    finally:
        set_engine(previous)


def test_the_download_holds_no_connection_while_the_pdf_is_laid_out(
        compiled_database, monkeypatch) -> None:
    engine, cycle, compilation_id = compiled_database
    with Session(engine, expire_on_commit=False) as session:
        coordinator = make_user(session, _organisation(session, cycle), Role.COORDINATOR)
        session.commit()
    held_during_layout: list[int] = []
    typeset = pdf.typeset

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        held_during_layout.append(engine.pool.checkedout())  # type: ignore[attr-defined]
        return typeset(*args, **kwargs)

    monkeypatch.setattr(pdf, "typeset", watched)
    with TestClient(create_app()) as client:
        content, sha256 = _download(client, cycle, token(client, coordinator))
        assert _download(client, cycle, token(client, coordinator)) == (content, sha256)
    assert held_during_layout == [0]  # laid out once, with every connection in the pool
    with Session(engine) as session:
        row = session.get(CompilationPdf, compilation_id)
        assert row is not None and row.sha256 == sha256 and row.content == content


SERVE_IN_ANOTHER_PROCESS = """
import hashlib, json, sys, uuid
from sqlmodel import Session, col
from backend.compilation.stored import stored_compilation_pdf
from backend.core.db import make_engine
from backend.models import Compilation
engine = make_engine(sys.argv[1])
with Session(engine) as session:
    compilation = session.get(Compilation, uuid.UUID(sys.argv[2]))
    found = stored_compilation_pdf(session=session, compilation=compilation)
print(json.dumps({"sha256": found.sha256, "laid_out_now": found.laid_out_now,
                  "bytes_sha256": hashlib.sha256(found.content).hexdigest()}))
"""


def test_two_processes_lay_the_pdf_out_once_and_serve_the_same_bytes(
        compiled_database) -> None:
    engine, _, compilation_id = compiled_database
    url = engine.url.render_as_string(hide_password=False)
    other = subprocess.Popen([sys.executable, "-c", SERVE_IN_ANOTHER_PROCESS, url,
                              str(compilation_id)], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True)
    here: list[stored.StoredPdf] = []
    thread = threading.Thread(target=lambda: here.append(_serve(engine, compilation_id)))
    thread.start()
    output, _ = other.communicate(timeout=300)
    thread.join(timeout=300)
    assert other.returncode == 0
    there = json.loads(output)
    assert there["sha256"] == there["bytes_sha256"] == here[0].sha256
    assert [there["laid_out_now"], here[0].laid_out_now].count(True) == 1
    # A third reader, later, gets the stored bytes without laying anything out.
    again = _serve(engine, compilation_id)
    assert not again.laid_out_now and again.content == here[0].content


def _serve(engine: Engine, compilation_id: uuid.UUID) -> stored.StoredPdf:
    with Session(engine, expire_on_commit=False) as session:
        compilation = session.get(Compilation, compilation_id)
        assert compilation is not None
        return stored.stored_compilation_pdf(session=session, compilation=compilation)


def test_registering_in_one_process_changes_no_stored_byte(compiled_database) -> None:
    engine, _, compilation_id = compiled_database
    before = _serve(engine, compilation_id)
    with Session(engine) as session:
        session.execute(update(Compilation).where(col(Compilation.id) == compilation_id)
                        .values(registration_number="KS 2027/0200"))
        session.commit()
    after = _serve(engine, compilation_id)
    assert (after.content, after.sha256) == (before.content, before.sha256)
