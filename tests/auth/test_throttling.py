"""Throttling without lock-out: the attacker's address slows down and stops; the real person
signing in from another address never notices."""

from datetime import timedelta

import argon2
from sqlmodel import Session, col, func, select

from backend.auth import throttle
from backend.core.security import client_address_signature
from backend.models import LoginFailure
from backend.models.enums import Role
from tests.auth.factories import create_service_account
from tests.factories import PASSWORD, make_organisation, make_user, make_world

ATTACKER, HOME = "203.0.113.7", "198.51.100.9"
WRONG = "wrong password!"


def _from(address: str) -> dict[str, str]:
    return {"X-Samordna-Client-Address": address,
            "X-Samordna-Client-Signature": client_address_signature(address)}


def _login(client, email: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/token", headers=_from(address), data={
        "grant_type": "password", "username": email, "password": password})


def _age_failures(session: Session, seconds: int) -> None:
    """Let time pass for the failure log (the clock of the rows, not of the test)."""
    for row in session.exec(select(LoginFailure)):
        row.at -= timedelta(seconds=seconds)
    session.flush()


def _wait_out(session: Session, answer) -> int:  # type: ignore[no-untyped-def]
    assert answer.status_code == 429, answer.text
    seconds = int(answer.headers["Retry-After"])
    _age_failures(session, seconds)
    return seconds


def test_the_attackers_guesses_slow_then_stop_and_the_real_user_gets_in_from_home(
        client, session):
    user = make_user(session, make_organisation(session), Role.COORDINATOR)
    assert [_login(client, user.email, WRONG, ATTACKER).status_code
            for _ in range(3)] == [400] * 3
    delays = []
    while True:
        early = _login(client, user.email, WRONG, ATTACKER)
        if int(early.headers.get("Retry-After", 0)) > 60:
            break
        delays.append(_wait_out(session, early))
        assert _login(client, user.email, WRONG, ATTACKER).status_code == 400
    assert delays == [1, 2, 4, 8, 16, 32, 60]
    refused = early
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    # Refused until the first failure leaves the 15-minute window (the rows aged 123 s).
    assert 15 * 60 - 123 - 5 <= int(refused.headers["Retry-After"]) <= 15 * 60 - 123
    assert {_login(client, user.email, WRONG, ATTACKER).status_code
            for _ in range(100)} == {429}
    assert _login(client, user.email, PASSWORD, ATTACKER).status_code == 429
    assert _login(client, user.email, PASSWORD, HOME).status_code == 200
    # Refused guesses are not counted: ten failures in all, from the attacker only.
    assert session.exec(select(func.count()).select_from(LoginFailure)
                        .where(col(LoginFailure.key) == f"address:{ATTACKER}")).one() == 10


def test_password_spraying_from_one_address_is_slowed_then_refused(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.CONTACT_PERSON)
    victims = iter(f"victim{n}@test.se" for n in range(1000))
    assert {_login(client, next(victims), WRONG, ATTACKER).status_code
            for _ in range(30)} == {400}
    delays = []
    while True:
        early = _login(client, next(victims), WRONG, ATTACKER)
        if int(early.headers.get("Retry-After", 0)) > 10:
            break
        delays.append(_wait_out(session, early))
        assert _login(client, next(victims), WRONG, ATTACKER).status_code == 400
    assert delays == [1, 2, 4, 8] + [10] * 16
    assert _login(client, user.email, PASSWORD, ATTACKER).status_code == 429
    assert _login(client, user.email, PASSWORD, HOME).status_code == 200
    assert _login(client, next(victims), WRONG, HOME).status_code == 400


def test_signing_in_clears_only_this_account_from_this_address(client, session):
    user = make_user(session, make_organisation(session), Role.VIEWER)
    assert [_login(client, user.email, WRONG, HOME).status_code for _ in range(2)] == [400] * 2
    assert _login(client, user.email, PASSWORD, HOME).status_code == 200
    assert [_login(client, user.email, WRONG, HOME).status_code
            for _ in range(4)] == [400] * 3 + [429]
    address_failures = session.exec(
        select(func.count()).select_from(LoginFailure)
        .where(col(LoginFailure.key) == f"address:{HOME}")).one()
    assert address_failures == 5  # the address still answers for all five


def _said(answer) -> str:  # type: ignore[no-untyped-def]
    """The words of an OAuth error (a wrong password) or a problem (429)."""
    body = answer.json()
    return str(body.get("error_description") or body.get("detail"))


def test_unknown_and_known_addresses_answer_alike_and_cost_one_hash_each(
        client, session, monkeypatch):
    organisation = make_organisation(session)
    known = make_user(session, organisation, Role.VIEWER)
    inactive = make_user(session, organisation, Role.VIEWER)
    inactive.active = False
    session.flush()
    verifications: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def counting_verify(self, hash, password):  # type: ignore[no-untyped-def]
        verifications.append(password)
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting_verify)
    answers = {}
    for n, (email, password) in enumerate([(known.email, WRONG), ("nobody@test.se", WRONG),
                                           (inactive.email, PASSWORD)]):
        address = f"192.0.2.{n + 1}"
        verifications.clear()
        sequence = [_login(client, email, password, address) for _ in range(4)]
        answers[email] = [(a.status_code, _said(a), a.headers.get("Retry-After"))
                          for a in sequence]
        assert len(verifications) == 3, email  # one argon2 verification per counted attempt
    assert len({tuple(a) for a in answers.values()}) == 1
    assert [status for status, _, _ in answers[known.email]] == [400, 400, 400, 429]


def test_service_accounts_are_throttled_per_address_not_locked(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "reports:read")

    def credentials(secret: str, address: str, client_id: str = account["client_id"]):  # type: ignore[no-untyped-def]
        return client.post("/api/v1/auth/token", headers=_from(address), data={
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": secret})

    assert [credentials(WRONG, ATTACKER).status_code for _ in range(4)] == [401] * 3 + [429]
    assert [credentials(WRONG, ATTACKER, "no-such-client").status_code
            for _ in range(4)] == [401] * 3 + [429]
    assert credentials(account["client_secret"], ATTACKER).status_code == 429
    assert credentials(account["client_secret"], HOME).status_code == 200


def test_a_forwarded_client_address_counts_only_with_a_valid_signature(client, session):
    user = make_user(session, make_organisation(session), Role.VIEWER)
    forged = {"X-Samordna-Client-Address": HOME, "X-Samordna-Client-Signature": "0" * 64}
    statuses = [client.post("/api/v1/auth/token", headers=forged, data={
        "grant_type": "password", "username": user.email, "password": WRONG}).status_code
        for _ in range(4)]
    assert statuses == [400] * 3 + [429]
    # The forged address counted against the real peer, so HOME itself is untouched.
    assert _login(client, user.email, PASSWORD, HOME).status_code == 200
    pair, _ = throttle.keys(f"account:{user.email}", "testclient")
    assert session.exec(select(func.count()).select_from(LoginFailure)
                        .where(col(LoginFailure.key) == pair)).one() == 3


def test_failed_logins_are_counted_even_though_each_request_fails(committed_engine):
    """Outside the rolled-back test session: the failure rows must survive the 400."""
    from fastapi.testclient import TestClient

    from backend.core.db import get_engine, set_engine
    from backend.main import create_app
    from backend.organisations.service import ensure_user

    with Session(committed_engine) as session:
        user = ensure_user(session=session, email="rate@test.se", name="Rita", password=PASSWORD)
        session.commit()
        email = user.email
    previous = get_engine()
    set_engine(committed_engine)
    try:
        with TestClient(create_app()) as client:
            statuses = [_login(client, email, WRONG, ATTACKER).status_code for _ in range(4)]
            from_attacker = _login(client, email, PASSWORD, ATTACKER)
            from_home = _login(client, email, PASSWORD, HOME)
    finally:
        set_engine(previous)
    assert statuses == [400] * 3 + [429]
    assert from_attacker.status_code == 429
    assert from_home.status_code == 200
