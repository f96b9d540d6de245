"""`explainer scan`: what each model in a folder may be used for, with conflicts between sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from .. import corpus as corpus_module
from ..errors import InputError
from ..scan import FAIL_ON, scan
from . import app, render
from .output import out, print_json


@app.command("scan")
def scan_command(
    folder: Annotated[Path, typer.Argument(help="A models folder (ComfyUI, A1111, Easy Diffusion, llama.cpp, ...).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    fail_on: Annotated[list[str] | None, typer.Option(
        "--fail-on", help="Exit 1 when a model is: non-commercial, unknown, conflict (repeat or comma-separate).")] = None,
) -> None:
    """Report each model's license, key rights and conflicts; headers only, weights are never loaded."""
    conditions = [c.strip() for item in (fail_on or []) for c in item.split(",") if c.strip()]
    bad = [c for c in conditions if c not in FAIL_ON]
    if bad:
        raise InputError(f"unknown --fail-on value {bad[0]!r}", hint=f"use {', '.join(FAIL_ON)}")
    result = scan(folder, corpus_module.load())
    if as_json:
        print_json(result.to_dict())
    else:
        _print(result)
    failing = result.failing(conditions)
    if failing:
        if not as_json:
            out.print(Text(f"--fail-on: {len(failing)} model(s) match ({failing[0]}{', ...' if len(failing) > 1 else ''})",
                           style="bold red"))
        raise typer.Exit(1)


def _cell(report, right: str) -> Text:
    verdict = report.rights.get(right, {}).get("verdict")
    return render.verdict_text(verdict) if verdict else Text("-", style="dim")


def _print(result) -> None:
    root = Path(result.root)
    table = Table("model", "license", "sell outputs", "API / hosting", "attribution", "non-commercial", "conflicts",
                  title=f"{len(result.models)} model(s) in {root}", show_lines=True, title_justify="left")
    for model in result.models:
        try:
            name = str(Path(model.path).relative_to(root))
        except ValueError:
            name = model.path
        license_text = Text(f"{model.license_name} ({model.license_key})" if model.license_key else "unknown",
                            style="" if model.license_key else "bold red")
        if model.addenda:
            license_text.append(" + " + ", ".join(model.addenda), style="cyan")
        sources = ", ".join(sorted({e.source for e in model.evidence if e.key})) or "no evidence"
        license_text.append(f"\nfrom: {sources}", style="dim")
        if model.civitai.get("allowCommercialUse"):
            license_text.append(f"\nCivitAI: {', '.join(model.civitai['allowCommercialUse'])}", style="dim")
        problems = "\n".join(model.conflicts + [f"unreadable: {u}" for u in model.unreadable])
        table.add_row(Text(name), license_text, _cell(model, "outputs_commercial"), _cell(model, "hosted_service_or_api"),
                      _cell(model, "attribution_or_naming"), _cell(model, "non_commercial_only"),
                      Text(problems, style="yellow"))
    out.print(table)
    for path, why in result.problems:
        out.print(Text(f"{path}: {why}", style="yellow"))
    out.print(Text(result.to_dict()["reminder"], style="italic"))
