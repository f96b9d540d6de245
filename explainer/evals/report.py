"""Summary (`summary.json`), report (`report.md`) and `eval compare`.

Every rate counts an error case as a failure: its denominator is every case the rate is about, answered or not."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

from .. import REMINDER, rights
from ..backends.base import Backend
from ..errors import InputError
from .dataset import Suite
from .scorers import RECALL_AT
from .solver import RunConfig, load_results, pipeline_supports_without_card

RATES = ("verdict_accuracy", "trap_accuracy", "routing_accuracy", "quote_fidelity", "reminder_rate",
         "explanation_rate", "identify_accuracy")
METRICS = RATES
# Where a verdict came from (the answer's `verdict_source`), grouped for the report.
DECIDED_BY = {"card": "card", "addendum": "card", "threshold": "card", "file": "file", "auto": "auto", "llm": "llm"}
GROUPS = ("card", "file", "auto", "llm", "unclear/none", "error")
GROUP_TITLES = {"card": "decided by a card (card, author's addendum, card threshold)",
                "file": "lowered by text the license copy adds (pasted file)",
                "auto": "decided by the auto-card (a classifier trained on the cards; no card for the text)",
                "llm": "decided by the LLM", "unclear/none": "unclear / no verdict source",
                "error": "error case (no answer)"}


def _mean(values) -> float | None:
    values = list(values)
    return round(statistics.fmean(values), 4) if values else None


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def score(record: dict, name: str) -> float:
    """A case's score for one scorer; an error case (or a missing score) is a failure."""
    if record.get("error"):
        return 0.0
    value = record.get("scores", {}).get(name)
    return float(value) if isinstance(value, (int, float)) else 0.0


def decided_by(record: dict) -> str:
    if record.get("error"):
        return "error"
    if record.get("answer", {}).get("verdict") == "unclear":
        return "unclear/none"
    source = record.get("verdict_source") or "none"
    return DECIDED_BY.get(source, "unclear/none" if source in ("none", "unclear") else source)


def _has_evidence(record: dict) -> bool:
    expected = record.get("expected", {})
    if "evidence" in expected:
        return bool(expected["evidence"])
    return bool(record.get("scores", {}).get("evidence_recall"))  # records written before the field existed


def routed_right(record: dict) -> bool:
    """The question went first to the right or the topic the case names; an error case did not."""
    if record.get("error"):
        return False
    routed = (record.get("answer") or {}).get("right") or []
    wanted = {record["expected"].get("right"), record["expected"].get("topic")} - {None}
    return bool(routed) and routed[0] in wanted


def _groups(records: list[dict], key) -> dict:
    grouped: dict = defaultdict(list)
    for r in records:
        grouped[key(r)].append(score(r, "verdict"))
    return {k: {"n": len(v), "correct": int(sum(v)), "accuracy": _mean(v)} for k, v in sorted(grouped.items())}


def summarize(records: list[dict], suites: list[Suite], backend: Backend | None, config: RunConfig,
              elapsed: float) -> dict:
    qa = [r for r in records if r.get("kind") == "qa"]
    answered = [r for r in qa if not r.get("error")]
    ident = [r for r in records if r.get("kind") == "identify"]
    errors = [r for r in records if r.get("error")]
    confusion: dict = defaultdict(Counter)
    for r in qa:
        confusion[r["expected"]["answer"]]["error" if r.get("error") else r["answer"]["verdict"]] += 1
    traps = [score(r, "verdict") for r in qa if r["expected"].get("trap")]
    with_evidence = [r for r in qa if _has_evidence(r)]
    recall = {k: _mean((0.0 if r.get("error") else float((r["scores"].get("evidence_recall") or {}).get(k, 0.0)))
                       for r in with_evidence) for k in map(str, RECALL_AT)}
    tokens = Counter()
    for r in answered:
        tokens.update({k: v for k, v in (r.get("tokens") or {}).items() if isinstance(v, int)})
    latencies = [r["latency_ms"] for r in answered]
    sources = Counter(r.get("explanation_source") or "not reported" for r in answered)
    fallback = _mean(float(r.get("explanation_source") == "fallback") for r in answered
                     if r.get("explanation_source")) if any(r.get("explanation_source") for r in answered) else None
    by_group = _groups(qa, decided_by)
    with_right = [r for r in qa if r["expected"].get("right")]
    return {
        "suites": [str(s.path) for s in suites],
        "backend": backend.name if backend else None,
        "model": backend.model if backend else None,
        "blind": config.blind,
        "without_card": config.without_card,
        "without_card_applied": config.without_card and pipeline_supports_without_card(),
        "cases": len(records),
        "qa_cases": len(qa),
        "errors": len(errors),
        "errors_count_as_failures": True,
        "error_cases": [{"case_id": r["case_id"], "error": r["error"]} for r in errors],
        "verdict_accuracy": _mean(score(r, "verdict") for r in qa),
        "verdict_correct": int(sum(score(r, "verdict") for r in qa)),
        "confusion": {gold: dict(row) for gold, row in sorted(confusion.items())},
        "routing_accuracy": _mean(float(routed_right(r)) for r in with_right),
        "routing_correct": sum(routed_right(r) for r in with_right),
        "routing_cases": len(with_right),
        "right_verdict_wrong_route": sorted(r["case_id"] for r in with_right
                                            if score(r, "verdict") and not routed_right(r)),
        "evidence_recall": recall,
        "evidence_cases": len(with_evidence),
        "quote_fidelity": _mean(score(r, "quote_fidelity") for r in qa),
        "reminder_rate": _mean(score(r, "reminder") for r in qa),
        "explanation_rate": _mean(score(r, "explanation") for r in qa),
        "explanation_sources": dict(sorted(sources.items())),
        "fallback_rate": fallback,
        "trap_accuracy": _mean(traps),
        "traps": len(traps),
        "trap_correct": int(sum(traps)),
        "decided_by": {g: by_group[g] for g in sorted(by_group, key=lambda g: (GROUPS + (g,)).index(g))},
        "verdict_sources": dict(sorted(Counter(r.get("verdict_source") or "none" for r in answered).items())),
        "by_routed_by": _groups(qa, lambda r: "error" if r.get("error") else (r.get("routed_by") or "none")),
        "by_label_source": _groups(qa, lambda r: r["expected"].get("label_source") or "unlabelled"),
        "by_question_kind": _groups(qa, lambda r: r["expected"].get("question_kind") or "unlabelled"),
        "latency_ms": {"p50": _pct(latencies, .5), "p95": _pct(latencies, .95)},
        "tokens": dict(tokens),
        "by_license": _groups(qa, lambda r: (r.get("answer") or {}).get("license", {}).get("key")
                              or r["expected"].get("license") or "?"),
        "by_right": _groups(qa, lambda r: r["expected"].get("right") or r["expected"].get("topic")
                            or ((r.get("answer") or {}).get("right") or ["none"])[0]),
        "identify_accuracy": _mean(score(r, "identify") for r in ident),
        "identify_cases": len(ident),
        "prompt_hashes": sorted({r["answer"]["prompt_hash"] for r in answered}),
        "duration_s": round(elapsed, 1),
        "reminder": REMINDER,
    }


def _fmt(value) -> str:
    return "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _table(title: str, rows: dict, label: str = "", titles: dict | None = None) -> list[str]:
    if not rows:
        return []
    lines = ["", f"## {title}", "", f"| {label} | n | correct | verdict accuracy |", "| --- | --- | --- | --- |"]
    return lines + [f"| {(titles or {}).get(k, k)} | {v['n']} | {v.get('correct', '')} | {_fmt(v['accuracy'])} |"
                    for k, v in rows.items()]


def report(summary: dict, records: list[dict]) -> str:
    lines = ["# Eval report", "", f"Suites: {', '.join(summary['suites'])}  ",
             f"Backend: {summary['backend']} · model: {summary['model']} · blind: {summary['blind']} · "
             f"without card: {summary.get('without_card', False)}"
             + (" (not applied: the answer pipeline has no such switch yet)"
                if summary.get("without_card") and not summary.get("without_card_applied") else "") + "  ",
             (f"Cases: {summary['cases']} · errors: {summary['errors']} (counted as failures in every rate) · "
              f"run time: {summary['duration_s']} s"), "",
             "| metric | value |", "| --- | --- |"]
    lines.append(f"| verdict_accuracy | {_fmt(summary['verdict_accuracy'])} "
                 f"({summary.get('verdict_correct', '?')}/{summary.get('qa_cases', '?')}) |")
    lines.append(f"| trap_accuracy | {_fmt(summary['trap_accuracy'])} "
                 f"({summary.get('trap_correct', '?')}/{summary['traps']}) |")
    lines.append("| routing_accuracy (first routed right = the case's right or topic) | "
                 f"{_fmt(summary.get('routing_accuracy'))} "
                 f"({summary.get('routing_correct', '?')}/{summary.get('routing_cases', '?')}) |")
    for name in ("quote_fidelity", "reminder_rate", "explanation_rate", "fallback_rate", "identify_accuracy"):
        lines.append(f"| {name} | {_fmt(summary.get(name))} |")
    if summary.get("right_verdict_wrong_route"):
        lines.append(f"| right verdict, wrong route | {', '.join(summary['right_verdict_wrong_route'])} |")
    for k, v in summary["evidence_recall"].items():
        lines.append(f"| evidence recall@{k} ({summary.get('evidence_cases', '?')} cases with gold evidence) "
                     f"| {_fmt(v)} |")
    lines.append(f"| latency p50 / p95 (ms) | {_fmt(summary['latency_ms']['p50'])} / "
                 f"{_fmt(summary['latency_ms']['p95'])} |")
    if summary["confusion"]:
        verdicts = [*rights.ANSWER_VERDICTS, "error"]
        lines += ["", "## Confusion (rows: expected, columns: answered)", "",
                  "| expected | " + " | ".join(verdicts) + " |", "| --- |" + " --- |" * len(verdicts)]
        for gold, row in summary["confusion"].items():
            lines.append(f"| {gold} | " + " | ".join(str(row.get(v, 0)) for v in verdicts) + " |")
    lines += _table("Where the verdict came from", summary.get("decided_by", {}), "decided by", GROUP_TITLES)
    lines += _table("How the question was routed", summary.get("by_routed_by", {}), "routed by")
    lines += _table("Per label source (card: the label restates a card; text: written from the license text)",
                    summary.get("by_label_source", {}), "label source")
    lines += _table("Per question kind", summary.get("by_question_kind", {}), "kind")
    lines += _table("Per license", summary["by_license"], "license")
    lines += _table("Per right or topic", summary["by_right"], "right")
    if summary.get("explanation_sources"):
        lines += ["", "## Explanations shown", "", "| explanation_source | answers |", "| --- | --- |"]
        lines += [f"| {k} | {v} |" for k, v in summary["explanation_sources"].items()]
    bad = [r for r in records if r.get("kind") == "qa" and not r.get("error")
           and not score(r, "explanation") and "explanation" in r.get("explanations", {})]
    if bad:
        lines += ["", f"### Explanations that fail the check ({len(bad)}; first 20)", ""]
        lines += [f"- `{r['case_id']}`: {r['explanations']['explanation']}" for r in bad[:20]]
    lines += explanation_sample(records)
    wrong = [r for r in records if r.get("kind") == "qa" and not r.get("error") and not score(r, "verdict")]
    if wrong:
        lines += ["", "## Wrong verdicts", ""]
        lines += [f"- `{r['case_id']}` ({decided_by(r)}, routed by {r.get('routed_by')}): "
                  f"{r['explanations']['verdict']} — {r['answer']['question']}" for r in wrong]
    if summary["error_cases"]:
        lines += ["", "## Error cases (each counted as a failure)", ""]
        lines += [f"- `{e['case_id']}`: {e['error']}" for e in summary["error_cases"]]
    lines += ["", f"_{REMINDER}_", ""]
    return "\n".join(lines)


def explanation_sample(records: list[dict], size: int = 20) -> list[str]:
    """Explanations as a person reads them, with their question and verdict: `size` answers spread evenly over
    the run (by case id), so two runs of the same suite show the same cases."""
    answered = sorted((r for r in records if r.get("kind") == "qa" and not r.get("error")), key=lambda r: r["case_id"])
    if not answered:
        return []
    step = max(1, len(answered) / size)
    picked = [answered[int(i * step)] for i in range(min(size, len(answered)))]
    lines = ["", f"## A sample of {len(picked)} explanations", ""]
    for r in picked:
        answer = r["answer"]
        mark = "" if score(r, "explanation") else " ✗"
        lines.append(f"- `{r['case_id']}` **{answer.get('verdict')}** ({r.get('explanation_source') or '?'}{mark}) "
                     f"— {answer.get('question')}  ")
        lines.append(f"  {' '.join(str(answer.get('explanation') or '').split())}")
    return lines


# -- compare ---------------------------------------------------------------------------------------------------
def compare(run_a: Path, run_b: Path) -> dict:
    summaries = []
    for run_dir in (run_a, run_b):
        path = Path(run_dir) / "summary.json"
        try:
            summaries.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"not an eval run folder: {run_dir} ({type(exc).__name__})",
                             hint="pass two --out folders of `explainer eval`") from exc
    a, b = summaries
    metrics = {}
    for name in METRICS:
        metrics[name] = {"a": a.get(name), "b": b.get(name), "delta": _delta(a.get(name), b.get(name))}
    for k in map(str, RECALL_AT):
        va, vb = a.get("evidence_recall", {}).get(k), b.get("evidence_recall", {}).get(k)
        metrics[f"evidence_recall@{k}"] = {"a": va, "b": vb, "delta": _delta(va, vb)}
    for q in ("p50", "p95"):
        va, vb = a.get("latency_ms", {}).get(q), b.get("latency_ms", {}).get(q)
        metrics[f"latency_ms_{q}"] = {"a": va, "b": vb, "delta": _delta(va, vb)}
    by_id_a = {r["case_id"]: r for r in load_results(Path(run_a))}
    by_id_b = {r["case_id"]: r for r in load_results(Path(run_b))}
    flipped, explanations = [], []
    for case_id in sorted(set(by_id_a) & set(by_id_b)):
        ra, rb = by_id_a[case_id], by_id_b[case_id]
        sa, sb = _case_ok(ra), _case_ok(rb)
        if sa != sb:
            flipped.append({"case_id": case_id, "a": _case_answer(ra), "b": _case_answer(rb),
                            "expected": ra.get("expected", {}).get("answer") or ra.get("expected", {}).get("key"),
                            "direction": "fixed" if sb else "broken"})
        if ra.get("kind") == "qa" and score(ra, "explanation") != score(rb, "explanation"):
            explanations.append({"case_id": case_id, "a": ra.get("explanations", {}).get("explanation"),
                                 "b": rb.get("explanations", {}).get("explanation"),
                                 "direction": "fixed" if score(rb, "explanation") else "broken"})
    return {"a": str(run_a), "b": str(run_b), "metrics": metrics, "flipped": flipped,
            "explanations_flipped": explanations}


def _delta(a, b):
    return round(b - a, 4) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None


def _case_ok(record: dict) -> bool:
    if record.get("error"):
        return False
    scores = record.get("scores", {})
    return bool(scores.get("verdict", scores.get("identify", 0)))


def _case_answer(record: dict) -> str:
    if record.get("error"):
        return "error"
    if record.get("kind") == "identify":
        return record.get("identified", {}).get("key", "?")
    return record.get("answer", {}).get("verdict", "?")


def default_out_dir(root: Path, backend_name: str) -> Path:
    return root / "runs" / f"{time.strftime('%Y%m%d-%H%M%S')}-{backend_name}"
