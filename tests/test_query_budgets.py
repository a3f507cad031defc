"""Query budgets: every list endpoint and page runs a fixed number of SQL statements.

The promise: one request costs the same number of statements however many units, reports,
activities, history rows, events, users and messages there are (no N+1), and never more
than the budget written below. Each case is measured against a small municipality
(2 units) and a larger one (12 units, more cycles, longer histories) built once per
module; the two counts must be equal and within the budget. A budget is the measured
value, so one extra statement fails: when a change needs more queries on purpose, raise
the number here in the same commit and say why.

Everything is counted across the whole request — for pages, the frontend's in-process
calls to the API included — by a listener on the engine the app's session uses. The test
session is shared and its transaction is held open, so the counts leave out what a real
request adds on top and never varies with size: BEGIN and COMMIT/ROLLBACK.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.core.deps import get_session
from backend.models import Unit, User
from backend.models.enums import Role, UnitKind
from backend.organisations.service import grant
from frontend.main import backend_of, create_app
from tests.factories import (
    COMPLETE_CONTENT,
    deadlines,
    make_organisation,
    make_unit,
    make_user,
    token,
)
from tests.frontend.conftest import csrf_of, sign_in
from tests.query_budget import counted_statements
from tests.reporting.helpers import PATHS

SMALL, BIG = 2, 12

# name → the most statements one request may run (measured; the same on SQLite and PostgreSQL).
# A plain API request spends 1 on its token (session, user and memberships in one query); a
# page adds GET /me (3) and then whatever API calls it makes. Pages read lists with `get_all`
# in pages of 500 (the API's largest), following `next_cursor` past that. A download page
# (…/sammanstallning.csv, /kalender.ics) asks no GET /me: it costs what its API call costs.
# Not here: GET /cycles/{id}/archive lays out a PDF per report (its flat count, whatever the
# number of reports, is tests/integrations/test_archive_queries.py); GET …/compilation.pdf
# and GET /reports/{id}/document.pdf take over a second to lay out; they are left out to
# keep this module fast.
BUDGETS: dict[str, int] = {
    "GET /cycles": 2,
    "GET /cycles/{id}": 3,
    "GET /cycles/{id}/reports": 3,
    "GET /cycles/{id}/reports?limit=500": 3,
    "GET /cycles/{id}/reports?limit=2": 3,
    "GET /cycles/{id}/reports (contact person)": 3,
    "GET /cycles/{id}/overview?limit=500": 4,
    "GET /cycles/{id}/overview (contact person)": 4,
    "GET /cycles/{id}/actions": 2,
    "GET /cycles/{id}/history": 3,
    "GET /reports/{id}": 5,
    "GET /reports/{id}/content": 5,
    "GET /reports/{id}/actions": 2,
    "GET /reports/{id}/history": 3,
    "GET /reports/{id}/history?include_content=true": 3,
    "GET /me": 3,
    "GET /me/invitations": 2,
    "GET /region/overview": 3,
    "GET /me/tasks (contact person)": 2,
    "GET /me/tasks (committee)": 2,
    "GET /me/tasks (coordinator)": 3,
    "GET /me/tasks (council)": 2,
    "GET /events": 2,
    "GET /events (viewer, one organisation)": 2,
    "GET /organisations": 2,
    "GET /units": 2,
    "GET /strategic-areas": 2,
    "GET /users": 3,
    "GET /users/{id}/roles": 4,
    "GET /service-accounts": 2,
    "GET /webhooks": 2,
    "GET /webhooks/{id}/deliveries": 3,
    "GET /outbox": 2,
    "GET /audit": 2,
    "GET /organisations/{id}/reminder-policy": 2,
    "GET /calendar/{token}.ics": 3,
    "GET /me/calendar.ics (contact person)": 3,
    "GET /cycles/{id}/compilation (live)": 12,
    "GET /cycles/{id}/compilation (adopted)": 4,  # + the stored PDF's SHA-256
    "GET /cycles/{id}/compilation/charts (live)": 10,
    "GET /cycles/{id}/compilation/charts (adopted)": 3,
    "GET /cycles/{id}/compilations": 4,  # + the stored PDFs' SHA-256
    "GET /cycles/{id}/compilation.csv (live)": 12,
    "GET /cycles/{id}/compilation.xlsx (adopted)": 3,
    # Mina uppgifter also asks GET /me/invitations (2) for the banner of pending invitations.
    "page / Mina uppgifter (contact person)": 7,
    "page / Mina uppgifter (committee)": 7,
    "page / Mina uppgifter (coordinator)": 8,
    "page /omgangar": 5,
    "page /region": 6,
    "page /omgangar/{id} dashboard": 7,
    "page /omgangar/{id} dashboard, filtered": 7,
    "page /omgangar/{id}/tidsplan": 6,
    "page /rapporter/{id} (coordinator)": 11,
    "page /rapporter/{id} (committee, to approve)": 11,
    "page /rapporter/{id}/redigera editor": 13,
    "page /omgangar/{id}/sammanstallning (live)": 28,
    "page /omgangar/{id}/sammanstallning (adopted)": 13,  # + the stored PDF's SHA-256
    "page /omgangar/{id}/sammanstallning.csv (live)": 12,
    "page /omgangar/{id}/sammanstallning.xlsx (adopted)": 3,
    "page /kalender.ics (contact person)": 3,
    "page /admin": 10,  # the organisation's invitations (2) under its users
    "page /admin/paminnelser": 9,
    "page /admin/integrationer": 7,
}


# --- the two municipalities ------------------------------------------------------------------

@dataclass
class Town:
    """One organisation with its people, cycles and reports, and where to find them."""

    organisation_id: str
    units: list[Unit]
    users: dict[str, User] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def as_(self, who: str) -> dict[str, str]:
        return self.headers[who]


KINDS = (UnitKind.COMMITTEE, UnitKind.ADMINISTRATION, UnitKind.COMPANY)

def _ok(answer, status: int = 200) -> dict:  # type: ignore[no-untyped-def]
    assert answer.status_code == status, answer.text
    return dict(answer.json()) if answer.content else {}


def _content(activities: int, area_ids: list[str]) -> dict:
    base = COMPLETE_CONTENT["activities"]
    return {**COMPLETE_CONTENT, "activities": [
        {**base[i % 2], "title": f"Aktivitet {i}", "strategic_area_ids": area_ids[: i % 3]}
        for i in range(activities)]}


class Builder:
    def __init__(self, client: TestClient, session: Session, size: int) -> None:
        self.client, self.session, self.size = client, session, size
        self.big = size > SMALL
        organisation = make_organisation(session)
        units = [make_unit(session, organisation, f"Enhet {i:02d} {organisation.name}",
                           KINDS[i % 3]) for i in range(size)]
        self.town = Town(str(organisation.id), units)
        users = self.town.users
        for role in (Role.ADMIN, Role.COORDINATOR, Role.COUNCIL, Role.VIEWER):
            users[role] = make_user(session, organisation, role)
        # One contact person and one committee member answer for every unit, so that their
        # desks grow with the municipality.
        for who, role in (("contact", Role.CONTACT_PERSON), ("committee", Role.COMMITTEE)):
            users[who] = make_user(session, organisation, role, units[0])
            for unit in units[1:]:
                grant(session=session, user=users[who], organisation=organisation, role=role,
                      unit_id=unit.id)
        for unit in units:  # and each unit has a deputy of its own, without a token
            make_user(session, organisation, Role.CONTACT_PERSON, unit)
        session.flush()
        self.town.headers = {who: token(client, user) for who, user in users.items()}

    def post(self, path: str, body: dict | None = None, who: str = Role.COORDINATOR,
             status: int = 200, version: int | None = None) -> dict:
        headers = dict(self.town.as_(who))
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        return _ok(self.client.post(f"/api/v1{path}", json=body, headers=headers), status)

    def put(self, path: str, body: dict, who: str, version: int | str) -> dict:
        return _ok(self.client.put(f"/api/v1{path}", json=body, headers={
            **self.town.as_(who), "If-Match": f'"{version}"' if isinstance(version, int)
            else version}))

    def integrations(self) -> None:
        org = self.town.organisation_id
        for number in range(3 if self.big else 1):
            self.post("/service-accounts", {"name": f"Diarium {number}", "scopes": [
                "reports:read", "events:read"], "organisation_id": org}, Role.ADMIN, 201)
        etag = self.client.get(f"/api/v1/organisations/{org}",
                               headers=self.town.as_(Role.ADMIN)).headers["ETag"]
        self.put(f"/organisations/{org}/webhook-hosts", {"hosts": ["127.0.0.1"]}, Role.ADMIN,
                 etag)
        for number in range(3 if self.big else 1):
            hook = self.post("/webhooks", {"url": f"http://127.0.0.1:9/hook{number}",
                                           "events": ["*"], "organisation_id": org},
                             Role.ADMIN, 201)
            self.town.ids["webhook"] = str(hook["id"])
        self.areas = [str(self.post("/strategic-areas", {
            "name": f"Område {n}", "position": n, "organisation_id": org}, Role.ADMIN,
            201)["id"]) for n in range(3)]

    def cycle(self, label: str, start: date, *, open_it: bool = True) -> tuple[str, list[dict]]:
        created = self.post("/cycles", {"label": label, "organisation_id":
                                        self.town.organisation_id, **deadlines(start)},
                            status=201)
        if not open_it:
            return str(created["id"]), []
        self.post(f"/cycles/{created['id']}/transitions", {"action": "open"})
        listed = _ok(self.client.get(f"/api/v1/cycles/{created['id']}/reports",
                                     headers=self.town.as_(Role.COORDINATOR)))
        return str(created["id"]), listed["items"]

    def drive(self, report: dict, state: str, activities: int = 2) -> dict:
        current = report
        if state != "exempted":
            current = self.put(f"/reports/{report['id']}/content",
                               _content(activities, self.areas), "contact", report["version"])
        for who, body in PATHS[state]:
            current = self.post(f"/reports/{report['id']}/transitions", body, who)
        return current

    def adopted_cycle(self) -> None:
        cycle_id, reports = self.cycle("2025", date.today() - timedelta(days=400))
        accepted = len(reports) // 2
        for index, report in enumerate(reports):
            self.drive(report, "accepted" if index < accepted else "exempted")
        self.post(f"/cycles/{cycle_id}/transitions", {"action": "compile"})
        self.post(f"/cycles/{cycle_id}/transitions", {
            "action": "adopt", "decision_ref": "KS 2026-04-28 § 46",
            "decided_on": date.today().isoformat()}, Role.COUNCIL)
        self.town.ids["adopted"] = cycle_id

    def open_cycle(self) -> None:
        cycle_id, reports = self.cycle("2026", date.today() + timedelta(days=30))
        self.town.ids["open"] = cycle_id
        states = list(PATHS)  # spread round robin
        for index, report in enumerate(reports):
            state = states[index % len(states)]
            if report["unit_id"] == str(self.town.units[0].id):
                continue  # the sample report, below
            driven = self.drive(report, state, activities=1 + index % 3)
            if state == "committee_review":
                self.town.ids["in_committee"] = str(report["id"])
            if driven["owner_role"] in ("contact_person", "committee") or state == "submitted":
                self.post(f"/reports/{report['id']}/reminders", status=202)
        self.sample(next(r for r in reports if r["unit_id"] == str(self.town.units[0].id)))

    def sample(self, report: dict) -> None:
        """The report the per-report cases read: returned once or four times, with two or
        eight activities, an extension and a reminder."""
        rounds, activities = (4, 8) if self.big else (1, 2)
        current = report
        for _ in range(rounds):
            current = self.drive(current, "returned", activities)
        current = self.post(f"/reports/{report['id']}/extensions", {
            "due_on": (date.fromisoformat(current["due_on"]) + timedelta(days=7)).isoformat(),
            "reason": "Sammanträdet flyttades."})
        self.post(f"/reports/{report['id']}/reminders", status=202)
        self.town.ids["sample"] = str(report["id"])

    def planned_cycles(self) -> None:
        for year in range(2027, 2031 if self.big else 2028):
            self.town.ids["planned"] = self.cycle(str(year), date.today() + timedelta(days=60),
                                                  open_it=False)[0]

    def calendar(self) -> None:
        url = self.post("/me/calendar", who="contact")["url"]
        self.town.ids["calendar"] = url.rsplit("/", 1)[1].removesuffix(".ics")


def build_town(client: TestClient, session: Session, size: int) -> Town:
    builder = Builder(client, session, size)
    builder.integrations()
    builder.adopted_cycle()
    builder.open_cycle()
    builder.planned_cycles()
    builder.calendar()
    session.flush()
    return builder.town


@dataclass
class Towns:
    web: TestClient
    session: Session
    engine: Engine
    small: Town
    big: Town


@pytest.fixture(scope="module")
def towns(engine: Engine) -> Iterator[Towns]:
    """Both municipalities, built once per backend inside a transaction rolled back at the
    end; the requests measured only read."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    application = create_app()
    backend_of(application).dependency_overrides[get_session] = lambda: session
    try:
        with TestClient(application, follow_redirects=False) as web:
            yield Towns(web, session, engine, build_town(web, session, SMALL),
                        build_town(web, session, BIG))
    finally:
        session.close()
        outer.rollback()
        connection.close()


# --- measuring -------------------------------------------------------------------------------

def statements(towns: Towns, town: Town, path: Callable[[Town], str], who: str,
               page: bool) -> int:
    """The statements one GET runs: as a signed-in browser for a page, with a bearer token
    for the API. Nothing is left in the session's identity map beforehand, as in a real
    request's fresh session."""
    web = towns.web
    headers: dict[str, str] = {}
    if page:
        sign_in(web, town.users[who])
    else:
        web.cookies.clear()
        headers = town.as_(who)
    url = path(town)
    web.app.frontend.state.me_cache.clear()  # type: ignore[attr-defined]  # a cold page
    towns.session.expunge_all()
    with counted_statements(towns.engine) as executed:
        answer = web.get(url, headers=headers)
    assert answer.status_code == 200, f"{url}: {answer.status_code} {answer.text[:500]}"
    return len(executed)


API, PAGE = False, True
ADMIN, COORDINATOR, COUNCIL, VIEWER = Role.ADMIN, Role.COORDINATOR, Role.COUNCIL, Role.VIEWER
CONTACT, COMMITTEE = "contact", "committee"

# name → (who asks, the URL in a town, page or API)
CASES: dict[str, tuple[str, Callable[[Town], str], bool]] = {
    # the API's lists
    "GET /cycles": (COORDINATOR, lambda t: "/api/v1/cycles", API),
    "GET /cycles/{id}": (COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}", API),
    "GET /cycles/{id}/reports": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/reports", API),
    "GET /cycles/{id}/reports?limit=500": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/reports?limit=500", API),
    "GET /cycles/{id}/reports?limit=2": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/reports?limit=2", API),
    "GET /cycles/{id}/reports (contact person)": (
        CONTACT, lambda t: f"/api/v1/cycles/{t.ids['open']}/reports", API),
    "GET /cycles/{id}/overview?limit=500": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/overview?limit=500", API),
    "GET /cycles/{id}/overview (contact person)": (
        CONTACT, lambda t: f"/api/v1/cycles/{t.ids['open']}/overview", API),
    "GET /cycles/{id}/actions": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/actions", API),
    "GET /cycles/{id}/history": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['adopted']}/history", API),
    "GET /reports/{id}": (COORDINATOR, lambda t: f"/api/v1/reports/{t.ids['sample']}", API),
    "GET /reports/{id}/content": (
        CONTACT, lambda t: f"/api/v1/reports/{t.ids['sample']}/content", API),
    "GET /reports/{id}/actions": (
        CONTACT, lambda t: f"/api/v1/reports/{t.ids['sample']}/actions", API),
    "GET /reports/{id}/history": (
        COORDINATOR, lambda t: f"/api/v1/reports/{t.ids['sample']}/history", API),
    "GET /reports/{id}/history?include_content=true": (
        COORDINATOR,
        lambda t: f"/api/v1/reports/{t.ids['sample']}/history?include_content=true", API),
    "GET /me": (CONTACT, lambda t: "/api/v1/me", API),
    "GET /me/invitations": (CONTACT, lambda t: "/api/v1/me/invitations", API),
    "GET /region/overview": (COORDINATOR, lambda t: "/api/v1/region/overview", API),
    "GET /me/tasks (contact person)": (CONTACT, lambda t: "/api/v1/me/tasks", API),
    "GET /me/tasks (committee)": (COMMITTEE, lambda t: "/api/v1/me/tasks", API),
    "GET /me/tasks (coordinator)": (COORDINATOR, lambda t: "/api/v1/me/tasks", API),
    "GET /me/tasks (council)": (COUNCIL, lambda t: "/api/v1/me/tasks", API),
    "GET /events": (COORDINATOR, lambda t: "/api/v1/events", API),
    "GET /events (viewer, one organisation)": (
        VIEWER, lambda t: f"/api/v1/events?organisation_id={t.organisation_id}", API),
    "GET /organisations": (ADMIN, lambda t: "/api/v1/organisations", API),
    "GET /units": (ADMIN, lambda t: f"/api/v1/units?organisation_id={t.organisation_id}", API),
    "GET /strategic-areas": (
        CONTACT, lambda t: f"/api/v1/strategic-areas?organisation_id={t.organisation_id}", API),
    "GET /users": (ADMIN, lambda t: f"/api/v1/users?organisation_id={t.organisation_id}", API),
    "GET /users/{id}/roles": (
        ADMIN, lambda t: f"/api/v1/users/{t.users[CONTACT].id}/roles", API),
    "GET /service-accounts": (
        ADMIN, lambda t: f"/api/v1/service-accounts?organisation_id={t.organisation_id}", API),
    "GET /webhooks": (
        ADMIN, lambda t: f"/api/v1/webhooks?organisation_id={t.organisation_id}", API),
    "GET /webhooks/{id}/deliveries": (
        ADMIN, lambda t: f"/api/v1/webhooks/{t.ids['webhook']}/deliveries", API),
    "GET /outbox": (ADMIN, lambda t: f"/api/v1/outbox?organisation_id={t.organisation_id}", API),
    "GET /audit": (ADMIN, lambda t: f"/api/v1/audit?organisation_id={t.organisation_id}", API),
    "GET /organisations/{id}/reminder-policy": (
        ADMIN, lambda t: f"/api/v1/organisations/{t.organisation_id}/reminder-policy", API),
    "GET /calendar/{token}.ics": (
        CONTACT, lambda t: f"/api/v1/calendar/{t.ids['calendar']}.ics", API),
    # the compilation: a live preview of the open cycle and the adopted cycle's frozen version
    "GET /cycles/{id}/compilation (live)": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/compilation", API),
    "GET /cycles/{id}/compilation (adopted)": (
        COUNCIL, lambda t: f"/api/v1/cycles/{t.ids['adopted']}/compilation", API),
    "GET /cycles/{id}/compilation/charts (live)": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/compilation/charts", API),
    "GET /cycles/{id}/compilation/charts (adopted)": (
        COUNCIL, lambda t: f"/api/v1/cycles/{t.ids['adopted']}/compilation/charts", API),
    "GET /cycles/{id}/compilations": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['adopted']}/compilations", API),
    "GET /cycles/{id}/compilation.csv (live)": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['open']}/compilation.csv", API),
    "GET /cycles/{id}/compilation.xlsx (adopted)": (
        COORDINATOR, lambda t: f"/api/v1/cycles/{t.ids['adopted']}/compilation.xlsx", API),
    "GET /me/calendar.ics (contact person)": (CONTACT, lambda t: "/api/v1/me/calendar.ics", API),
    # pages, the frontend's API calls included
    "page / Mina uppgifter (contact person)": (CONTACT, lambda t: "/", PAGE),
    "page / Mina uppgifter (committee)": (COMMITTEE, lambda t: "/", PAGE),
    "page / Mina uppgifter (coordinator)": (COORDINATOR, lambda t: "/", PAGE),
    "page /omgangar": (COORDINATOR, lambda t: "/omgangar", PAGE),
    "page /region": (COORDINATOR, lambda t: "/region", PAGE),
    "page /omgangar/{id} dashboard": (COORDINATOR, lambda t: f"/omgangar/{t.ids['open']}", PAGE),
    "page /omgangar/{id} dashboard, filtered": (
        COORDINATOR, lambda t: f"/omgangar/{t.ids['open']}?state=submitted", PAGE),
    "page /omgangar/{id}/tidsplan": (
        COORDINATOR, lambda t: f"/omgangar/{t.ids['planned']}/tidsplan", PAGE),
    "page /rapporter/{id} (coordinator)": (
        COORDINATOR, lambda t: f"/rapporter/{t.ids['sample']}", PAGE),
    "page /rapporter/{id} (committee, to approve)": (
        COMMITTEE, lambda t: f"/rapporter/{t.ids['in_committee']}", PAGE),
    "page /rapporter/{id}/redigera editor": (
        CONTACT, lambda t: f"/rapporter/{t.ids['sample']}/redigera", PAGE),
    "page /omgangar/{id}/sammanstallning (live)": (
        COORDINATOR, lambda t: f"/omgangar/{t.ids['open']}/sammanstallning", PAGE),
    "page /omgangar/{id}/sammanstallning (adopted)": (
        COUNCIL, lambda t: f"/omgangar/{t.ids['adopted']}/sammanstallning", PAGE),
    "page /omgangar/{id}/sammanstallning.csv (live)": (
        COORDINATOR, lambda t: f"/omgangar/{t.ids['open']}/sammanstallning.csv", PAGE),
    "page /omgangar/{id}/sammanstallning.xlsx (adopted)": (
        VIEWER, lambda t: f"/omgangar/{t.ids['adopted']}/sammanstallning.xlsx", PAGE),
    "page /kalender.ics (contact person)": (CONTACT, lambda t: "/kalender.ics", PAGE),
    "page /admin": (ADMIN, lambda t: "/admin", PAGE),
    "page /admin/paminnelser": (ADMIN, lambda t: "/admin/paminnelser", PAGE),
    "page /admin/integrationer": (ADMIN, lambda t: "/admin/integrationer", PAGE),
}


@pytest.mark.parametrize("name", list(CASES))
def test_statements_do_not_grow_and_stay_within_budget(name: str, towns: Towns,
                                                       backend: str) -> None:
    who, path, page = CASES[name]
    few = statements(towns, towns.small, path, who, page)
    many = statements(towns, towns.big, path, who, page)
    assert few == many, f"{name}: {few} statements with {SMALL} units, {many} with {BIG}"
    assert many <= BUDGETS[name], f"{name} on {backend}: {many} statements, budget " \
                                  f"{BUDGETS[name]}"


def test_every_case_has_a_budget() -> None:
    assert set(CASES) == set(BUDGETS)


def _count(towns: Towns, town: Town, who: str, url: str) -> int:
    return statements(towns, town, lambda _: url, who, API)


def test_the_big_town_has_more_of_everything(towns: Towns) -> None:
    """The comparison means something only if the larger town's lists are longer."""
    def sizes(town: Town) -> list[int]:
        def items(url: str, who: str = COORDINATOR) -> int:
            answer = towns.web.get(f"/api/v1{url}", headers=town.as_(who))
            return len(_ok(answer)["items"])
        org = f"organisation_id={town.organisation_id}"
        return [items(f"/cycles/{town.ids['open']}/reports"), items("/cycles"),
                items(f"/reports/{town.ids['sample']}/history"), items("/me/tasks", CONTACT),
                items("/me/tasks", COMMITTEE), items("/me/tasks"), items("/events"),
                items(f"/users?{org}", ADMIN), items(f"/units?{org}", ADMIN),
                items(f"/service-accounts?{org}", ADMIN), items(f"/webhooks?{org}", ADMIN),
                items(f"/webhooks/{town.ids['webhook']}/deliveries", ADMIN),
                items(f"/outbox?{org}", ADMIN), items(f"/audit?{org}", ADMIN),
                len(_ok(towns.web.get(f"/api/v1/reports/{town.ids['sample']}", headers=town.as_(
                    COORDINATOR)))["content"]["activities"])]

    towns.web.cookies.clear()
    small, big = sizes(towns.small), sizes(towns.big)
    assert all(s < b for s, b in zip(small, big, strict=True)), f"{small} {big}"
    assert sizes(towns.big)[0] == BIG


def test_a_page_counts_the_api_calls_it_makes(towns: Towns) -> None:
    """Pages reach the database only through the in-process API, on the same engine."""
    town = towns.big
    cycle = town.ids["open"]
    page = statements(towns, town, lambda t: f"/omgangar/{cycle}", COORDINATOR, PAGE)
    calls = sum(_count(towns, town, COORDINATOR, f"/api/v1{path}") for path in (
        "/me", f"/cycles/{cycle}/overview?limit=500"))
    assert page == calls


def test_the_next_page_reuses_who_you_are(towns: Towns) -> None:
    """GET /me is asked once per token for a while; a form post asks afresh."""
    town = towns.big
    me = _count(towns, town, COORDINATOR, "/api/v1/me")
    cold = statements(towns, town, lambda t: f"/omgangar/{t.ids['open']}", COORDINATOR, PAGE)
    with counted_statements(towns.engine) as warm:
        assert towns.web.get(f"/omgangar/{town.ids['open']}").status_code == 200
    assert len(warm) == cold - me
    with counted_statements(towns.engine) as posted:
        towns.web.post("/kalender", headers={"X-CSRF-Token": csrf_of(
            towns.web.get("/").text)}, follow_redirects=False)
    assert any("memberships" in statement for statement in posted)
