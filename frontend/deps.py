"""Per-request helpers: the API client for the signed-in user, and who they are."""

import time
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request

from frontend.api import Api


class LoginRequired(Exception):
    """No signed-in session (or the API no longer accepts its token)."""

    def __init__(self, next_url: str = "/") -> None:
        self.next_url = next_url


@dataclass(frozen=True)
class Me:
    """The signed-in user as GET /me describes them."""

    id: str
    name: str
    email: str | None
    memberships: list[dict[str, Any]]

    def roles_in(self, organisation_id: str) -> set[str]:
        return {m["role"] for m in self.memberships if m["organisation_id"] == organisation_id}

    def has_role(self, role: str, organisation_id: str | None = None,
                 unit_id: str | None = None) -> bool:
        return any(m["role"] == role
                   and organisation_id in (None, m["organisation_id"])
                   and (unit_id is None or m["unit_id"] in (None, unit_id))
                   for m in self.memberships)

    def unit_roles(self, role: str) -> set[str]:
        return {m["unit_id"] for m in self.memberships if m["role"] == role and m["unit_id"]}

    @property
    def organisations(self) -> dict[str, str]:
        return {m["organisation_id"]: m["organisation_name"] for m in self.memberships}

    @property
    def reads_a_region(self) -> bool:
        """Follows every report in more than one organisation: the region overview is theirs."""
        return len({m["organisation_id"] for m in self.memberships
                    if m["role"] in ("coordinator", "council", "viewer")}) > 1

    @property
    def any_roles(self) -> set[str]:
        return {m["role"] for m in self.memberships}


def return_to(request: Request) -> str:
    """The page to come back to: this one for a GET; after a post, the page the form was on
    (htmx names it, browsers send it as Referer), since the post's own URL may have no page."""
    if request.method in ("GET", "HEAD"):
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    for header in ("HX-Current-URL", "Referer"):
        came_from = urlsplit(request.headers.get(header, ""))
        local = came_from.path.startswith("/") and not came_from.path.startswith("//")
        if came_from.netloc == request.url.netloc and local and "\\" not in came_from.path:
            return came_from.path + (f"?{came_from.query}" if came_from.query else "")
    return "/"


def _api(request: Request) -> Api:
    browser = request.state.browser_session
    if not browser.signed_in:
        raise LoginRequired(return_to(request))
    return Api(request.app.state.backend_client, browser.token)


class MeCache:
    """GET /me per token for a few seconds, so a page costs one API call fewer.

    The API still checks every call, so a role taken away meanwhile can at most show a link
    that then answers 403; a form post always asks afresh."""

    def __init__(self, seconds: float = 30.0, size: int = 10_000) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: dict[str, tuple[float, Me]] = {}

    def get(self, token: str) -> Me | None:
        entry = self._entries.get(token)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, token: str, me: Me) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()  # rare and harmless: the next pages ask again
        self._entries[token] = (time.monotonic() + self.seconds, me)

    def forget(self, token: str) -> None:
        self._entries.pop(token, None)

    def clear(self) -> None:
        self._entries.clear()


async def _me(request: Request, api: Annotated[Api, Depends(_api)]) -> Me:
    cache: MeCache = request.app.state.me_cache
    me = cache.get(api.token or "") if request.method == "GET" else None
    if me is None:
        data = await api.get("/me")
        me = Me(id=data["id"], name=data["name"], email=data.get("email"),
                memberships=data["memberships"])
        cache.put(api.token or "", me)
    request.state.me = me
    return me


UserApi = Annotated[Api, Depends(_api)]
CurrentMe = Annotated[Me, Depends(_me)]


def anonymous_api(request: Request) -> Api:
    return Api(request.app.state.backend_client)


# As Starlette's RedirectResponse: what may stay unescaped in a Location (or HX-Redirect).
URL_SAFE = ":/%#?=@[]!$&'()*+,;~"
MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None) -> str:
    """The page to go to after login, if it is a path on this site; otherwise "/".

    Browsers drop tabs and line breaks inside URLs and read a backslash as a slash, so
    `/<TAB>/evil.example` or `/\\evil.example` would leave the site: any whitespace,
    control character or backslash is refused, and only one leading slash is allowed."""
    if (not target or len(target) > MAX_NEXT_LENGTH or not target.startswith("/")
            or target.startswith("//") or "\\" in target
            or any(char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl",
                                                                      "Zp")
                   for char in target)):
        return "/"
    # Non-ASCII is percent-encoded: a header value holds only Latin-1.
    return quote(target, safe=URL_SAFE)


def login_url(next_url: str) -> str:
    next_url = safe_next(next_url)
    return "/logga-in" if next_url == "/" else f"/logga-in?nasta={quote(next_url)}"
