"""The audit as a person reads it (summary by model combination, then the images that need attention, then the
deciding clauses), as CSV (one row per image) and as a plain list of paths for piping."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import REMINDER, rights
from .audit import AuditResult, ImageReport

STYLE = {"yes": "bold green", "no": "bold red", "conditional": "bold yellow", "unknown": "bold magenta"}
WORDS = {"yes": "YES", "no": "NO", "conditional": "CONDITIONAL", "unknown": "UNKNOWN"}
MAX_ROWS = 200  # images listed in the attention table; --list, --csv and --json give them all
CSV_FIELDS = ("path", "generator", "verdict", "deciding_model", "license_key", "clause_id", "why", "models",
              "unreadable", "conditions")


def verdict_text(verdict: str) -> Text:
    return Text(f" {WORDS.get(verdict, verdict.upper())} ", style=f"reverse {STYLE.get(verdict, 'bold')}")


def shown_path(result: AuditResult, path: str) -> str:
    try:
        relative = Path(path).relative_to(result.root)
        return str(relative) if str(relative) != "." else Path(path).name
    except ValueError:
        return path


def summary_table(result: AuditResult) -> Table:
    label = rights.rights()[result.right].label
    table = Table("images", "verdict", "made with", "why", title_justify="left", show_lines=False,
                  title=f"{len(result.images)} image(s) in {result.root} · {label}")
    for row in result.combinations():
        table.add_row(str(row["count"]), verdict_text(row["verdict"]), Text(row["models"]),
                      Text(row["why"] or "", style="dim" if row["verdict"] == "yes" else ""))
    return table


def totals(result: AuditResult) -> Text:
    counts = result.counts()
    line = Text("Totals: ")
    for i, verdict in enumerate(("yes", "no", "conditional", "unknown")):
        if i:
            line.append(" · ")
        line.append(f"{counts[verdict]} {verdict}", style=STYLE[verdict] if counts[verdict] else "dim")
    if result.skipped:
        line.append(f"  ({result.skipped} other file(s) skipped)", style="dim")
    return line


def _where(image: ImageReport) -> str:
    if image.deciding is None:
        return ""
    judged = image.deciding.judged
    if judged.clause_id:
        return judged.clause_id
    quote = next((q for q in image.quotes if q.get("field")), None)
    if quote:
        return f"{quote['field']} in {Path(quote['file']).name if quote.get('file') else 'the CivitAI sidecar'}"
    return ""


def attention_table(result: AuditResult, images: list[ImageReport]) -> Table:
    table = Table("image", "verdict", "deciding model", "why", show_lines=False,
                  title=f"Images that need attention ({len(images)})", title_justify="left")
    for image in images[:MAX_ROWS]:
        deciding = Text(image.deciding.label if image.deciding else "-")
        where = _where(image)
        if where:
            deciding.append(f"\n{where}", style="cyan")
        why = image.why if image.deciding else image.conditions
        table.add_row(Text(shown_path(result, image.path)), verdict_text(image.verdict), deciding, Text(why or ""))
    return table


def deciding_quotes(images: list[ImageReport]) -> list[Panel]:
    """Each deciding clause (or CivitAI field) once, verbatim, titled with its id."""
    seen: set[tuple] = set()
    panels = []
    for image in images:
        if image.deciding is None or image.verdict == "yes":
            continue
        for quote in image.quotes[:1]:
            key = (quote.get("license_key"), quote.get("clause_id"), quote.get("file"))
            if key in seen:
                continue
            seen.add(key)
            if quote.get("clause_id"):
                title = Text(f"{quote['clause_id']} · chars {quote['start']}-{quote['end']} · decides for "
                             f"{image.deciding.label}")
            else:
                title = Text(f"{quote.get('field')} · {quote.get('file') or 'CivitAI sidecar'}")
            body = Group(Text(quote["text"]), Text(image.conditions, style="dim"))
            panels.append(Panel(body, title=title, title_align="left", border_style="cyan"))
    return panels


def render(result: AuditResult, console: Console) -> None:
    console.print(summary_table(result))
    console.print(totals(result))
    attention = result.attention()
    if attention:
        console.print()
        console.print(attention_table(result, attention))
        if len(attention) > MAX_ROWS:
            console.print(Text(f"... and {len(attention) - MAX_ROWS} more: use --list no,unknown, --csv FILE or "
                               "--json for all of them", style="dim"))
        panels = deciding_quotes(attention)
        if panels:
            console.print(Text("\nDeciding clauses and fields, verbatim:", style="bold"))
            for panel in panels:
                console.print(panel)
    if result.unidentified():
        hint = "add another --models folder" if result.models else "pass --models with your models folder"
        console.print(Text(f"{result.unidentified()} model use(s) could not be identified: {hint} (e.g. "
                           "ComfyUI/models), so files can be matched by name or hash and their CivitAI "
                           "sidecars read.", style="yellow"))
    for path, why in result.problems:
        console.print(Text(f"{path}: {why}", style="yellow"))
    for warning in result.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    console.print(Text(REMINDER, style="italic"))


def summary_lines(result: AuditResult) -> list[str]:
    """The summary as plain lines (chat, logs): "112 images: Juggernaut XL: yes", ..."""
    lines = [f"{len(result.images)} image(s) in {result.root} ({rights.rights()[result.right].label.lower()}):"]
    for row in result.combinations():
        why = f" ({row['why']})" if row["why"] and row["verdict"] != "yes" else ""
        lines.append(f"  {row['count']}: {row['models']}: {row['verdict']}{why}")
    return lines


def _models_cell(image: ImageReport) -> str:
    parts = []
    for use in image.models:
        license_key = use.found.license_key or "?"
        weight = f" x{use.ref.weight:g}" if use.ref.weight is not None else ""
        parts.append(f"{use.ref.role}:{use.ref.name}{weight} [{license_key}] {use.judged.verdict}")
    return "; ".join(parts)


def to_csv(result: AuditResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for image in result.images:
        deciding = image.deciding
        writer.writerow([image.path, image.generator or "", image.verdict, deciding.label if deciding else "",
                         deciding.judged.license_key or "" if deciding else "",
                         deciding.judged.clause_id or "" if deciding else "", image.why, _models_cell(image),
                         image.unreadable or "", image.conditions])
    writer.writerow([f"# {REMINDER}"])
    return buffer.getvalue()
