"""/docs and /redoc are served from the installed packages, under a CSP, with no CDN."""

import re

from backend.core.docs import DOCS_CSP


def test_docs_pages_load_only_our_own_files(client) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200
        assert page.headers["content-security-policy"] == DOCS_CSP
        assert "unsafe-inline" not in DOCS_CSP.split("script-src")[1].split(";")[0]
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
        for source in sources:
            asset = client.get(source)
            assert asset.status_code == 200, source
            assert len(asset.content) > 100
        assert "<script>" not in page.text  # no inline script for the CSP to allow
    assert client.get("/docs/assets/swagger-ui-bundle.js").headers["content-type"].startswith(
        ("text/javascript", "application/javascript"))
