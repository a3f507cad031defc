"""POST /auth/token as RFC 6749 has it: HTTP Basic client authentication, OAuth errors."""

import base64
from urllib.parse import quote_plus

from backend.models.enums import Role
from tests.auth.factories import create_service_account
from tests.factories import make_world

TOKEN = "/api/v1/auth/token"
GRANT = {"grant_type": "client_credentials"}


def basic(client_id: str, secret: str) -> dict[str, str]:
    """RFC 6749 §2.3.1: each part form-urlencoded, then joined with ':' and base64-encoded."""
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def test_a_service_account_authenticates_with_http_basic(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    answer = client.post(TOKEN, data=GRANT,
                         headers=basic(account["client_id"], account["client_secret"]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["token_type"] == "bearer"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Pragma"] == "no-cache"
    bearer = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    assert client.get("/api/v1/events", headers=bearer).status_code == 200


def test_basic_credentials_are_form_urlencoded_before_base64(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    # Every character percent-encoded still names the same secret: the parts are decoded.
    encoded = "".join(f"%{byte:02X}" for byte in account["client_secret"].encode())
    pair = f"{account['client_id']}:{encoded}".encode()
    header = {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    assert client.post(TOKEN, data=GRANT, headers=header).status_code == 200


def test_a_wrong_client_answers_invalid_client_with_a_basic_challenge(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    for headers, data in (
        (basic(account["client_id"], "wrong secret"), GRANT),
        (basic("samordna-nobody", account["client_secret"]), GRANT),
        ({"Authorization": "Basic !!!not base64"}, GRANT),
        ({"Authorization": "Basic " + base64.b64encode(b"no colon").decode()}, GRANT),
        ({}, {**GRANT, "client_id": account["client_id"], "client_secret": "wrong"}),
        ({}, GRANT),
    ):
        answer = client.post(TOKEN, data=data, headers=headers)
        assert answer.status_code == 401, (headers, data)
        assert answer.json()["error"] == "invalid_client"
        assert answer.headers["WWW-Authenticate"].startswith("Basic ")
        assert answer.headers["Cache-Control"] == "no-store"


def test_two_ways_of_client_authentication_at_once_are_refused(client, session):
    world = make_world(session, client)
    account = create_service_account(client, world, "events:read")
    headers = basic(account["client_id"], account["client_secret"])
    both = {**GRANT, "client_id": account["client_id"],
            "client_secret": account["client_secret"]}
    answer = client.post(TOKEN, data=both, headers=headers)
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")
    other_id = client.post(TOKEN, data={**GRANT, "client_id": "samordna-other"},
                           headers=headers)
    assert (other_id.status_code, other_id.json()["error"]) == (400, "invalid_request")
    # The same client_id in the form as in the header is allowed (§2.3.1 names it).
    same_id = client.post(TOKEN, data={**GRANT, "client_id": account["client_id"]},
                          headers=headers)
    assert same_id.status_code == 200


def test_the_password_grant_takes_no_client_authentication(client, session):
    world = make_world(session, client)
    user = world.users[Role.COORDINATOR]
    answer = client.post(TOKEN, data={"grant_type": "password", "username": user.email,
                                      "password": "whatever it is"},
                         headers=basic("samordna-x", "y"))
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")


def test_the_token_endpoint_is_documented_with_oauth_errors(client):
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/auth/token"]["post"]
    for status in ("400", "401"):
        content = operation["responses"][status]["content"]
        assert list(content) == ["application/json"]
        assert content["application/json"]["schema"]["$ref"].endswith("/OAuthErrorBody")
    form = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert form["schema"]["properties"]["grant_type"]["enum"] == ["password",
                                                                  "client_credentials"]
