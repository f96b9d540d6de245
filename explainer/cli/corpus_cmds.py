"""`explainer licenses` and `explainer show`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from .. import cards as cards_module
from .. import corpus as corpus_module
from .. import licensedb
from ..index import ClauseIndex
from . import app
from .output import out, print_json


@app.command("licenses")
def licenses(
    all_keys: Annotated[bool, typer.Option("--all", help="List every LicenseDB key, not only the curated ones.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print {\"licenses\": [...]} as JSON.")] = False,
) -> None:
    """List the licenses explainer knows (key, name, category, aliases, whether a license card answers for it)."""
    corpus = corpus_module.load()
    carded = set(cards_module.all_cards(corpus))
    rows = []
    curated = corpus.licenses
    texts = {t.key: t for t in licensedb.load_all()} if all_keys else {k: licensedb.load(k) for k in curated}
    for key, text in sorted(texts.items()):
        entry = curated.get(key)
        rows.append({
            "key": key,
            "name": entry.name if entry else text.name,
            "category": text.category,
            "kind": entry.kind if entry else None,
            "aliases": list(entry.aliases) if entry else [],
            "curated": entry is not None,
            "card": key in carded,
        })
    if as_json:
        print_json({"licenses": rows})
        return
    table = Table("key", "name", "category", "card", "aliases", title=f"{len(rows)} licenses")
    for row in rows:
        table.add_row(row["key"], escape(row["name"]), row["category"], "yes" if row["card"] else "",
                      escape(", ".join(row["aliases"][:4])))
    out.print(table)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A license key, alias or model name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the details as JSON.")] = False,
) -> None:
    """Show a license (or a model's licenses): metadata, models using it, addenda, clause list."""
    corpus = corpus_module.load()
    resolution = corpus.resolve(name)
    index = ClauseIndex(corpus)
    details = [_license_details(corpus, index, key) for key in (*resolution.license_keys, *resolution.addenda)]
    model = resolution.model
    payload = {
        "query": name,
        "resolved_as": resolution.kind,
        "model": None if model is None else {
            "id": model.id, "name": model.name, "licenses": list(model.licenses), "addenda": list(model.addenda),
            "source": model.source, "base_model": model.base_model, "note": model.note,
        },
        "licenses": details,
    }
    if as_json:
        print_json(payload)
        return
    if model:
        out.print(f"[bold]{escape(model.name)}[/]  ({model.source})")
        if model.note:
            out.print(f"[dim]{escape(model.note)}[/]")
    for item in details:
        _print_license(item)


def _license_details(corpus, index: ClauseIndex, key: str) -> dict:
    entry = corpus.licenses.get(key)
    addendum = corpus.addenda.get(key)
    doc = corpus.document(key)
    clauses = [
        {"id": c["id"], "heading": c["heading"], "start": c["start"], "end": c["end"]}
        for c in index.clauses([key])
    ]
    return {
        "key": key,
        "name": doc.name,
        "source": doc.source,
        "url": doc.origin,
        "kind": entry.kind if entry else ("addendum" if addendum else None),
        "aliases": list(entry.aliases) if entry else [],
        "note": (entry.note if entry else (addendum.summary if addendum else "")),
        "paraphrased": addendum is not None,
        "models": [m.id for m in corpus.models.values() if key in m.licenses or key in m.addenda],
        "addenda": [a.key for a in corpus.addenda.values() if key in a.applies_to],
        "clauses": clauses,
    }


def _print_license(item: dict) -> None:
    out.print(f"\n[bold cyan]{escape(item['name'])}[/]  [dim]{item['key']} · {item['source']}[/]")
    if item["paraphrased"]:
        out.print("[yellow]An author's addendum, paraphrased in our words: check the source for the exact terms.[/]")
    if item["note"]:
        out.print(escape(item["note"]))
    if item["url"]:
        out.print(f"source: {item['url']}")
    if item["aliases"]:
        out.print(f"aliases: {', '.join(item['aliases'])}")
    if item["models"]:
        out.print(f"models: {', '.join(item['models'])}")
    if item["addenda"]:
        out.print(f"addenda: {', '.join(item['addenda'])}")
    table = Table("clause", "heading", "offsets", title=f"{len(item['clauses'])} clauses", title_justify="left")
    for clause in item["clauses"]:
        table.add_row(clause["id"], clause["heading"][:60], f"{clause['start']}-{clause['end']}")
    out.print(table)
