"""`explainer identify`: which license is this, and what in it is not the standard text."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import REMINDER, reader
from .. import corpus as corpus_module
from ..identify import CONFIDENCE_THRESHOLD, identify
from . import app
from .output import out, print_json


@app.command("identify")
def identify_command(
    source: Annotated[str, typer.Argument(help="A license file, a model card, or - for stdin.")] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Print the identification as JSON.")] = False,
    confidence: Annotated[float, typer.Option("--confidence", min=0.5, max=1.0,
                                              help="Similarity needed to call it a known license.")] = CONFIDENCE_THRESHOLD,
) -> None:
    """Identify a pasted license (file or stdin) and list additions, removals and changed clauses."""
    pasted = reader.read(source)
    result = identify(pasted, corpus_module.load(), confidence)
    if as_json:
        print_json({**result.to_dict(), "reminder": REMINDER})
        return
    _print(result)


def _print(result) -> None:
    if result.known:
        out.print(f"[bold green]{escape(result.name)}[/] ([cyan]{result.key}[/])")
        out.print(f"evidence: {', '.join(result.evidence)} · confidence {result.confidence:.3f} · "
                  f"coverage of the known text {result.coverage:.0%}")
    else:
        out.print("[bold red]unknown license[/]: no known text matches closely enough and nothing names it")
    if result.closest:
        table = Table("closest known texts", "score", title_justify="left")
        for row in result.closest:
            table.add_row(escape(f"{row['name']} ({row['key']})"), f"{row['score']:.3f}")
        out.print(table)
    for ref in result.references:
        target = ref["key"] or "not a known license"
        out.print(escape(f"{ref['evidence']}: {ref['value']!r} -> {target}"))
    for conflict in result.conflicts:
        out.print(f"[bold yellow]conflict:[/] {escape(conflict)}")
    for addition in result.additions:
        out.print(Panel(Text(addition.text), title=f"added text (offsets {addition.start}-{addition.end})",
                        border_style="yellow"))
    for removal in result.removals:
        out.print(Panel(Text(removal["base"]), title=f"removed: {removal['clause_id']}", border_style="red"))
    for change in result.changes:
        out.print(Panel(Text.assemble(("standard: ", "dim"), change["base"], "\n\n", ("here: ", "bold"), change["pasted"]),
                        title=f"changed: {change['clause_id']}", border_style="magenta"))
    for warning in result.warnings:
        out.print(f"[yellow]warning:[/] {escape(warning)}")
    out.print(f"\n[italic]{REMINDER}[/]")
