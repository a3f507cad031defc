"""The token request (RFC 6749): the form, and client authentication with HTTP Basic.

A service account may send its credentials in the form (`client_id`, `client_secret`) or,
as §2.3.1 recommends, in `Authorization: Basic base64(urlencode(id):urlencode(secret))`;
never both. Every refusal is an OAuthError, answered as §5.2 describes.
"""

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import unquote_plus

from fastapi import Request

from backend.core.errors import OAuthError

FORM = "application/x-www-form-urlencoded"
GRANT_TYPES = ("password", "client_credentials")
FIELD_LIMITS = {"grant_type": 40, "username": 254, "password": 1000, "client_id": 100,
                "client_secret": 1000}


@dataclass(frozen=True)
class TokenRequest:
    grant_type: str
    username: str | None = None
    password: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    basic: bool = False  # the client authenticated with HTTP Basic


def invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description)


def invalid_client(description: str) -> OAuthError:
    return OAuthError("invalid_client", description, status=401)


def _field(values: list[object], name: str) -> str | None:
    if len(values) > 1:
        raise invalid_request(f"'{name}' is given more than once")
    if not values:
        return None
    value = values[0]
    if not isinstance(value, str):
        raise invalid_request(f"'{name}' must be text")
    if len(value) > FIELD_LIMITS[name]:
        raise invalid_request(f"'{name}' is longer than {FIELD_LIMITS[name]} characters")
    if any(ord(character) < 0x20 or character == "\x7f" for character in value):
        raise invalid_request(f"'{name}' contains control characters")
    return value or None


def _basic(header: str | None) -> tuple[str, str] | None:
    """The (client_id, client_secret) of an `Authorization: Basic` header, if one is sent."""
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise invalid_client("The Basic credentials are not valid base64 of 'id:secret'") from exc
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id:
        raise invalid_client("The Basic credentials must be 'client_id:client_secret'")
    return unquote_plus(client_id), unquote_plus(secret)


async def read_token_request(request: Request) -> TokenRequest:
    """The validated request, or an OAuthError naming what is wrong."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != FORM:
        raise invalid_request(f"Send the parameters as {FORM}")
    form = await request.form()
    fields = {name: _field(form.getlist(name), name) for name in FIELD_LIMITS}
    grant_type = fields["grant_type"]
    if grant_type is None:
        raise invalid_request("'grant_type' is required")
    if grant_type not in GRANT_TYPES:
        raise OAuthError("unsupported_grant_type",
                         "grant_type must be 'password' or 'client_credentials'")
    basic = _basic(request.headers.get("authorization"))
    if basic is not None:
        if fields["client_secret"] is not None or fields["client_id"] not in (None, basic[0]):
            raise invalid_request("Authenticate the client one way: HTTP Basic or the form")
        if grant_type != "client_credentials":
            raise invalid_request("HTTP Basic client authentication is for the "
                                  "client_credentials grant")
        fields["client_id"], fields["client_secret"] = basic
    if grant_type == "password" and not (fields["username"] and fields["password"]):
        raise invalid_request("'username' and 'password' are required")
    if grant_type == "client_credentials" and not (fields["client_id"]
                                                   and fields["client_secret"]):
        raise invalid_client("Authenticate the client: HTTP Basic, or client_id and "
                             "client_secret in the form")
    return TokenRequest(grant_type, fields["username"], fields["password"], fields["client_id"],
                        fields["client_secret"], basic is not None)
