"""Hostile requests derived from the OpenAPI: every text, number and date field of every body,
form, query, path and header parameter, and every list's cursor. A new endpoint is covered
as soon as it is in the schema."""

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backend.core.schemas import MULTI_LINE, SINGLE_LINE

Path = tuple[str | int, ...]
CONTROLS = ("\x00", "\x01", "\x08", "\x0b", "\x1b[2J", "\x1f", "\x7f", "\x85", "\x9b")
LINE_BREAKS = ("\n", "\r", "\r\n", "\t")
LONG = "x" * 100_001
LONG_IN_URL = "x" * 10_001  # an HTTP client refuses a URL of more than 64 KiB
# Each must be refused (422, naming the field) wherever text is taken.
REFUSED_TEXT = (*(f"a{c}b" for c in CONTROLS), "\x00", "\ud800", "a\udfffb", LONG)
REFUSED_LINE = tuple(f"a{c}b" for c in LINE_BREAKS)
# Odd but real text: may be taken or refused, never a 500.
ODD_TEXT = ("\u202eevil\u202c", "\ufeffBOM", "e\u0301\u0301\u0301", "👩\u200d👩\u200d👧",
            "\U0010fffd", "\u2028\u2029", "ǅ", "ß" * 300, "'; DROP TABLE unit; --", "%00",
            "{{7*7}}", "<script>alert(1)</script>")
REFUSED_NUMBERS = ("²", "١٢", "1²", "Ⅻ", "12\x00", 10**30, -(10**30), 2**63, "1e999", 1.5)
REFUSED_DATES = ("9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2027-02-30",
                 "+2027-01-01", "2027-1-1", "²⁰²⁷-01-01", "2027-01-01\x00")
REFUSED_IF_MATCH = ('"²"', "²", '"1²"', 'W/"٣"', '"99999999999999999999999"', '"-1"',
                    '"1e3"', '""', '"0x10"', '" 1"')
UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def _cursor(value: Any) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FORGED_CURSORS = (
    _cursor(["a", 5]), _cursor([5, UUID]), _cursor(["a", UUID, "b"]), _cursor(["a"]),
    _cursor({"a": "b", "c": UUID}), _cursor("x"), _cursor(None), _cursor(["a", "not-a-uuid"]),
    _cursor(["a\x00b", UUID]), _cursor(["a\ud800", UUID]), _cursor([["a"], UUID]),
    _cursor(b"\xff\xfe"), _cursor(b"[" * 300), "!!!", "a\x00b", "²", "=" * 10,
)


@dataclass(frozen=True)
class Field:
    """One input of one operation: where it goes, and what it holds."""

    location: str  # body | form | query | path | header
    path: Path
    kind: str  # text | number | date | cursor | if-match
    multiline: bool = False
    pattern: str | None = None
    enum: bool = False

    @property
    def name(self) -> str:
        return ".".join(str(part) for part in self.path)

    def refused_values(self) -> tuple[Any, ...]:
        if self.kind == "text":
            values = REFUSED_TEXT + (() if self.multiline else REFUSED_LINE)
            if self.location in ("query", "path", "form"):
                # Percent-decoding turns a lone surrogate into U+FFFD: it never arrives.
                values = tuple(LONG_IN_URL if v == LONG else v for v in values
                               if v.encode(errors="replace") == v.encode(errors="surrogatepass"))
            return values
        if self.kind == "number":
            return REFUSED_NUMBERS
        if self.kind == "date":
            return REFUSED_DATES
        if self.kind == "cursor":
            return FORGED_CURSORS
        return REFUSED_IF_MATCH


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _branches(spec: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    schema = resolve(spec, schema)
    if "anyOf" in schema:
        return [resolve(spec, s) for s in schema["anyOf"] if s.get("type") != "null"]
    return [schema]


def _kind(schema: dict[str, Any]) -> str | None:
    if schema.get("type") == "integer":
        return "number"
    if schema.get("type") != "string" or schema.get("format") in ("uuid", "date-time",
                                                                  "binary"):
        return None
    return "date" if schema.get("format") == "date" else "text"


def leaves(spec: dict[str, Any], schema: dict[str, Any],
           prefix: Path = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every scalar inside a schema, with its path (list items at index 0)."""
    for branch in _branches(spec, schema):
        if branch.get("type") == "object" or "properties" in branch:
            for name, sub in branch.get("properties", {}).items():
                yield from leaves(spec, sub, (*prefix, name))
        elif branch.get("type") == "array":
            yield from leaves(spec, branch.get("items", {}), (*prefix, 0))
        else:
            yield prefix, branch


def fields_of(spec: dict[str, Any], operation: dict[str, Any]) -> list[Field]:
    found: list[Field] = []
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        for _, schema in leaves(spec, parameter["schema"]):
            kind = _kind(schema)
            if name == "If-Match":
                kind = "if-match"
            elif name == "cursor" and kind == "text":
                kind = "cursor"
            if kind:
                found.append(Field(where, (name,), kind, pattern=schema.get("pattern"),
                                   enum="enum" in schema))
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        where = "form" if "form" in media else "body"
        for path, schema in leaves(spec, content["schema"]):
            kind = _kind(schema)
            if kind:
                found.append(Field(where, path, kind, schema.get("pattern") == MULTI_LINE.pattern,
                                   schema.get("pattern"), "enum" in schema))
    return list(dict.fromkeys(found))


def example_body(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    """The operation's first documented example, else an empty object: the field under test
    is refused whatever the other fields hold, as validation reports every field."""
    for content in operation.get("requestBody", {}).get("content", {}).values():
        schema = resolve(spec, content["schema"])
        examples = schema.get("examples") or []
        if examples and isinstance(examples[0], dict):
            return json.loads(json.dumps(examples[0]))
    return {}


def with_value(body: Any, path: Path, value: Any) -> Any:
    """`body` with the value at `path` replaced, creating objects and lists on the way."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(body) if isinstance(body, list) and body else [{} if rest and isinstance(
            rest[0], str) else None]
        items[0] = with_value(items[0], rest, value)
        return items
    result = dict(body) if isinstance(body, dict) else {}
    result[head] = with_value(result.get(head), rest, value)
    return result


def text_fields_without_the_check(spec: dict[str, Any]) -> list[str]:
    """Text inputs that do not declare the shared control-character pattern (enums and
    formats such as email are checked by their own types)."""
    missing = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for field in fields_of(spec, operation):
                checked = field.enum or field.pattern in (SINGLE_LINE.pattern, MULTI_LINE.pattern)
                if field.kind in ("text", "cursor", "if-match") and not checked:
                    missing.append(f"{method.upper()} {path} {field.location} {field.name}")
    return missing
