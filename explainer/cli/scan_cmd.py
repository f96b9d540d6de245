"""`explainer scan`: what each model in a folder or store may be used for, with conflicts between sources;
`--format cyclonedx` writes an ML-BOM; `--diff OLD NEW` compares two JSON scans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from .. import REMINDER
from .. import corpus as corpus_module
from ..errors import InputError
from ..scan import DEFAULT_ROOT, FAIL_ON, diff, scan
from . import app, render
from .output import out, print_json

FORMATS = ("table", "json", "cyclonedx")


@app.command("scan")
def scan_command(
    folder: Annotated[Path | None, typer.Argument(
        help="A models folder (ComfyUI, A1111, llama.cpp, ...) or a store (an Ollama models folder, a Hugging Face "
             "cache, an InvokeAI root). Without it: every default location that exists.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON (same as --format json).")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="table, json, or cyclonedx (a CycloneDX 1.6 ML-BOM in JSON).")] = "table",
    fail_on: Annotated[list[str] | None, typer.Option(
        "--fail-on", help="Exit 1 when a model is: non-commercial, unknown, conflict (repeat or comma-separate).")] = None,
    compare: Annotated[tuple[Path, Path] | None, typer.Option(
        "--diff", metavar="OLD.json NEW.json",
        help="Show the models whose license or verdicts changed between two `scan --json` reports.")] = None,
) -> None:
    """Report each model's license, key rights and conflicts; headers only, weights are never loaded."""
    output_format = "json" if as_json else output_format.lower()
    if output_format not in FORMATS:
        raise InputError(f"unknown --format {output_format!r}", hint=f"use {', '.join(FORMATS)}")
    conditions = [c.strip() for item in (fail_on or []) for c in item.split(",") if c.strip()]
    bad = [c for c in conditions if c not in FAIL_ON]
    if bad:
        raise InputError(f"unknown --fail-on value {bad[0]!r}", hint=f"use {', '.join(FAIL_ON)}")
    if compare:
        if folder is not None:
            raise InputError("--diff compares two reports; do not name a folder too")
        changes = diff(_load_report(compare[0]), _load_report(compare[1]))
        if output_format == "json":
            print_json(changes)
        elif output_format == "cyclonedx":
            raise InputError("--diff prints a table or JSON", hint="use --format table or --json")
        else:
            _print_diff(changes, compare)
        return
    corpus = corpus_module.load()
    result = scan(folder, corpus)
    if output_format == "json":
        print_json(result.to_dict())
    elif output_format == "cyclonedx":
        from ..bom import to_json

        print(to_json(result, corpus))
    else:
        _print(result)
    failing = result.failing(conditions)
    if failing:
        if output_format == "table":
            out.print(Text(f"--fail-on: {len(failing)} model(s) match ({failing[0]}{', ...' if len(failing) > 1 else ''})",
                           style="bold red"))
        raise typer.Exit(1)


def _load_report(path: Path) -> dict:
    try:
        with open(path.expanduser(), encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot read {path} as a scan report: {' '.join(str(exc).split())[:120]}",
                         hint="write one with `explainer scan --json > scan.json`") from None


def _cell(report, right: str) -> Text:
    verdict = report.rights.get(right, {}).get("verdict")
    return render.verdict_text(verdict) if verdict else Text("-", style="dim")


def _name(model, roots: list[Path]) -> str:
    """The store's name for a model, else its path under the folder scanned (the nearest one)."""
    if model.name:
        return f"{model.label}\n({model.store})"
    for root in sorted(roots, key=lambda r: len(r.parts), reverse=True):
        try:
            return str(Path(model.path).relative_to(root))
        except ValueError:
            continue
    return model.path


def _print(result) -> None:
    root = None if result.root == DEFAULT_ROOT else Path(result.root)
    where = f"in {root}" if root is not None else "in the default locations"
    roots = [loc.path for loc in result.locations] + ([root] if root is not None else [])
    table = Table(title=f"{len(result.models)} model(s) {where}", show_lines=True, title_justify="left")
    table.add_column("model", overflow="fold", min_width=16)
    table.add_column("license", overflow="fold", min_width=16)
    for heading in ("sell outputs", "API / hosting", "attribution", "non-commercial"):
        table.add_column(heading, max_width=14)
    table.add_column("conflicts", overflow="fold", min_width=16)
    for model in result.models:
        license_text = Text(f"{model.license_name} ({model.license_key})" if model.license_key else "unknown",
                            style="" if model.license_key else "bold red")
        if model.addenda:
            license_text.append(" + " + ", ".join(model.addenda), style="cyan")
        declared = model.declared or {}
        if declared and declared.get("key") != model.license_key:
            license_text.append(f"\ndeclared: {declared.get('key') or declared.get('value')!s}", style="dim")
        concluded = model.concluded or {}
        inherited = [k for k in concluded.get("keys", []) if k != model.license_key]
        if inherited:
            license_text.append(f"\nconcluded also: {', '.join(inherited)}", style="cyan")
        sources = ", ".join(sorted({e.source for e in model.evidence if e.key})) or "no evidence"
        license_text.append(f"\nfrom: {sources}", style="dim")
        if model.civitai.get("allowCommercialUse"):
            license_text.append(f"\nCivitAI: {', '.join(model.civitai['allowCommercialUse'])}", style="dim")
        problems = "\n".join(model.conflicts + [f"unreadable: {u}" for u in model.unreadable])
        table.add_row(Text(_name(model, roots)), license_text, _cell(model, "outputs_commercial"),
                      _cell(model, "hosted_service_or_api"), _cell(model, "attribution_or_naming"),
                      _cell(model, "non_commercial_only"), Text(problems, style="yellow"))
    for location in result.locations:
        out.print(Text(f"scanned: {location.kind} {location.path}" + (f" ({location.why})" if location.why else ""),
                       style="dim"))
    out.print(table)
    for path, why in result.problems:
        out.print(Text(f"{path}: {why}", style="yellow"))
    out.print(Text(REMINDER, style="italic"))


def _print_diff(changes: dict, files: tuple[Path, Path]) -> None:
    summary = changes["summary"]
    out.print(Text(f"{files[0]} -> {files[1]}: {summary['changed']} changed, {summary['added']} added, "
                   f"{summary['removed']} removed, {summary['unchanged']} unchanged", style="bold"))
    if changes["changed"]:
        table = Table("model", "what", "old", "new", show_lines=True)
        for model in changes["changed"]:
            for number, change in enumerate(model["changes"]):
                label = (model.get("label") or model["path"] or model["ref"]) if number == 0 else ""
                table.add_row(Text(str(label)), change["what"].replace("_", " "), Text(str(change["old"])),
                              Text(str(change["new"]), style="bold"))
        out.print(table)
    for title, key in (("added", "added"), ("removed", "removed")):
        for model in changes[key]:
            out.print(Text(f"{title}: {model.get('label') or model['ref']} ({model['license'] or 'unknown license'})",
                           style="green" if key == "added" else "red"))
    out.print(Text(REMINDER, style="italic"))
