"""Domain errors as types, mapped to `application/problem+json` in one place."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
DATABASE_RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = "The database is not available right now. Try again in a moment."
# PostgreSQL: connection exceptions (08...), and the server shutting down or starting up.
_PG_UNAVAILABLE = ("08", "57P01", "57P02", "57P03")
# SQLite: the file cannot be opened, or another process held the write lock too long.
_SQLITE_UNAVAILABLE = ("SQLITE_CANTOPEN", "SQLITE_BUSY")

log = logging.getLogger(__name__)


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or {}


class NotFound(DomainError):
    status, title = 404, "Not found"


class Forbidden(DomainError):
    status, title = 403, "Forbidden"


class Unauthorized(DomainError):
    status, title = 401, "Unauthorized"


class NotAllowed(DomainError):
    """The current state of the object does not allow this."""

    status, title = 409, "Conflict"


class Stale(DomainError):
    status, title = 409, "Stale version"


class Gone(DomainError):
    """It existed, but can no longer be used (a used or expired link)."""

    status, title = 410, "Gone"


class Invalid(DomainError):
    status, title = 422, "Invalid input"


class PreconditionRequired(DomainError):
    status, title = 428, "Precondition required"


class TooManyRequests(DomainError):
    status, title = 429, "Too many requests"

    def __init__(self, detail: str, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Unavailable(DomainError):
    status, title = 503, "Service unavailable"


class OAuthError(Exception):
    """An error of the token endpoint, answered the OAuth 2 way (RFC 6749 §5.2), not as a
    problem: `{"error", "error_description"}` in application/json, never cached."""

    def __init__(self, error: str, description: str, *, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def oauth_error(exc: OAuthError) -> JSONResponse:
    headers = dict(NO_STORE)
    if exc.status == 401:
        # RFC 6749 §5.2: a 401 names the scheme the client may authenticate with.
        headers["WWW-Authenticate"] = 'Basic realm="samordna", charset="UTF-8"'
    return JSONResponse({"error": exc.error, "error_description": exc.description},
                        status_code=exc.status, headers=headers)


def status_of(error: BaseException) -> int:
    """The status a request failing with `error` answers (for the audit of refused calls)."""
    if isinstance(error, DomainError):
        return error.status
    if isinstance(error, RequestValidationError):
        return 422
    if isinstance(error, StarletteHTTPException):
        return error.status_code
    if isinstance(error, OAuthError):
        return error.status
    return 503 if database_unavailable(error) else 500


def problem(
    status: int, title: str, detail: str, *, errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status,
                            "detail": detail}
    if errors:
        body["errors"] = errors
    return JSONResponse(jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON,
                        headers=headers)


def database_unavailable(exc: BaseException) -> bool:
    """True when the database could not be reached (or the pool had no connection for us):
    the request can succeed later unchanged, so it is a 503, not a 500."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    sqlite_name = getattr(exc.orig, "sqlite_errorname", None)
    if sqlite_name is not None:
        return str(sqlite_name).startswith(_SQLITE_UNAVAILABLE)
    if type(exc.orig).__module__.startswith("psycopg"):
        import psycopg

        sqlstate = getattr(exc.orig, "sqlstate", None)
        # No SQLSTATE: the client side failed (refused, reset, closed), not a statement.
        return isinstance(exc.orig, psycopg.OperationalError) and (
            sqlstate is None or sqlstate.startswith(_PG_UNAVAILABLE))
    return False


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        errors = [{"field": f, "message": m} for f, m in exc.fields.items()]
        headers = None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, Unauthorized):
            headers = {"WWW-Authenticate": "Bearer"}
        return problem(exc.status, exc.title, exc.detail, errors=errors, headers=headers)

    @app.exception_handler(OAuthError)
    async def _oauth(_: Request, exc: OAuthError) -> JSONResponse:
        return oauth_error(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _location(e.get("loc", ())), "message": e.get("msg", "invalid")}
                  for e in exc.errors()]
        fields = ", ".join(sorted({e["field"] for e in errors}))
        return problem(422, "Invalid input", f"The request has invalid fields: {fields}",
                       errors=errors)

    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeout)
    async def _database(_: Request, exc: Exception) -> JSONResponse:
        if not database_unavailable(exc):
            raise exc  # a real bug: the server error middleware answers 500 and logs it
        log.warning("Database unavailable, answered 503: %s",
                    str(getattr(exc, "orig", None) or exc).splitlines()[0])
        return problem(503, "Service unavailable", DATABASE_UNAVAILABLE,
                       headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed"
        return problem(exc.status_code, detail, detail, headers=getattr(exc, "headers", None))


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem", "type": "object", "required": ["type", "title", "status", "detail"],
    "description": "An error (RFC 9457); `errors` names the fields of a 422.",
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["field", "message"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
    },
}


# What any operation may answer because of what it takes, whatever its own code does.
COMMON_PROBLEMS = {
    400: "The body cannot be read (not UTF-8, or not JSON or form data)",
    401: "No or invalid token",
    403: "Your role or the account's scopes do not allow this",
    404: "No such object, or not one you may see",
    409: "The object changed since you read it (If-Match), or its state does not allow this",
    413: "The request body is too large",
    422: "Invalid input; `errors` names the fields",
    428: "If-Match missing",
    503: "The database is not available; retry after `Retry-After` seconds",
}


def common_problems(path: str, operation: dict[str, Any]) -> list[int]:
    """The statuses an operation can answer by its shape: a token (401, 403), ids in the path
    (404), any input (422), If-Match (409, 428), a body (400, 413), the database (503)."""
    parameters = operation.get("parameters", [])
    statuses = []
    if operation.get("security"):
        statuses += [401, 403]
    if any(p["in"] == "path" for p in parameters):
        statuses.append(404)
    if any(p["name"] == "If-Match" for p in parameters):
        statuses += [409, 428]
    if "requestBody" in operation:
        statuses += [400, 413]
    if parameters or "requestBody" in operation:
        statuses.append(422)
    if path.startswith("/api/"):
        statuses.append(503)
    return statuses


def _oauth_documented(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return str(schema.get("$ref", "")).endswith("/OAuthErrorBody")


def document_problems(app: FastAPI) -> None:
    """Declare every 4xx/5xx answer in the OpenAPI as what it is, application/problem+json,
    and the answers every operation of its shape can give (see `common_problems`), once
    for all routes."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        components["Problem"] = PROBLEM_SCHEMA
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code in common_problems(path, operation):
                    responses.setdefault(str(code), {"description": COMMON_PROBLEMS[code]})
                for status, response in responses.items():
                    if status[:1] in ("4", "5") and not _oauth_documented(response):
                        response["content"] = {PROBLEM_JSON: {"schema": {
                            "$ref": "#/components/schemas/Problem"}}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
