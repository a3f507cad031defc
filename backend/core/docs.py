"""/docs (Swagger UI) and /redoc from files shipped in the Python packages, under a CSP.

Intranets without internet access get the API documentation too: Swagger UI and ReDoc come
from the `fastapi-offline` package, the start-up script from this folder; nothing from a CDN.
"""

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
VENDORED = Path(str(files("fastapi_offline") / "static"))
OWN = Path(__file__).parent / "docs_static"
# Swagger UI and ReDoc set style attributes and inject <style> (hence 'unsafe-inline' for
# styles only), draw icons from data: URIs, and ReDoc searches in a blob: worker.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; worker-src blob:; font-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")

SWAGGER_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Samordna API</title>
<link rel="icon" href="{ASSETS}/favicon.png">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{ASSETS}/own/swagger-init.js"></script>
</body>
</html>
"""

REDOC_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Samordna API</title>
<link rel="icon" href="{ASSETS}/favicon.png">
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="{ASSETS}/redoc.standalone.js"></script>
</body>
</html>
"""


def _page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_CSP})


def install_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc (create the app with docs_url=None, redoc_url=None)."""
    app.mount(f"{ASSETS}/own", StaticFiles(directory=OWN), name="docs-own")
    app.mount(ASSETS, StaticFiles(directory=VENDORED), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _page(SWAGGER_PAGE)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _page(REDOC_PAGE)
