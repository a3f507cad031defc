"""A real OpenID Provider on a loopback port (oidc-provider-mock: Authlib's provider
behind a Flask app), for the API tests and the browser."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import oidc_provider_mock


@dataclass
class OpenIdProvider:
    url: str

    def set_user(self, sub: str, **claims: Any) -> None:
        """The claims the provider puts in this person's ID token (they may override
        `iss`, `aud`, `exp` or `nonce`, which is how the tests forge bad tokens)."""
        answer = httpx.put(f"{self.url}/users/{quote(sub, safe='')}", json=claims)
        assert answer.status_code == 204, answer.text

    def authorize(self, authorization_url: str, sub: str) -> dict[str, str]:
        """The person signs in at the provider; returns what it sends to our redirect URI."""
        answer = httpx.post(authorization_url, data={"sub": sub})
        assert answer.status_code == 302, answer.text
        query = parse_qs(urlsplit(answer.headers["location"]).query)
        return {key: values[0] for key, values in query.items()}


@contextmanager
def running_provider() -> Iterator[OpenIdProvider]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield OpenIdProvider(f"http://localhost:{server.server_port}")
