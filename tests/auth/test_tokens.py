"""Tokens: forged, expired, wrong audience, revoked (throttling: test_throttling.py)."""

import time
import uuid
from datetime import timedelta

from jose import jwt

from backend.core.config import get_settings
from backend.core.security import encode_access_token
from backend.models.enums import Role
from tests.factories import make_organisation, make_user, token


def _claims(**overrides):
    now = int(time.time())
    claims = {"sub": str(uuid.uuid4()), "sid": str(uuid.uuid4()), "kind": "user",
              "iss": "samordna", "aud": "samordna-api", "iat": now, "exp": now + 600}
    claims.update(overrides)
    return claims


def _me(client, bearer):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {bearer}"})


def test_a_valid_token_identifies_the_user_and_lists_memberships(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.COORDINATOR)
    answer = client.get("/api/v1/me", headers=token(client, user))
    assert answer.status_code == 200
    assert answer.json()["email"] == user.email
    assert [m["role"] for m in answer.json()["memberships"]] == ["coordinator"]


def test_forged_and_malformed_tokens_are_refused(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.VIEWER)
    real = token(client, user)["Authorization"].split()[1]
    claims = jwt.get_unverified_claims(real)
    forged = [
        jwt.encode(claims, "another-secret-key-that-is-long-enough-xyz", algorithm="HS256"),
        jwt.encode(claims, get_settings().secret_key, algorithm="HS512"),
        jwt.encode({**claims, "aud": "someone-else"}, get_settings().secret_key, "HS256"),
        jwt.encode({**claims, "iss": "evil"}, get_settings().secret_key, "HS256"),
        jwt.encode({k: v for k, v in claims.items() if k != "exp"},
                   get_settings().secret_key, "HS256"),
        jwt.encode({**claims, "sid": str(uuid.uuid4())}, get_settings().secret_key, "HS256"),
        real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB"),
        "not-a-jwt", "a.b.c",
    ]
    header, payload, _ = real.split(".")
    forged.append(f"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")  # alg: none
    for bearer in forged:
        answer = _me(client, bearer)
        assert answer.status_code == 401, bearer
        assert answer.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/me").status_code == 401


def test_an_expired_token_is_refused(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.VIEWER)
    real = token(client, user)["Authorization"].split()[1]
    sid = uuid.UUID(jwt.get_unverified_claims(real)["sid"])
    expired = encode_access_token(subject=str(user.id), session_id=sid, kind="user",
                                  expires_in=timedelta(seconds=-5))
    assert _me(client, expired).status_code == 401
    assert _me(client, real).status_code == 200


def test_logout_revokes_the_token_at_once(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.VIEWER)
    headers = token(client, user)
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_deactivating_the_user_revokes_existing_tokens(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.VIEWER)
    headers = token(client, user)
    user.active = False
    session.flush()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_bad_credentials_answer_invalid_grant(client, session):
    organisation = make_organisation(session)
    user = make_user(session, organisation, Role.VIEWER)
    form = {"grant_type": "password", "username": user.email, "password": "wrong password!"}
    for answer in (client.post("/api/v1/auth/token", data=form),
                   client.post("/api/v1/auth/token", data={**form, "username": "x@test.se"})):
        assert answer.status_code == 400
        assert answer.json() == {"error": "invalid_grant",
                                 "error_description": "Wrong e-mail address or password"}
        assert answer.headers["Cache-Control"] == "no-store"


def test_token_endpoint_validates_its_form(client):
    def error(data: object = None, **kwargs: object) -> tuple[int, str]:
        answer = client.post("/api/v1/auth/token", data=data, **kwargs)  # type: ignore[arg-type]
        assert answer.headers["content-type"] == "application/json"
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Pragma"] == "no-cache"
        return answer.status_code, answer.json()["error"]

    assert error({"grant_type": "magic"}) == (400, "unsupported_grant_type")
    assert error({"grant_type": "password"}) == (400, "invalid_request")
    assert error({}) == (400, "invalid_request")
    assert error({"grant_type": "password", "username": "a@b.se",
                  "password": "x" * 1001}) == (400, "invalid_request")
    assert error({"grant_type": "password", "username": "a\x00@b.se",
                  "password": "x"}) == (400, "invalid_request")
    assert error({"grant_type": ["password", "password"]}) == (
        400, "invalid_request")
    assert error(content=b'{"grant_type": "password"}',
                 headers={"content-type": "application/json"}) == (400, "invalid_request")
