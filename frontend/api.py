"""The frontend's only way into the backend: its REST API, over httpx."""

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

import httpx

from frontend.numbers import whole_number

API = "/api/v1"
PAGE_LIMIT = 500  # the API's largest page


@dataclass
class ApiError(Exception):
    """A problem+json answer: `errors` maps field paths like `activities.0.title` to messages."""

    status: int
    detail: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    retry_after: int | None = None  # seconds, from a 429's Retry-After

    def __str__(self) -> str:
        return f"{self.status} {self.detail}"


@dataclass
class Answer:
    data: Any
    etag: str | None = None

    @property
    def version(self) -> int | None:
        return int(self.etag.strip('W/"')) if self.etag else None


def _error_of(response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    errors = {str(e.get("field", "")): str(e.get("message", "")) for e in body.get("errors") or []
              if isinstance(e, dict)}
    retry_after = response.headers.get("retry-after", "")
    return ApiError(response.status_code, str(body.get("detail") or body.get("error_description")
                                              or body.get("title") or ""),
                    errors, whole_number(retry_after))


class Api:
    """Calls on behalf of one signed-in user (their bearer token) or anonymously."""

    def __init__(self, client: httpx.AsyncClient, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def _headers(self, version: int | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        return headers

    async def request(self, method: str, path: str, *, version: int | None = None,
                      **kwargs: Any) -> Answer:
        response = await self.client.request(method, API + path,
                                             headers=self._headers(version), **kwargs)
        if response.status_code >= 400:
            raise _error_of(response)
        data = response.json() if response.content and "json" in response.headers.get(
            "content-type", "") else response.content
        return Answer(data, response.headers.get("etag"))

    async def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v not in (None, "", [])}
        return (await self.request("GET", path, params=clean)).data

    async def get_all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a paged list, in pages of the most the API gives at once."""
        return await self.rest_of(await self.get(path, limit=PAGE_LIMIT, **params), path,
                                  **params)

    async def rest_of(self, page: dict[str, Any], path: str,
                      **params: Any) -> list[dict[str, Any]]:
        """The items of a page already read and of every page after it, following
        `next_cursor` on `path`."""
        items: list[dict[str, Any]] = list(page["items"])
        cursor = page.get("next_cursor")
        while cursor:
            page = await self.get(path, cursor=cursor, limit=PAGE_LIMIT, **params)
            items += page["items"]
            cursor = page.get("next_cursor")
        return items

    async def post(self, path: str, json: Any = None, *, version: int | None = None) -> Any:
        return (await self.request("POST", path, json=json, version=version)).data

    async def put(self, path: str, json: Any, *, version: int | None = None) -> Answer:
        return await self.request("PUT", path, json=json, version=version)

    async def delete(self, path: str) -> None:
        await self.request("DELETE", path)

    async def login(self, email: str, password: str, *, address: str, secret_key: str) -> str:
        """Log in on the user's behalf, vouching for their address so that the API's
        rate limit counts per person, not per frontend."""
        signature = hmac.new(secret_key.encode(), f"client-address:{address}".encode(),
                             hashlib.sha256).hexdigest()
        response = await self.client.post(API + "/auth/token", data={
            "grant_type": "password", "username": email, "password": password}, headers={
            "X-Samordna-Client-Address": address, "X-Samordna-Client-Signature": signature})
        if response.status_code != 200:
            raise _error_of(response)
        return str(response.json()["access_token"])

    async def download(self, path: str, **params: Any) -> httpx.Response:
        """A file from the API, opened as a stream (the caller closes it); an error answer
        raises ApiError like any other call."""
        headers = self._headers()
        headers["Accept"] = "*/*"
        request = self.client.build_request("GET", API + path, headers=headers,
                                            params={k: v for k, v in params.items() if v})
        response = await self.client.send(request, stream=True)
        if response.status_code >= 400:
            await response.aread()
            await response.aclose()
            raise _error_of(response)
        return response

    async def raw(self, path: str) -> httpx.Response:
        return await self.client.get(API + path, headers=self._headers())
