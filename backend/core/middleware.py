"""Security headers for every response, and the API's answer to an oversized body."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.body_limit import Refusal
from backend.core.errors import PROBLEM_JSON

SECURITY_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
}
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """Adds the headers unless the response set its own (the docs pages have their own CSP).
    With `hsts` (production, always behind TLS) browsers are told to use HTTPS only."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.added = {**SECURITY_HEADERS, HSTS[0]: HSTS[1]} if hsts else SECURITY_HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in self.added.items() if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", API_CSP))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def too_large_problem(max_bytes: int) -> Refusal:
    """The API's 413 answer, problem+json."""
    body = (
        b'{"type":"about:blank","title":"Payload too large","status":413,'
        b'"detail":"The request body is larger than ' + str(max_bytes).encode() + b' bytes"}'
    )

    async def refuse(scope: Scope, send: Send) -> None:
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", PROBLEM_JSON.encode()),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return refuse
