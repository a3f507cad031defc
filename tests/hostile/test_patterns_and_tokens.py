"""Registration patterns run in linear time (RE2), and a token signed with our key but of
the wrong shape is a 401, not a 500."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from jose import jwt
from sqlmodel import Session

from backend.core.config import get_settings
from backend.core.security import ALGORITHM, AUDIENCE, ISSUER
from backend.models import Organisation
from tests.auth.factories import with_version
from tests.factories import make_world, open_cycle, reports_by_unit


def test_a_catastrophic_pattern_matches_in_linear_time(client, session):
    world = make_world(session, client)
    admin = with_version(world.as_("admin"), 1)
    url = f"/api/v1/organisations/{world.organisation.id}"
    changed = client.patch(url, json={"registration_pattern": "^(a+)+$"}, headers=admin)
    assert changed.status_code == 200, changed.text
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    started = time.monotonic()
    answer = client.put(f"/api/v1/reports/{report['id']}/registration",
                        json={"registration_number": "a" * 45 + "!"},
                        headers={**world.as_("coordinator"), "If-Match": '"1"'})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "registration_number"
    assert time.monotonic() - started < 5  # Python's re needs hours for this one


@pytest.mark.parametrize(("pattern", "reason"), [
    (r"^(KS)\1$", "invalid escape sequence"), (r"^(?=KS)KS \d+$", "invalid perl operator"),
    (r"^(a{1000}){1000}$", "repetition"), (r"^KS(\d{4}$", "missing )")])
def test_patterns_re2_cannot_take_are_refused_with_the_reason(client, session, pattern, reason):
    world = make_world(session, client)
    answer = client.patch(f"/api/v1/organisations/{world.organisation.id}",
                          json={"registration_pattern": pattern},
                          headers=with_version(world.as_("admin"), 1))
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == "registration_pattern"
    assert "RE2" in error["message"] and reason in error["message"]


def test_a_stored_pattern_re2_cannot_take_is_a_clear_422(client, session: Session):
    world = make_world(session, client)
    organisation = session.get(Organisation, world.organisation.id)
    assert organisation is not None
    organisation.registration_pattern = r"^(?!X)KS \d+$"  # stored before RE2 was used
    session.flush()
    cycle = open_cycle(client, world)
    report = reports_by_unit(client, world, cycle["id"])[str(world.units[0].id)]
    answer = client.put(f"/api/v1/reports/{report['id']}/registration",
                        json={"registration_number": "KS 12"},
                        headers={**world.as_("coordinator"), "If-Match": '"1"'})
    assert answer.status_code == 422
    assert "An administrator must change it" in answer.json()["detail"]


def _signed(**claims):
    now = datetime.now(UTC)
    body = {"sub": str(uuid.uuid4()), "sid": str(uuid.uuid4()), "kind": "user", "iss": ISSUER,
            "aud": AUDIENCE, "iat": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=5)).timestamp())}
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not ...}
    return jwt.encode(body, get_settings().secret_key, algorithm=ALGORITHM)


@pytest.mark.parametrize("claims", [
    {"sid": "not-a-uuid"}, {"sid": 5}, {"sid": ["a"]}, {"sid": "a\x00"}, {"sid": ...},
    {"kind": ...}, {"kind": "admin"}, {"kind": 1}, {"sub": 5}, {"sub": ...}])
def test_signed_tokens_of_the_wrong_shape_are_refused(client, session, claims):
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {_signed(**claims)}"})
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
