"""`explainer mcp`: serve the verified answers to chat assistants over the Model Context Protocol."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import settings
from . import app
from .llm_options import BackendOption, BaseUrlOption, ModelOption


@app.command("mcp")
def mcp_command(
    allow: Annotated[list[Path] | None, typer.Option(
        "--allow", metavar="DIR", help="A folder the tools may read (scan_models, audit_outputs); repeatable. "
                        "Default: the current directory only.")] = None,
    http: Annotated[str | None, typer.Option(
        "--http", metavar="HOST:PORT", help="Serve streamable HTTP on a loopback address (e.g. 127.0.0.1:8765, "
                                            "endpoint /mcp) instead of stdio.")] = None,
    backend: BackendOption = None,
    llm_model: ModelOption = None,
    base_url: BaseUrlOption = None,
    no_warm: Annotated[bool, typer.Option(
        "--no-warm", help="Do not load the index and the model before the first call.")] = False,
) -> None:
    """Run an MCP server (stdio by default) with the tools ask_license, identify_license, explain_license,
    scan_models, audit_outputs, list_licenses and the resources license://{key} and card://{key}."""
    from .. import mcp_server  # the SDK loads only for this command

    if http:
        mcp_server.parse_http(http)  # a bad address is a one-line error before anything loads
    options = settings.resolve(backend=backend, llm_model=llm_model, base_url=base_url)
    service = mcp_server.Service(allow=list(allow or []), llm=options)
    mcp_server.serve(service, http=http, warm=not no_warm)
