"""The relying party: the backend's conversation with an organisation's OpenID Provider.

Authlib builds the authorization request (PKCE S256, state, nonce) and exchanges the code;
the ID token's signature is checked against the provider's JWKS and its claims (`iss`, `aud`,
`azp`, `exp`, `iat`, `nonce`, `at_hash`) with Authlib's `CodeIDToken` rules. python-jose
stays for our own tokens. Every failure is a typed error with a reason the pages translate.
"""

import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from authlib.deprecate import AuthlibDeprecationWarning
from authlib.integrations.base_client.errors import OAuthError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from backend.core.config import get_settings
from backend.core.errors import Unauthorized, Unavailable

with warnings.catch_warnings():
    # Authlib 1.x warns that it will want httpx2 in 2.0; we use httpx until then (pinned <2).
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import OAuth2Client

DISCOVERY_PATH = "/.well-known/openid-configuration"
TIMEOUT = httpx.Timeout(10.0)
SCOPE = "openid profile email"
# Asymmetric only: "none" and HMAC (keyed with the client secret) are never accepted.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                      "ES512", "EdDSA")
CLOCK_SKEW_SECONDS = 60
# Entra ID's multi-tenant endpoints publish this placeholder in their issuer.
TENANT_PLACEHOLDER = "{tenantid}"


class ProviderUnreachable(Unavailable):
    """The provider did not answer, or answered with something that is not OpenID."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, fields={"identity_provider": "unreachable"})


class SignInRefused(Unauthorized):
    """The provider's answer did not prove who signed in; `reason` says which check failed."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail, fields={"sign_in": reason})
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    """What discovery tells about a provider, for one sign-in."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    algorithms: tuple[str, ...]
    token_auth_method: str


def issuer_allowed(issuer: str) -> bool:
    """https, or plain http to this machine outside production (a test or development IdP)."""
    parts = urlsplit(issuer)
    if parts.scheme == "https" and parts.hostname:
        return True
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    return parts.scheme == "http" and loopback and get_settings().environment != "production"


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=TIMEOUT, follow_redirects=False)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderUnreachable(f"The identity provider did not answer at {url}") from exc
    if not isinstance(data, dict):
        raise ProviderUnreachable(f"The identity provider's answer at {url} is not an object")
    return data


def discover(issuer: str) -> Provider:
    """The provider's metadata from `{issuer}/.well-known/openid-configuration`."""
    data = _get_json(issuer.rstrip("/") + DISCOVERY_PATH)
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not all(isinstance(data.get(k), str) for k in needed):
        raise ProviderUnreachable("The identity provider's metadata lacks required endpoints")
    if data["issuer"].rstrip("/") != issuer.rstrip("/") and TENANT_PLACEHOLDER not in data[
            "issuer"]:
        raise ProviderUnreachable(f"The provider calls itself {data['issuer']}, not {issuer}")
    offered = data.get("id_token_signing_alg_values_supported") or ["RS256"]
    methods = data.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    end_session = data.get("end_session_endpoint")
    return Provider(
        issuer=data["issuer"], authorization_endpoint=data["authorization_endpoint"],
        token_endpoint=data["token_endpoint"], jwks_uri=data["jwks_uri"],
        end_session_endpoint=end_session if isinstance(end_session, str) else None,
        algorithms=tuple(a for a in offered if a in SIGNING_ALGORITHMS) or ("RS256",),
        token_auth_method=("client_secret_basic" if "client_secret_basic" in methods
                           else "client_secret_post"))


def _client(client_id: str, client_secret: str, redirect_uri: str,
            auth_method: str = "client_secret_basic") -> OAuth2Client:
    return OAuth2Client(client_id, client_secret, scope=SCOPE, redirect_uri=redirect_uri,
                        code_challenge_method="S256", token_endpoint_auth_method=auth_method,
                        timeout=TIMEOUT, follow_redirects=False)


def authorization_url(provider: Provider, *, client_id: str, redirect_uri: str, state: str,
                      nonce: str, code_verifier: str) -> str:
    with _client(client_id, "", redirect_uri) as client:
        url, _ = client.create_authorization_url(provider.authorization_endpoint, state=state,
                                                 nonce=nonce, code_verifier=code_verifier)
    return str(url)


def exchange_code(provider: Provider, *, client_id: str, client_secret: str,
                  redirect_uri: str, code: str, code_verifier: str) -> dict[str, Any]:
    """The token response for an authorization code (refused: used, expired or forged)."""
    with _client(client_id, client_secret, redirect_uri, provider.token_auth_method) as client:
        try:
            token = client.fetch_token(provider.token_endpoint, grant_type="authorization_code",
                                       code=code, code_verifier=code_verifier)
        except OAuthError as exc:
            raise SignInRefused("code", f"The provider refused the code: {exc.error}") from exc
        except httpx.HTTPError as exc:
            raise ProviderUnreachable("The identity provider's token endpoint did not answer"
                                      ) from exc
    if not isinstance(token.get("id_token"), str):
        raise SignInRefused("id_token", "The provider sent no ID token")
    return dict(token)


_REASONS = {"iss": "issuer", "aud": "audience", "azp": "audience", "exp": "expired",
            "nonce": "nonce", "iat": "expired", "nbf": "expired"}


def verify_id_token(provider: Provider, token: dict[str, Any], *, client_id: str,
                    nonce: str) -> dict[str, Any]:
    """The ID token's claims once its signature (the provider's JWKS) and claims hold."""
    keys = KeySet.import_key_set(_get_json(provider.jwks_uri))  # type: ignore[arg-type]
    try:
        decoded = jwt.decode(token["id_token"], keys, algorithms=list(provider.algorithms))
    except JoseError as exc:
        raise SignInRefused("signature", "The ID token's signature is not the provider's"
                            ) from exc
    tenant = decoded.claims.get("tid")
    issuer = provider.issuer.replace(TENANT_PLACEHOLDER, tenant if isinstance(tenant, str)
                                     else TENANT_PLACEHOLDER)
    claims = CodeIDToken(decoded.claims, decoded.header, options={
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "values": [client_id]},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "nonce": {"essential": True, "value": nonce},
    }, params={"nonce": nonce, "client_id": client_id,
               "access_token": token.get("access_token")})
    try:
        claims.validate(leeway=CLOCK_SKEW_SECONDS)
    except ExpiredTokenError as exc:
        raise SignInRefused("expired", "The ID token has expired") from exc
    except ClaimError as exc:
        reason = _REASONS.get(exc.claim, "claims")
        raise SignInRefused(reason, f"The ID token's '{exc.claim}' is wrong") from exc
    return dict(claims)


def end_session_url(provider: Provider, *, client_id: str, after: str) -> str | None:
    """RP-initiated logout at the provider, returning to `after`."""
    if provider.end_session_endpoint is None:
        return None
    query = httpx.QueryParams({"client_id": client_id, "post_logout_redirect_uri": after})
    separator = "&" if "?" in provider.end_session_endpoint else "?"
    return f"{provider.end_session_endpoint}{separator}{query}"
