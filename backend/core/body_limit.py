"""A request-body limit for any ASGI app: 413 before the app reads more than the limit.

Plain ASGI with no imports from the rest of the backend, so the pages use it as well.
"""

from collections.abc import Awaitable, Callable

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_REQUEST_BYTES = 1_000_000
DRAIN_BYTES = 8_000_000
DRAIN_SECONDS = 5.0
TOO_LARGE = b"<too large>"  # a sentinel, compared by identity
Refusal = Callable[[Scope, Send], Awaitable[None]]


class BodySizeLimit:
    """Answers `refusal` (status 413) to a body over `max_bytes`, declared or chunked.

    A body without Content-Length is read up to the limit before the app starts, then
    handed on whole. Before refusing, up to `drain_bytes` of the rest is read and dropped:
    clients such as urllib and requests send the whole body before they read, and a server
    that closes on unread bytes makes the kernel reset the connection, losing the 413."""

    def __init__(self, app: ASGIApp, max_bytes: int, refusal: Refusal,
                 drain_bytes: int = DRAIN_BYTES, drain_seconds: float = DRAIN_SECONDS) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refusal = refusal
        self.drain_bytes = drain_bytes
        self.drain_seconds = drain_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) <= self.max_bytes:
                await self.app(scope, receive, send)  # the server holds the body to its length
            else:
                drain = declared.isdigit() and int(declared) <= self.drain_bytes
                await self._refuse(scope, receive, send, drain=drain)
            return
        if b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body at all
            return
        body = await self._read_up_to_limit(receive)
        if body is TOO_LARGE:
            await self._refuse(scope, receive, send, drain=True)
        elif body is not None:  # None: the client left mid-body; a torn body is never run
            await self.app(scope, _replay(body, receive), send)

    async def _read_up_to_limit(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return TOO_LARGE
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, *, drain: bool) -> None:
        # A client that waits for "100 Continue" has sent nothing yet: reading would invite
        # the whole body, so it gets the answer at once.
        expects = dict(scope.get("headers", [])).get(b"expect", b"").lower() == b"100-continue"
        if drain and not expects:
            await self._drain(receive)

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        await self.refusal(scope, closing)

    async def _drain(self, receive: Receive) -> None:
        dropped = 0
        with anyio.move_on_after(self.drain_seconds):
            while dropped <= self.drain_bytes:
                message = await receive()
                if message["type"] != "http.request" or not message.get("more_body", False):
                    return
                dropped += len(message.get("body", b""))


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, as one message; after it, the server's own messages."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
