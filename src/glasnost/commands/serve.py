"""`glasnost serve`: the workbench on uvicorn, bound to loopback unless told otherwise with a token."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from glasnost.commands.corpus import Db
from glasnost.commands.shell import err, settings
from glasnost.errors import Errors, InputError

serve_app = typer.Typer()
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@serve_app.command("serve")
def serve_command(
    db: Db = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="GLASNOST_TOKEN", help="Every write (analyze, ingest) needs Authorization: Bearer TOKEN.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URLs given to analyze reach private and loopback addresses.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=0, max=64, help="Analysis processes (0: a thread of the server).")] = 1,
    queue: Annotated[int, typer.Option("--queue", min=0, max=1000, help="Analyses that may wait for a worker; beyond, 429.")] = 1,
) -> None:
    """Serve the workbench: pages and the REST API over a store."""
    import uvicorn

    from glasnost.web import WebSettings, create_app

    loopback = is_loopback(host)
    if not loopback and not token:
        raise InputError(Errors.E247.format(host=host))
    config = WebSettings(
        store=db, token=token or None, allow_private=allow_private,
        allowed_hosts=(*LOOPBACK_NAMES, host.strip("[]").lower()) if loopback else None, workers=workers, queue=queue, analysis=settings(),
    )
    app = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Glasnost workbench on http://{shown}:{port}/ (store: {app.state.bench.store().url})", soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, timeout_graceful_shutdown=5)
