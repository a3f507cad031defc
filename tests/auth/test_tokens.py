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


def test_token_endpoint_validates_its_form(client):
    assert client.post("/api/v1/auth/token", data={"grant_type": "magic"}).status_code == 422
    assert client.post("/api/v1/auth/token", data={"grant_type": "password"}).status_code == 422
    assert client.post("/api/v1/auth/token", data={}).status_code == 422
