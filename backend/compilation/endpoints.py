"""/cycles/{id}/compilation: the figures as JSON, PDF, CSV and XLSX; versions; registration."""

import base64
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from backend.auth.deps import CurrentPrincipal
from backend.auth.policies import can_read_compilation, require_scope_or_role, require_visible
from backend.auth.principal import Scope
from backend.compilation import stored, versions
from backend.compilation.charts import all_charts
from backend.compilation.csv_export import render_csv
from backend.compilation.figures import compute_figures, compute_numbers, content_hash
from backend.compilation.pdf import render_pdf
from backend.compilation.xlsx_export import render_xlsx
from backend.core.deps import SessionDep
from backend.core.downloads import attachment
from backend.core.errors import NotFound
from backend.core.schemas import Page
from backend.core.versioning import IfMatch, check_version, require_if_match, set_etag
from backend.models import Compilation, Cycle, Organisation
from backend.models.enums import CycleState, Role
from backend.reporting.cycles import visible_cycle
from backend.reporting.registration import validate_registration_number
from backend.reporting.schemas import RegistrationRequest

router = APIRouter(prefix="/cycles", tags=["compilation"])
MAX_VERSION = 2**31 - 1
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such cycle or version, or not visible to you"}}
VersionParam = Annotated[int | None, Query(
    ge=1, le=MAX_VERSION,
    description="A compiled version; default: the current one (a live preview while open)")]


PDF_SHA256 = ("SHA-256 (hex) of the version's PDF, whose bytes never change; null for a "
              "preview, or until the PDF is first laid out (at its first download)")


class CompilationPublic(BaseModel):
    cycle_id: uuid.UUID
    version: int | None = Field(description="null for a live preview of an open cycle")
    content_hash: str
    created_at: datetime | None
    created_by: str | None
    adopted: bool
    registration_number: str | None
    pdf_sha256: str | None = Field(description=PDF_SHA256)
    data: dict[str, Any]


class CompilationVersion(BaseModel):
    version: int = Field(description="The compile number: 1, 2, …")
    revision: int = Field(description="Changes when the registration number is set; send it "
                                      'as If-Match: "<revision>" to set it')
    content_hash: str
    created_at: datetime
    created_by: str
    adopted: bool
    registration_number: str | None
    pdf_sha256: str | None = Field(description=PDF_SHA256)


def _readable_cycle(session: SessionDep, principal: CurrentPrincipal,
                    cycle_id: uuid.UUID) -> Cycle:
    cycle = visible_cycle(session, principal, cycle_id)
    require_visible(can_read_compilation(principal, cycle.organisation_id), "The compilation")
    return cycle


def _current(session: SessionDep, cycle: Cycle, number: int | None) -> Compilation | None:
    if number is not None:
        found = versions.by_number(session=session, cycle_id=cycle.id, number=number)
        if found is None:
            raise NotFound(f"The cycle has no compilation version {number}")
        return found
    if cycle.state in (CycleState.COMPILED, CycleState.ADOPTED):
        return versions.latest(session=session, cycle_id=cycle.id)
    return None


def _document(session: SessionDep, cycle: Cycle, number: int | None, *,
              with_pdf_sha256: bool = False) -> CompilationPublic:
    frozen = _current(session, cycle, number)
    if frozen is None:
        data = compute_figures(session=session, cycle_id=cycle.id)
        return CompilationPublic(cycle_id=cycle.id, version=None, content_hash=content_hash(data),
                                 created_at=None, created_by=None, adopted=False,
                                 registration_number=None, pdf_sha256=None, data=data)
    return CompilationPublic(
        cycle_id=cycle.id, version=frozen.number, content_hash=frozen.content_hash,
        created_at=frozen.created_at, created_by=frozen.created_by_name,
        adopted=cycle.adopted_compilation_id == frozen.id,
        registration_number=frozen.registration_number,
        pdf_sha256=stored.pdf_hashes(session, [frozen.id]).get(frozen.id)
        if with_pdf_sha256 else None, data=frozen.data)


@router.get("/{cycle_id}/compilation", response_model=CompilationPublic, responses=ERRORS,
            summary="The compilation (sammanställning) as JSON")
def read_compilation(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                     version: VersionParam = None) -> CompilationPublic:
    """The figures of the cycle's accepted reports: activities per kind, strategic area and
    unit; funding per programme and unit; the share of projects with external funding;
    countries, partners, networks, twin towns; next year's plans as a draft action plan;
    and the previous adopted cycle's figures beside them. A compiled or adopted cycle
    answers its frozen version (immutable, with its content hash); an open cycle a live
    preview (`version: null`)."""
    return _document(session, _readable_cycle(session, principal, cycle_id), version,
                     with_pdf_sha256=True)


class ChartTablePublic(BaseModel):
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[int] = Field(description="Columns that hold numbers (align them right)")


class ChartPublic(BaseModel):
    key: str
    title: str
    description: str = Field(description="A text alternative that says what the chart shows")
    svg: str = Field(description="Self-contained inline SVG (role=img, title, desc)")
    table: ChartTablePublic


@router.get("/{cycle_id}/compilation/charts", response_model=Page[ChartPublic],
            responses=ERRORS, summary="The compilation's charts as inline SVG")
def compilation_charts(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                       version: VersionParam = None) -> Page[ChartPublic]:
    """Funding per programme, activities per kind and per strategic area (with the previous
    adopted cycle beside them) and the trend across cycles: each as accessible SVG and as
    the data table that carries the same numbers."""
    cycle = _readable_cycle(session, principal, cycle_id)
    frozen = _current(session, cycle, version)
    # A live preview needs only the numbers: not the texts, activity list or content hash.
    data = frozen.data if frozen else compute_numbers(session=session, cycle_id=cycle.id).data
    return Page[ChartPublic](items=[ChartPublic(
        key=c.key, title=c.title, description=c.description, svg=c.svg,
        table=ChartTablePublic(caption=c.table.caption, headers=list(c.table.headers),
                               rows=[list(r) for r in c.table.rows],
                               numeric=list(c.table.numeric)))
        for c in all_charts(data)])


def _stem(cycle: Cycle, version: int | None, data: dict[str, Any]) -> str:
    """'Sammanställning 2026 version 2 – Habo kommun'; a live preview is an '(utkast)'."""
    numbered = f" version {version}" if version and version > 1 else ""
    draft = " (utkast)" if version is None else ""
    return f"Sammanställning {cycle.label}{numbered}{draft} – {data['organisation']['name']}"


def _download(body: bytes, media_type: str, stem: str, extension: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": attachment(stem, extension)})


@router.get("/{cycle_id}/compilation.pdf", responses={**ERRORS, 200: {
    "content": {"application/pdf": {}}, "description": "The PDF", "headers": {
        "Repr-Digest": {"description": "sha-256 of the PDF (RFC 9530)",
                        "schema": {"type": "string"}},
        "ETag": {"description": 'The SHA-256 (hex) in quotes: "<pdf_sha256>"',
                 "schema": {"type": "string"}}}}},
    response_class=Response, summary="The compilation as PDF")
def compilation_pdf(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                    version: VersionParam = None) -> Response:
    """A tagged A4 PDF (PDF/UA-1, PDF/A-2a) with title page (organisation, cycle, version,
    compile date), contents, bookmarks, charts with their tables, and page numbers.

    A compiled version's PDF is laid out once, at its first download, and stored: its bytes
    and SHA-256 (`pdf_sha256`, the `Repr-Digest` and `ETag` headers) never change, also not
    when the version is adopted or registered (the decision and registration number are in
    the API and the archive package). An open cycle answers a preview, laid out each time."""
    cycle = _readable_cycle(session, principal, cycle_id)
    frozen = _current(session, cycle, version)
    if frozen is None:
        data = compute_figures(session=session, cycle_id=cycle.id)
        session.commit()  # a read: gives the connection back while the PDF is laid out
        return _download(render_pdf(data), "application/pdf", _stem(cycle, None, data), "pdf")
    found = stored.find(session, frozen.id)
    if found is None:
        lay_out, sessions = stored.version_document(frozen), stored.sessions_like(session)
        session.commit()
        found = stored.lay_out_once(frozen.id, lay_out, sessions=sessions)
    response = _download(found.content, "application/pdf",
                         _stem(cycle, frozen.number, frozen.data), "pdf")
    digest = base64.b64encode(bytes.fromhex(found.sha256)).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    response.headers["ETag"] = f'"{found.sha256}"'
    return response


@router.get("/{cycle_id}/compilation.csv", responses={**ERRORS, 200: {
    "content": {"text/csv": {}}, "description": "The CSV"}},
    response_class=Response, summary="All activities as CSV")
def compilation_csv(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                    version: VersionParam = None) -> Response:
    """Every activity of the accepted reports with its unit; UTF-8 with BOM and `;` as
    separator, as Swedish Excel expects."""
    cycle = _readable_cycle(session, principal, cycle_id)
    document = _document(session, cycle, version)
    return _download(render_csv(document.data), "text/csv; charset=utf-8",
                     _stem(cycle, document.version, document.data), "csv")


@router.get("/{cycle_id}/compilation.xlsx", responses={**ERRORS, 200: {"content": {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
    "description": "The workbook"}}, response_class=Response,
    summary="The compilation's tables as XLSX")
def compilation_xlsx(cycle_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep,
                     version: VersionParam = None) -> Response:
    """A workbook with one sheet per table: the key figures beside the previous cycle's,
    every activity, and the figures per unit, kind, programme, strategic area, country,
    benefit and cycle. Dates are dates, amounts numbers; no cell is ever a formula."""
    cycle = _readable_cycle(session, principal, cycle_id)
    document = _document(session, cycle, version)
    return _download(render_xlsx(document.data),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     _stem(cycle, document.version, document.data), "xlsx")


@router.get("/{cycle_id}/compilations", response_model=Page[CompilationVersion],
            responses=ERRORS, summary="Every compiled version of the cycle")
def list_versions(cycle_id: uuid.UUID, principal: CurrentPrincipal,
                  session: SessionDep) -> Page[CompilationVersion]:
    """Each compile freezes a numbered version; `adopted` marks the one the council adopted."""
    cycle = _readable_cycle(session, principal, cycle_id)
    compiled = versions.all_of(session=session, cycle_id=cycle.id)
    hashes = stored.pdf_hashes(session, [c.id for c in compiled])
    return Page[CompilationVersion](items=[
        CompilationVersion(version=c.number, revision=c.version, content_hash=c.content_hash,
                           created_at=c.created_at, created_by=c.created_by_name,
                           adopted=c.id == cycle.adopted_compilation_id,
                           registration_number=c.registration_number,
                           pdf_sha256=hashes.get(c.id))
        for c in compiled])


@router.put("/{cycle_id}/compilations/{number}/registration",
            response_model=CompilationVersion, responses=ERRORS,
            summary="Set the registration number of a compilation version")
def register_version(cycle_id: uuid.UUID,
                     number: Annotated[int, Path(ge=1, le=MAX_VERSION)], body: RegistrationRequest,
                     principal: CurrentPrincipal, session: SessionDep, response: Response,
                     if_match: IfMatch = None) -> CompilationVersion:
    """For the document system (scope `registration:write`) or the coordinator; needs
    `If-Match: "<revision>"` with the `revision` from `GET /cycles/{id}/compilations`."""
    expected = require_if_match(if_match)
    cycle = visible_cycle(session, principal, cycle_id)
    require_scope_or_role(principal, cycle.organisation_id, scope=Scope.REGISTRATION_WRITE,
                          roles=frozenset({Role.COORDINATOR}))
    compilation = _current(session, cycle, number)
    assert compilation is not None
    check_version(compilation.version, expected)
    organisation = session.get(Organisation, cycle.organisation_id)
    assert organisation is not None
    compilation.registration_number = validate_registration_number(
        organisation, body.registration_number)
    compilation.version += 1
    from backend.audit import service as audit
    from backend.feed import events

    audit.record(session=session, principal=principal, action="compilation.registered",
                 object_type="compilation", object_id=compilation.id,
                 organisation_id=cycle.organisation_id,
                 detail={"registration_number": compilation.registration_number})
    events.append(session=session, organisation_id=cycle.organisation_id,
                  type="compilation.registered", subject_type="compilation",
                  subject_id=compilation.id, data={
                      "cycle_id": str(cycle.id), "version": compilation.number,
                      "registration_number": compilation.registration_number,
                      "links": {"compilation": f"/api/v1/cycles/{cycle.id}/compilation"
                                               f"?version={compilation.number}"}})
    session.flush()
    set_etag(response, compilation.version)
    return CompilationVersion(version=compilation.number, revision=compilation.version,
                              content_hash=compilation.content_hash,
                              created_at=compilation.created_at,
                              created_by=compilation.created_by_name,
                              adopted=compilation.id == cycle.adopted_compilation_id,
                              registration_number=compilation.registration_number,
                              pdf_sha256=stored.pdf_hashes(session, [compilation.id])
                              .get(compilation.id))
