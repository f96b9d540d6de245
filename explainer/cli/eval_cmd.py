"""`explainer eval SUITE...` runs suites through the real pipeline; `explainer eval compare RUN_A RUN_B`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .. import backends, config, evals, settings
from .. import corpus as corpus_module
from ..errors import InputError
from ..index import ClauseIndex
from . import app
from .llm_options import BackendOption, BaseUrlOption, ModelOption
from .output import err, out, print_json, warn


@app.command("eval")
def eval_command(
    suites: Annotated[list[str], typer.Argument(
        help="Suite files (JSONL), or `compare RUN_A RUN_B` to compare two runs.")],
    backend: BackendOption = None,
    llm_model: ModelOption = None,
    base_url: BaseUrlOption = None,
    blind: Annotated[bool, typer.Option("--blind", help="Ignore the license cards: the LLM decides.")] = False,
    without_card: Annotated[bool, typer.Option(
        "--without-card", help="Leave one card out: answer each case without its own license's card.")] = False,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=64,
                                             help="Cases at once (hosted backends; local runs one at a time).")] = 1,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Run at most N cases.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run folder (resumes if it has results).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary (or the comparison) as JSON.")] = False,
) -> None:
    """Run eval suites and score verdicts, evidence recall, quote fidelity, reminder, explanations, latency."""
    if suites and suites[0] == "compare":
        if len(suites) != 3:
            raise InputError("compare needs two run folders", hint="explainer eval compare RUN_A RUN_B")
        _compare(Path(suites[1]), Path(suites[2]), as_json)
        return
    loaded = [evals.load_suite(path) for path in suites]
    for suite in loaded:
        for problem in suite.problems:
            warn(f"skipped {problem}")
        for warning in suite.warnings:
            warn(warning)
    if not any(suite.cases for suite in loaded):
        raise InputError("the suite has no valid case" if len(loaded) == 1 else "the suites have no valid case")
    options = settings.resolve(backend=backend, llm_model=llm_model, base_url=base_url)
    corpus = corpus_module.load()
    index = ClauseIndex(corpus)
    index.ensure(progress=not as_json)
    out_path = out_dir or evals.default_out_dir(config.REPO_ROOT / "evals", options.backend)
    run_config = evals.RunConfig(lambda: backends.create(options), blind=blind, concurrency=concurrency, limit=limit,
                                 without_card=without_card)
    if without_card and not evals.pipeline_supports_without_card():
        warn("--without-card is recorded in the summary, but this version's answer pipeline cannot leave a card out "
             "yet: the cards are still used")
    already = len(evals.done_ids(out_path))
    if already:
        err.print(f"resuming {out_path}: {already} case(s) already done")
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=as_json) as bar:
        task = bar.add_task("eval", total=None)
        summary = evals.run(loaded, corpus, index, run_config, out_path,
                            progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        print_json({**summary, "out": str(out_path)})
        return
    _print_summary(summary, out_path)


def _fmt(value) -> str:
    return "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _print_summary(summary: dict, out_path: Path) -> None:
    table = Table("metric", "value", title=f"{summary['backend']} · {summary['model']} · blind={summary['blind']}",
                  title_justify="left")
    table.add_row("cases (errors, counted as failures)", f"{summary['cases']} ({summary['errors']})")
    table.add_row("verdict_accuracy", f"{_fmt(summary['verdict_accuracy'])} "
                                      f"({summary['verdict_correct']}/{summary['qa_cases']})")
    table.add_row("trap_accuracy", f"{_fmt(summary['trap_accuracy'])} ({summary['trap_correct']}/{summary['traps']})")
    if summary["routing_cases"]:
        table.add_row("routing_accuracy", f"{_fmt(summary['routing_accuracy'])} "
                                          f"({summary['routing_correct']}/{summary['routing_cases']})")
    for name in ("quote_fidelity", "reminder_rate", "explanation_rate", "fallback_rate", "identify_accuracy"):
        table.add_row(name, _fmt(summary[name]))
    for k, v in summary["evidence_recall"].items():
        table.add_row(f"evidence recall@{k}", _fmt(v))
    table.add_row("latency p50 / p95 ms", f"{_fmt(summary['latency_ms']['p50'])} / {_fmt(summary['latency_ms']['p95'])}")
    if summary["tokens"]:
        table.add_row("tokens", ", ".join(f"{k} {v}" for k, v in summary["tokens"].items()))
    table.add_row("run time", f"{summary['duration_s']} s")
    out.print(table)
    if summary["confusion"]:
        verdicts = ["yes", "no", "conditional", "not_addressed", "unclear", "error"]
        matrix = Table("expected \\ answered", *verdicts, title="confusion", title_justify="left")
        for gold, row in summary["confusion"].items():
            matrix.add_row(gold, *(str(row.get(v, 0)) for v in verdicts))
        out.print(matrix)
    if summary["decided_by"]:
        source = Table("decided by", "n", "correct", "accuracy", title="where the verdict came from",
                       title_justify="left")
        for group, row in summary["decided_by"].items():
            source.add_row(group, str(row["n"]), str(row["correct"]), _fmt(row["accuracy"]))
        for label, row in summary["by_label_source"].items():
            source.add_row(f"label source: {label}", str(row["n"]), str(row["correct"]), _fmt(row["accuracy"]))
        out.print(source)
    for case in summary["error_cases"][:10]:
        out.print(Text(f"error case {case['case_id']}: {case['error']}", style="yellow"))
    out.print(f"results: {out_path}/results.jsonl, summary.json, report.md")
    out.print(Text(summary["reminder"], style="italic"))


def _compare(run_a: Path, run_b: Path, as_json: bool) -> None:
    result = evals.compare(run_a, run_b)
    if as_json:
        print_json(result)
        return
    table = Table("metric", "A", "B", "delta", title=f"A={run_a}  B={run_b}", title_justify="left")
    for name, row in result["metrics"].items():
        delta = row["delta"]
        style = "" if not delta else ("green" if (delta > 0) != name.startswith("latency") else "red")
        table.add_row(name, _fmt(row["a"]), _fmt(row["b"]), Text(_fmt(delta), style=style))
    out.print(table)
    if result["flipped"]:
        flips = Table("case", "expected", "A", "B", "", title="cases that flipped", title_justify="left")
        for row in result["flipped"]:
            flips.add_row(row["case_id"], str(row["expected"]), row["a"], row["b"], row["direction"])
        out.print(flips)
    else:
        out.print("no case flipped")
    if result["explanations_flipped"]:
        flips = Table("case", "A", "B", "", title="explanations that flipped", title_justify="left")
        for row in result["explanations_flipped"]:
            flips.add_row(row["case_id"], str(row["a"]), str(row["b"]), row["direction"])
        out.print(flips)
