"""Terminal rendering of answers, shared by `ask`, `explain` and `chat`."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import REMINDER, understand
from ..answer import Answer, Prepared

VERDICT_STYLE = {"yes": "bold green", "no": "bold red", "conditional": "bold yellow",
                 "not_addressed": "bold blue", "unclear": "bold magenta"}
VERDICT_WORDS = {"yes": "YES", "no": "NO", "conditional": "YES, WITH CONDITIONS", "not_addressed": "NOT ADDRESSED",
                 "unclear": "UNCLEAR"}


def verdict_text(verdict: str) -> Text:
    return Text(f" {VERDICT_WORDS.get(verdict, verdict.upper())} ", style=f"reverse {VERDICT_STYLE.get(verdict, 'bold')}")


def header(console: Console, prepared: Prepared) -> None:
    """What is known before the model runs: the license, the addenda, the rights, the card's verdict."""
    resolved = prepared.resolved
    line = Text.assemble(("License: ", "dim"), (resolved.name, "bold"), (f" ({resolved.key})", "cyan"))
    if resolved.model:
        line.append(f" · model {resolved.model}", style="dim")
    if resolved.source == "file" and resolved.identification is not None:
        line.append(f" · identified from your file, confidence {resolved.confidence:.2f}", style="dim")
    console.print(line)
    origin = prepared.decision.origin if prepared.decision.decided else ""
    if origin and origin != resolved.key and origin in resolved.license_keys:
        # a model under two licenses, or a policy that comes with its license: the text the answer comes from
        console.print(Text.assemble(("Decided under: ", "dim"), (origin, "cyan"), (" (it also applies)", "dim")))
    for key in resolved.addenda:
        console.print(Text.assemble(("Addendum: ", "dim"), (key, "cyan"), (" (paraphrased terms of the author)", "dim")))
    if resolved.file_passages:
        console.print(Text(f"Your file adds or changes {len(resolved.file_passages)} passage(s) of the standard text.",
                           style="yellow"))
    about = _about(prepared)
    if about:
        console.print(Text.assemble(("About: ", "dim"), understand.topic_label(about)))
    if prepared.verdict is not None and not prepared.blind:
        console.print(Text.assemble(verdict_text(prepared.verdict), "  ", (prepared.conditions, "")))
    console.print(Text("Explanation: ", style="dim"), end="")


def _about(prepared: Prepared) -> str | None:
    """What the answer is about: the topic that decided it (a fact read from the text, such as an indemnity, may
    not be the topic the question was routed to), else the first routed topic."""
    if prepared.decision.decided and prepared.decision.topic:
        return prepared.decision.topic
    return prepared.routed[0] if prepared.routed else None


def footer(console: Console, answer: Answer, show_verdict: bool) -> None:
    console.print()
    if show_verdict:
        console.print(Text.assemble(verdict_text(answer.verdict), "  ", answer.conditions or ""))
    for note in answer.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    quotes(console, answer)
    console.print(Text(answer.reminder or REMINDER, style="italic"))


def quotes(console: Console, answer: Answer) -> None:
    for quote in answer.quotes:
        paraphrase = " · paraphrase, not the author's wording" if quote.license_key in _addenda(answer) else ""
        title = f"{quote.clause_id} · chars {quote.start}-{quote.end}{paraphrase}"
        console.print(Panel(Text(quote.text), title=title, title_align="left", border_style="cyan"))


def _addenda(answer: Answer) -> set[str]:
    return {a["key"] for a in answer.addenda if a.get("paraphrased")}


def rights_table(rows: list[dict], title: str, card_key: str = "") -> Table:
    """Rows as made by explain.card_rows (or the LLM's reading of an unknown text)."""
    table = Table("right", "verdict", "conditions", title=title, show_lines=True, title_justify="left")
    for row in rows:
        conditions = row.get("conditions") or ""
        if row.get("items"):
            conditions += "\n" + "\n".join(f"• {item}" for item in row["items"])
        if card_key and row.get("source") not in (None, card_key):
            conditions += f"\n(from {row['source']})"
        table.add_row(row["label"], verdict_text(row.get("verdict") or "unclear"), conditions)
    return table
