"""A region's worth of data in a few set-based statements (PostgreSQL).

50 organisations, one of them a city with 300 units and the rest 40 each, five cycles each
(four adopted, the current one open with reports in every state), three activities per
report. Every statement is an INSERT ... SELECT over generate_series: seconds, not minutes.
The open cycle's due dates sit around `today`, so the reminder scan has real work to do.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from backend.core.security import hash_secret
from backend.reporting.workflow import REPORT_DESKS, REPORT_TRANSITIONS, Transition

PASSWORD = "bench-lösenord-2026"
COUNTRIES = "{FI,NO,DE,EE,LV,DK,FR,PL,ES,IT}"
# The open cycle: unit number mod 10 → state (drafts and returns are the usual majority).
OPEN_STATES = ("draft", "draft", "draft", "committee_review", "committee_approved",
               "submitted", "accepted", "accepted", "returned", "exempted")
TEXT = ("Nämnden har under året deltagit i europeiska nätverk och projekt som stärker "
        "verksamhetens kvalitet och bidrar till kommunens strategi för internationellt arbete. ")


def _step_into(state: str) -> Transition:
    """The workflow step that brings a report into `state` (the seed's one history row)."""
    return next(t for t in REPORT_TRANSITIONS if t.target == state)


def _case(column: str, values: dict[str, str]) -> str:
    """SQL mapping a state column to constants from the workflow table."""
    return f"CASE {column} " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in values.items()) + \
        " END"


def _history_columns() -> str:
    steps = {state: _step_into(state) for state in REPORT_DESKS if state != "draft"}
    source = {state: "draft" if "draft" in t.sources else sorted(t.sources)[0]
              for state, t in steps.items()}
    return ", ".join((
        _case("r.state", {s: f"'{t.action}'" for s, t in steps.items()}) + " AS action",
        _case("r.state", {s: f"'{t.event}'" for s, t in steps.items()}) + " AS event",
        _case("r.state", {s: f"'{f}'" for s, f in source.items()}) + " AS from_state"))


@dataclass(frozen=True)
class Scale:
    organisations: int = 50
    units: int = 40
    city_units: int = 300
    cycles: int = 5
    activities: int = 3


def _statements(scale: Scale, today: date) -> list[tuple[str, dict[str, object]]]:
    first_year = today.year - scale.cycles + 1
    states = "(ARRAY[" + ",".join(f"'{s}'" for s in OPEN_STATES) + "])"
    due = _case("r.state", {state: f"c.{desk.due_field}" for state, desk in REPORT_DESKS.items()
                            if desk.due_field})
    params: dict[str, object] = {
        "orgs": scale.organisations, "units": scale.units, "city": scale.city_units,
        "cycles": scale.cycles, "first_year": first_year, "acts": scale.activities,
        "open_year": today.year, "today": today, "body": TEXT * 3,
        "hash": hash_secret(PASSWORD),
        "draft_due": today + timedelta(days=3), "committee_due": today + timedelta(days=14),
        "submit_due": today + timedelta(days=21), "review_due": today + timedelta(days=35),
        "council_due": today + timedelta(days=60),
    }
    return [(sql, params) for sql in (
        """CREATE TEMP TABLE bench_orgs ON COMMIT DROP AS
           SELECT n, gen_random_uuid() AS id,
                  CASE WHEN n = 1 THEN :city ELSE :units END AS unit_count
           FROM generate_series(1, :orgs) AS n""",
        """INSERT INTO organisations (id, created_at, name, version, reminder_days_before,
               reminder_repeat_days, escalation_after_days, registration_pattern,
               webhook_allowed_hosts)
           SELECT id, now(), CASE WHEN n = 1 THEN 'Regionstaden' ELSE 'Kommun ' || n END, 1,
                  '[14, 3, 0]', 7, 1, '^[A-ZÅÄÖ]{2,6} ?\\d{4}/\\d{1,5}$', '[]'
           FROM bench_orgs""",
        """INSERT INTO strategic_areas (id, created_at, organisation_id, name, description,
               position)
           SELECT gen_random_uuid(), now(), o.id, 'Strategiskt område ' || a, '', a
           FROM bench_orgs o CROSS JOIN generate_series(1, 3) AS a""",
        """CREATE TEMP TABLE bench_units ON COMMIT DROP AS
           SELECT o.n AS org, u, o.id AS organisation_id, gen_random_uuid() AS id
           FROM bench_orgs o CROSS JOIN LATERAL generate_series(1, o.unit_count) AS u""",
        """INSERT INTO units (id, created_at, organisation_id, name, short_name, kind, active,
               version)
           SELECT id, now(), organisation_id, 'Nämnd ' || lpad(u::text, 3, '0'), 'N' || u,
                  (ARRAY['committee', 'administration', 'company'])[u % 3 + 1], true, 1
           FROM bench_units""",
        # Organisation-wide roles: one user each; per unit a contact person and a committee.
        """CREATE TEMP TABLE bench_people ON COMMIT DROP AS
           SELECT gen_random_uuid() AS id, o.id AS organisation_id, NULL::uuid AS unit_id,
                  role, role || '.' || o.n || '@bench.samordna.se' AS email
           FROM bench_orgs o
           CROSS JOIN unnest(ARRAY['admin', 'coordinator', 'council', 'viewer']) AS role
           UNION ALL
           SELECT gen_random_uuid(), u.organisation_id, u.id, role,
                  role || '.' || u.org || '.' || u.u || '@bench.samordna.se'
           FROM bench_units u CROSS JOIN unnest(ARRAY['contact_person', 'committee']) AS role""",
        """INSERT INTO users (id, created_at, email, name, password_hash, active, version)
           SELECT id, now(), email, initcap(replace(split_part(email, '@', 1), '.', ' ')),
                  :hash, true, 1
           FROM bench_people""",
        """INSERT INTO memberships (id, created_at, user_id, organisation_id, role, unit_id)
           SELECT gen_random_uuid(), now(), id, organisation_id, role, unit_id
           FROM bench_people""",
        """INSERT INTO cycles (id, created_at, organisation_id, label, state, version,
               draft_due, committee_due, submit_due, review_due, council_due, decision_ref,
               decided_on, opened_at, updated_at)
           SELECT gen_random_uuid(), now(), o.id, y::text,
                  CASE WHEN y = :open_year THEN 'open' ELSE 'adopted' END,
                  CASE WHEN y = :open_year THEN 2 ELSE 4 END,
                  CASE WHEN y = :open_year THEN :draft_due ELSE make_date(y, 2, 15) END,
                  CASE WHEN y = :open_year THEN :committee_due ELSE make_date(y, 3, 10) END,
                  CASE WHEN y = :open_year THEN :submit_due ELSE make_date(y, 3, 20) END,
                  CASE WHEN y = :open_year THEN :review_due ELSE make_date(y, 4, 10) END,
                  CASE WHEN y = :open_year THEN :council_due ELSE make_date(y, 5, 20) END,
                  CASE WHEN y = :open_year THEN NULL ELSE 'KS ' || y || '/' || o.n END,
                  CASE WHEN y = :open_year THEN NULL ELSE make_date(y, 5, 20) END,
                  now(), now()
           FROM bench_orgs o
           CROSS JOIN generate_series(:open_year - :cycles + 1, :open_year) AS y""",
        f"""INSERT INTO reports (id, created_at, cycle_id, unit_id, state, version, due_on,
               summary, monitoring, competence, next_year_plans, no_international_work,
               updated_at)
           SELECT r.id, now(), r.cycle_id, r.unit_id, r.state, 3, {due}, :body, :body,
                  :body, :body, false, now()
           FROM (SELECT gen_random_uuid() AS id, c.id AS cycle_id, u.id AS unit_id,
                        CASE WHEN c.state = 'open' THEN {states}[u.u % 10 + 1]
                             ELSE 'accepted' END AS state
                 FROM bench_units u JOIN cycles c ON c.organisation_id = u.organisation_id
                ) AS r JOIN cycles c ON c.id = r.cycle_id""",
        """INSERT INTO activities (id, created_at, report_id, position, title, kind, partners,
               starts_on, ends_on, programme, external_funding_sek, own_funding_sek, benefits,
               status, outcome)
           SELECT gen_random_uuid(), now(), r.id, a, 'Aktivitet ' || a,
                  (ARRAY['eu_project', 'network', 'twin_town', 'study_visit',
                         'other_project'])[(a + abs(hashtext(r.id::text) % 5)) % 5 + 1],
                  'Partnerstad', make_date(2024, 1, 1), make_date(2027, 12, 31),
                  (ARRAY['erasmus_plus', 'interreg', 'none'])[a],
                  100000 * a, 20000 * a, '["knowledge", "strategic_partnerships"]', 'ongoing', :body
           FROM reports r CROSS JOIN generate_series(1, :acts) AS a
           WHERE r.state <> 'exempted'""",
        f"""INSERT INTO activity_countries (activity_id, country_code)
           SELECT DISTINCT a.id, ('{COUNTRIES}'::text[])[(a.position * k + k) % 10 + 1]
           FROM activities a CROSS JOIN generate_series(1, 2) AS k""",
        """INSERT INTO activity_strategic_areas (activity_id, strategic_area_id)
           SELECT a.id, s.id FROM activities a
           JOIN reports r ON r.id = a.report_id JOIN cycles c ON c.id = r.cycle_id
           JOIN strategic_areas s ON s.organisation_id = c.organisation_id
                                 AND s.position = a.position""",
        # History: one step per report that has left its first state.
        f"""CREATE TEMP TABLE bench_steps ON COMMIT DROP AS
           SELECT gen_random_uuid() AS id, r.id AS report_id, c.organisation_id, r.unit_id,
                  r.cycle_id, r.state, {_history_columns()},
                  row_number() OVER (ORDER BY c.label, r.id) AS position
           FROM reports r JOIN cycles c ON c.id = r.cycle_id WHERE r.state <> 'draft'""",
        """INSERT INTO report_transitions (id, created_at, report_id, action, from_state,
               to_state, actor_name, comment)
           SELECT id, now(), report_id, action, from_state, state, 'Bench', NULL
           FROM bench_steps""",
        """INSERT INTO audit_events (id, created_at, organisation_id, action, object_type,
               object_id, detail)
           SELECT gen_random_uuid(), now(), organisation_id, event, 'report',
                  report_id, json_build_object('from', from_state, 'to', state)
           FROM bench_steps""",
        """INSERT INTO feed_events (position, id, organisation_id, type, subject_type,
               subject_id, occurred_at, data)
           SELECT position, gen_random_uuid(), organisation_id, event, 'report',
                  report_id, now(), json_build_object('report_id', report_id,
                  'cycle_id', cycle_id, 'unit_id', unit_id, 'action', action,
                  'from_state', from_state, 'to_state', state)
           FROM bench_steps""",
        """UPDATE feed_counter SET last_position = (SELECT count(*) FROM bench_steps)""",
    )]


def seed_region(engine: Engine, scale: Scale, today: date) -> dict[str, int]:
    """Fill an empty, migrated PostgreSQL database; returns the row counts."""
    with engine.begin() as connection:
        for sql, params in _statements(scale, today):
            connection.execute(text(sql), params)
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("organisations", "units", "users", "cycles", "reports",
                              "activities", "report_transitions", "feed_events")}
