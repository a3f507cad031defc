"""Rendering: one template answers the full page, a boosted navigation and its fragments."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments import render_block

from frontend import dates
from frontend.config import get_frontend_settings
from frontend.workflow import LABELS, due_fields, label, needs, state_codes

TEMPLATES = Path(__file__).parent / "templates"
HTMX_VERSION = "2.0.11"


class ApiEnvironment(Environment):
    """Templates read API answers (dicts) as `report.state`. Jinja tries the attribute first
    and reaches the key through an AttributeError; on a 300-row dashboard those exceptions
    were 40 % of the render. A key of the dict now wins over a method of the same name."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def _environment() -> Environment:
    # Outside development the templates never change under a running process: no stat()
    # of every template and partial on every render.
    env = ApiEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(),
                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                         auto_reload=get_frontend_settings().environment == "development")
    env.globals.update(label=label, LABELS=LABELS, due_fields=due_fields, needs=needs,
                       state_codes=state_codes, htmx_version=HTMX_VERSION)
    env.filters.update(long_date=dates.long_date, date_time=dates.date_time,
                       days_left_text=dates.days_left_text, urgency=dates.urgency,
                       sek=format_sek, items_by=items_by)
    return env


def items_by(rows: list[dict[str, Any]], key: str, text: str) -> dict[str, str]:
    """Rows as select options: {row[key]: row[text]}."""
    return {str(row[key]): str(row[text]) for row in rows}


def format_sek(value: int | None) -> str:
    """'1 250 000 kr' with a narrow no-break space between thousands."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", "\u202f") + "\u00a0kr"


environment = _environment()


def page_context(request: Request, **context: Any) -> dict[str, Any]:
    browser = getattr(request.state, "browser_session", None)
    me = getattr(request.state, "me", None)
    flash = browser.flash[:] if browser else []
    if browser:
        browser.flash.clear()
    return {"request": request, "browser": browser, "me": me, "flash": flash,
            "csrf_token": browser.csrf if browser else "", **context}


def render(request: Request, template: str, status_code: int = 200,
           fragments: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """The whole page; for a boosted navigation only <title> and <main>; for an htmx
    request that targets an element named in `fragments`, only that block."""
    ctx = page_context(request, **context)
    target = request.headers.get("HX-Target")
    if request.headers.get("HX-Request") == "true" and fragments and target in fragments:
        html = render_block(environment, template, fragments[target], ctx)
    else:
        html = environment.get_template(template).render(ctx)
        if request.headers.get("HX-Request") == "true" and target == "main":
            html = boosted_part(html)
    return HTMLResponse(html, status_code=status_code, headers=HTML_HEADERS)


def render_partial(request: Request, template: str, status_code: int = 200,
                   **context: Any) -> HTMLResponse:
    """A template that is only ever a fragment (a table row, a warning)."""
    html = environment.get_template(template).render(page_context(request, **context))
    return HTMLResponse(html, status_code=status_code, headers=HTML_HEADERS)


def boosted_part(html: str) -> str:
    """A boosted navigation swaps only <main>; the <title> goes along for htmx to apply.
    (Blocks inherited from base.html cannot be rendered alone, so the page is cut.)"""
    title = html[html.index("<title>"):html.index("</title>") + len("</title>")]
    main = html[html.index("<!--main-->") + len("<!--main-->"):html.index("<!--/main-->")]
    return title + main


HTML_HEADERS = {"Vary": "HX-Request, HX-Target", "Cache-Control": "no-store"}


def redirect(request: Request, url: str, flash: str | None = None) -> Response:
    """After a successful post: 303 for a plain form, HX-Redirect for htmx."""
    browser = getattr(request.state, "browser_session", None)
    if flash and browser:
        browser.flash.append(flash)
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=200, headers={"HX-Redirect": url, **HTML_HEADERS})
    return RedirectResponse(url, status_code=303, headers=HTML_HEADERS)
