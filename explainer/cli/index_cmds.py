"""`explainer index` and `explainer search`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from .. import corpus as corpus_module
from .. import understand
from ..errors import InputError
from ..index import ClauseIndex
from . import app
from .output import err, out, print_json, warn


@app.command("index")
def index(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and build it again.")] = False,
) -> None:
    """Build (or update) the clause index: only new or changed clauses are embedded."""
    corpus = corpus_module.load()
    report = ClauseIndex(corpus).build(rebuild=rebuild, progress=err.is_terminal)
    for message in report.warnings:
        warn(message)
    mode = "hybrid (BM25 + MiniLM)" if report.dense else "BM25 only (dense model not installed: run `make setup`)"
    if report.dense and understand.has_data():
        understand.warm()  # the question classifiers' example vectors, so the first question does not wait for them
    out.print(
        f"indexed {report.documents} documents, {report.clauses} clauses "
        f"({report.embedded} embedded, {report.removed} removed) in {report.seconds:.1f} s; search: {mode}"
    )


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="What you want to find, in your own words.")],
    license: Annotated[list[str] | None, typer.Option("--license", "-l", help="Limit to a license (key, alias or model); repeatable.")] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many clauses.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print {\"results\": [...]} as JSON.")] = False,
) -> None:
    """Find the clauses that matter for a question (hybrid BM25 + dense retrieval)."""
    if not query.strip():
        raise InputError("empty query", "say what you are looking for")
    corpus = corpus_module.load()
    keys: list[str] = []
    for name in license or []:
        resolution = corpus.resolve(name)
        keys += [*resolution.license_keys, *resolution.addenda]
    hits = ClauseIndex(corpus).search(query, keys or None, k=k)
    if as_json:
        print_json({"query": query, "license_keys": keys, "results": [h.to_dict() for h in hits]})
        return
    table = Table("#", "clause", "heading", "score", "text", show_lines=True)
    for rank, hit in enumerate(hits, 1):
        table.add_row(str(rank), hit.clause_id, escape(hit.heading[:30]), f"{hit.score:.4f}", escape(hit.text[:300]))
    out.print(table)
