"""The web app: static files served by the API process at `/`, talking only to the public
API with the key the user pastes (kept in the browser's session storage). No build step and
no CDN: every asset is a file in web/static/."""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"

# Our pages load nothing from elsewhere and run no inline script.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)


def _headers(ancestors: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": _CSP.format(ancestors=ancestors),
        "Cache-Control": "no-cache",
        "Referrer-Policy": "no-referrer",
    }


def mount(app: FastAPI, embed_origins: list[str]) -> None:
    """`/` the app, `/embed` the chat alone (for iframes), `/widget.js` the portal widget.

    Only `embed_origins` may frame /embed (frame-ancestors; none when empty), and the page
    names them to its script, which takes a key only from its parent window at one of them."""
    ancestors = " ".join(embed_origins) or "'none'"
    named = html.escape(" ".join(embed_origins), quote=True)
    embed_page = (
        (STATIC / "embed.html")
        .read_text()
        .replace(
            '<meta charset="utf-8">',
            f'<meta charset="utf-8">\n  <meta name="talent-embed-origins" content="{named}">',
            1,
        )
    )

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(
            STATIC / "index.html", media_type="text/html", headers=_headers("'none'")
        )

    @app.get("/embed", include_in_schema=False)
    def embed() -> Response:
        return HTMLResponse(embed_page, headers=_headers(ancestors))

    # Browsers ask for /favicon.ico on every page; an SVG answers (no 404 in every log).
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(
            STATIC / "favicon.svg",
            media_type="image/svg+xml",
            headers={"Cache-Control": "max-age=86400"},
        )

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        return FileResponse(
            STATIC / "widget.js",
            media_type="text/javascript",
            headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"},
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
