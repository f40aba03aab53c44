"""The web app: static files served by the API process at `/`, talking only to the public
API with the key the user pastes (kept in the browser's session storage). No build step and
no CDN: every asset is a file in web/static/."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"

# Our pages load nothing from elsewhere and run no inline script.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)


def _page(name: str, ancestors: str) -> Response:
    return FileResponse(
        STATIC / name,
        media_type="text/html",
        headers={
            "Content-Security-Policy": _CSP.format(ancestors=ancestors),
            "Cache-Control": "no-cache",
            "Referrer-Policy": "no-referrer",
        },
    )


def mount(app: FastAPI, embed_ancestors: list[str]) -> None:
    """`/` the app, `/embed` the chat alone (for iframes), `/widget.js` the portal widget."""
    ancestors = " ".join(embed_ancestors) or "*"

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return _page("index.html", "'none'")

    @app.get("/embed", include_in_schema=False)
    def embed() -> Response:
        return _page("embed.html", ancestors)

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        return FileResponse(
            STATIC / "widget.js",
            media_type="text/javascript",
            headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"},
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
