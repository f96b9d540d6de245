"""`explainer explain`: the whole license at a glance."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import backends, settings
from .. import corpus as corpus_module
from ..explain import explain, target
from . import app, render
from .llm_options import BackendOption, BaseUrlOption, ModelOption
from .output import out, print_json


@app.command("explain")
def explain_command(
    source: Annotated[str, typer.Argument(help="A license file, - for stdin, or a license key / alias / model.")] = "-",
    backend: BackendOption = None,
    llm_model: ModelOption = None,
    base_url: BaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Identify (or look up) a license and explain every right, additions and changes included."""
    corpus = corpus_module.load()
    resolved = target(corpus, source)
    options = settings.resolve(backend=backend, llm_model=llm_model, base_url=base_url)
    result = explain(resolved, corpus, lambda: backends.create(options))
    if as_json:
        print_json(result.to_dict())
        return
    _print(result)


def _print(result) -> None:
    resolved = result.resolved
    out.print(Text.assemble(("License: ", "dim"), (resolved.name, "bold"), (f" ({resolved.key})", "cyan")))
    if result.card is not None:
        out.print(render.rights_table(result.rights, "What this license lets you do", result.card.key))
    else:
        auto = any(row.get("source") == "auto" for row in result.rights)
        table = Table("right", "verdict", "confidence" if auto else "source", "conditions", "clause",
                      title="Auto-card: read from the text by a classifier trained on our cards" if auto
                      else "Per-right reading by the LLM", show_lines=True, title_justify="left")
        for row in [*result.rights, *result.facts]:
            level = f"{row['confidence']:.2f}" if "confidence" in row else row.get("source", "")
            table.add_row(row["label"], render.verdict_text(row["verdict"] or "unclear"), level, row["conditions"],
                          row.get("clause_id") or "")
        out.print(table)
    out.print(Text.assemble(("In short: ", "bold"), result.explanation))
    for note in result.notes:
        out.print(Text(f"note: {note}", style="yellow"))
    for passage in result.passages:
        tags = ", ".join(passage["rights"]) or "no specific right"
        effect = "restricts" if passage["restricts"] else "touches"
        out.print(Panel(Text(passage["text"]), border_style="yellow", title_align="left",
                        title=f"{passage['kind']} in your copy · chars {passage['start']}-{passage['end']} · "
                              f"{effect}: {tags}"))
    ident = resolved.identification
    for removal in (ident.removals if ident else []):
        out.print(Panel(Text(removal["base"]), title=f"removed from your copy: {removal['clause_id']}",
                        border_style="red", title_align="left"))
    if result.quotes:
        out.print(Text("Deciding clauses:", style="bold"))
        for quote in result.quotes:
            if quote.license_key == "pasted":
                continue
            snippet = " ".join(quote.text.split())
            out.print(Text.assemble((f"{quote.clause_id} [{quote.start}-{quote.end}] ", "cyan"),
                                    snippet[:220] + ("…" if len(snippet) > 220 else "")))
    out.print(Text(result.reminder, style="italic"))
