"""Eval suites: a dataset of labelled cases, a solver (the real pipeline with a backend configuration) and scorers
that each return a value and an explanation. Results go to `results.jsonl` (one record per case, resumable),
`summary.json` and `report.md`."""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import REMINDER, cards, licensedb, rights
from . import answer as answer_module
from .backends.base import Backend
from .corpus import Corpus
from .errors import ExplainerError, InputError
from .identify import identify
from .index import ClauseIndex
from .reader import from_text
from .resolve import PASTED_KEY, Resolved, from_name, from_pasted

SOURCES = ("license_key", "license_file", "license_text", "model_name")
KNOWN_FIELDS = {"id", *SOURCES, "question", "answer", "conditions", "evidence", "rationale", "right", "trap",
                "addendum", "edit", "expected_key", "note"}
RECALL_AT = (1, 3, 5)


@dataclass
class Case:
    id: str
    line: int
    data: dict

    @property
    def kind(self) -> str:
        return "identify" if "expected_key" in self.data else "qa"

    def __getattr__(self, name):
        try:
            return self.__dict__["data"].get(name)
        except KeyError as exc:
            raise AttributeError(name) from exc


@dataclass
class Suite:
    path: Path
    cases: list[Case]
    problems: list[str] = field(default_factory=list)  # malformed lines: reported, skipped
    warnings: list[str] = field(default_factory=list)


def load_suite(path: str | Path) -> Suite:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read suite {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"suite {path} is not UTF-8 text") from exc
    suite = Suite(path, [])
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            suite.problems.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        problem = _check_case(data)
        if problem:
            suite.problems.append(f"{where}: {problem}")
            continue
        unknown = sorted(set(data) - KNOWN_FIELDS)
        if unknown:
            suite.warnings.append(f"{where}: unknown field(s) {', '.join(unknown)} ignored")
        case_id = str(data["id"])
        if case_id in seen:
            suite.problems.append(f"{where}: duplicate id {case_id!r}")
            continue
        seen.add(case_id)
        suite.cases.append(Case(case_id, number, data))
    return suite


def _check_case(data) -> str | None:
    if not isinstance(data, dict):
        return "a case must be a JSON object"
    if not data.get("id"):
        return "missing id"
    if not any(data.get(s) for s in SOURCES):
        return f"needs one of {', '.join(SOURCES)}"
    if "expected_key" in data:
        return None
    if not str(data.get("question") or "").strip():
        return "missing question"
    if data.get("answer") not in rights.VERDICTS:
        return f"answer must be one of {', '.join(rights.VERDICTS)}"
    if not isinstance(data.get("evidence", []), list):
        return "evidence must be a list of quotes"
    return None


# -- the dataset's license sources -------------------------------------------------------------------------------
def case_text(case: Case, base_dir: Path) -> str | None:
    """The license text a case describes, built at run time (LicenseDB text + addendum / edit); None when the
    case points at a known license by key or model name without changes."""
    if case.license_text:
        return case.license_text
    if case.license_file:
        file = (base_dir / case.license_file) if not Path(case.license_file).is_absolute() else Path(case.license_file)
        return file.read_text(encoding="utf-8")
    if case.license_key and (case.addendum or case.edit):
        if not licensedb.exists(case.license_key):
            raise InputError(f"unknown license key {case.license_key!r}")
        body = licensedb.load(case.license_key).body
        for edit in _edits(case.edit):
            if edit["find"] not in body:
                raise InputError(f"edit text not found in {case.license_key}: {edit['find'][:60]!r}")
            body = body.replace(edit["find"], edit["replace"], 1)
        if case.addendum:
            body = body.rstrip() + "\n\n" + case.addendum.strip() + "\n"
        return body
    return None


def _edits(edit) -> list[dict]:
    if not edit:
        return []
    return edit if isinstance(edit, list) else [edit]


def resolve_case(case: Case, corpus: Corpus, base_dir: Path) -> Resolved:
    text = case_text(case, base_dir)
    if text is not None:
        return from_pasted(corpus, from_text(text, f"case {case.id}"))
    if case.license_key:
        return from_name(corpus, case.license_key, "explicit")
    return from_name(corpus, case.model_name, "model_name")


# -- scorers: each returns (value, explanation) -----------------------------------------------------------------
def score_verdict(case: Case, result: dict) -> tuple[float, str]:
    ok = result["verdict"] == case.answer
    return float(ok), f"expected {case.answer}, got {result['verdict']}"


def evidence_spans(case: Case, resolved: Resolved, corpus: Corpus) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Where each gold evidence quote sits in the case's sources (license, companions, addenda, pasted text)."""
    keys = [*resolved.license_keys, *resolved.addenda]
    if resolved.pasted is not None and PASTED_KEY not in keys:
        keys.append(PASTED_KEY)
    found, missing = [], []
    for quote in case.evidence or []:
        spot = None
        for key in keys:
            body = answer_module.source_text(resolved, corpus, key)
            anchor = cards.locate(quote, key, body)
            if anchor is not None:
                spot = (key, anchor.start, anchor.end)
                break
        if spot:
            found.append(spot)
        else:
            missing.append(quote)
    return found, missing


def score_evidence(case: Case, ranked: list, resolved: Resolved, corpus: Corpus) -> tuple[dict, str]:
    spans, missing = evidence_spans(case, resolved, corpus)
    if not spans:
        why = "no gold evidence" if not case.evidence else f"gold evidence not found in the text: {missing[0][:60]!r}"
        return {}, why
    values = {}
    for k in RECALL_AT:
        top = ranked[:k]
        hit = any(q.license_key == key and q.start < end and start < q.end for key, start, end in spans for q in top)
        values[str(k)] = float(hit)
    return values, f"gold evidence in the top {min([k for k in RECALL_AT if values[str(k)]] or ['>5'])}"


def score_fidelity(answer, resolved: Resolved, corpus: Corpus) -> tuple[float, str]:
    for quote in answer.quotes:
        if answer_module.source_text(resolved, corpus, quote.license_key)[quote.start:quote.end] != quote.text:
            return 0.0, f"quote {quote.clause_id} differs from its source"
    return 1.0, f"{len(answer.quotes)} quotes equal their source"


def score_reminder(result: dict) -> tuple[float, str]:
    ok = result.get("reminder") == REMINDER
    return float(ok), "reminder present" if ok else "reminder missing"


# -- the solver -----------------------------------------------------------------------------------------------
@dataclass
class RunConfig:
    backend_factory: Callable[[], Backend]
    blind: bool = False
    concurrency: int = 1
    limit: int | None = None


def run_case(case: Case, base_dir: Path, corpus: Corpus, index: ClauseIndex, backend: Backend | None,
             blind: bool) -> dict:
    started = time.perf_counter()
    record = {"case_id": case.id, "suite_line": case.line, "kind": case.kind, "expected": {}, "scores": {},
              "explanations": {}, "error": None}
    try:
        if case.kind == "identify":
            return _run_identify(case, base_dir, corpus, record, started)
        record["expected"] = {"answer": case.answer, "right": case.right, "trap": bool(case.trap),
                              "license": case.license_key or case.model_name or "text"}
        resolved = resolve_case(case, corpus, base_dir)
        response = answer_module.ask(case.question, resolved, corpus, index, backend, blind=blind)
        result = response.answer()
        data = result.to_dict()
        record.update({"answer": data, "routed_by": response.prepared.routed_by,
                       "verdict_source": result.verdict_source})
        scores = {}
        scores["verdict"], record["explanations"]["verdict"] = score_verdict(case, data)
        scores["evidence_recall"], record["explanations"]["evidence_recall"] = score_evidence(
            case, response.prepared.ranked, resolved, corpus)
        scores["quote_fidelity"], record["explanations"]["quote_fidelity"] = score_fidelity(result, resolved, corpus)
        scores["reminder"], record["explanations"]["reminder"] = score_reminder(data)
        record["scores"] = scores
        record["tokens"] = dict(backend.usage) if backend is not None else {}
    except ExplainerError as exc:
        record["error"] = exc.one_line()
    except (OSError, UnicodeDecodeError) as exc:
        record["error"] = f"cannot read the case's license: {exc}"
    record["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return record


def _run_identify(case: Case, base_dir: Path, corpus: Corpus, record: dict, started: float) -> dict:
    text = case_text(case, base_dir)
    if text is None:
        text = licensedb.load(case.license_key).body if case.license_key else case.model_name
    found = identify(from_text(text, f"case {case.id}"), corpus)
    predicted = found.key or "unknown"
    record["expected"] = {"key": case.expected_key}
    record["identified"] = {"key": predicted, "confidence": round(found.confidence, 4),
                            "additions": len(found.additions), "reminder": REMINDER}
    ok = predicted == case.expected_key
    record["scores"] = {"identify": float(ok)}
    record["explanations"] = {"identify": f"expected {case.expected_key}, got {predicted}"}
    record["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return record


def done_ids(out: Path) -> set[str]:
    results = out / "results.jsonl"
    if not results.is_file():
        return set()
    ids = set()
    for line in results.read_text(encoding="utf-8").splitlines():
        try:
            ids.add(json.loads(line)["case_id"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a line cut by an interruption: that case runs again
    return ids


def run(suites: list[Suite], corpus: Corpus, index: ClauseIndex, config: RunConfig, out: Path,
        progress: Callable[[int, int], None] | None = None) -> dict:
    """Run every case not already in `out/results.jsonl`, appending as it goes; returns the summary."""
    out.mkdir(parents=True, exist_ok=True)
    finished = done_ids(out)
    todo = [(suite, case) for suite in suites for case in suite.cases if case.id not in finished]
    if config.limit is not None:
        todo = todo[: max(0, config.limit - len(finished))]
    needs_llm = any(case.kind == "qa" for _, case in todo)
    backend = config.backend_factory() if needs_llm else None
    lock = threading.Lock()
    started = time.perf_counter()
    total = len(todo)
    with open(out / "results.jsonl", "a", encoding="utf-8") as handle:
        def execute(item):
            suite, case = item
            return run_case(case, suite.path.parent, corpus, index, backend, config.blind)

        def write(record):
            with lock:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                handle.flush()

        workers = max(1, config.concurrency if backend is None or backend.name != "local" else 1)
        count = 0
        if workers == 1:
            for item in todo:
                write(execute(item))
                count += 1
                if progress:
                    progress(count, total)
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(execute, item) for item in todo]
                for future in as_completed(futures):
                    write(future.result())
                    count += 1
                    if progress:
                        progress(count, total)
    elapsed = time.perf_counter() - started
    records = load_results(out)
    summary = summarize(records, suites, backend, config, elapsed)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "report.md").write_text(report(summary, records), encoding="utf-8")
    return summary


def load_results(out: Path) -> list[dict]:
    records = []
    for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


# -- summary and report --------------------------------------------------------------------------------------
def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _mean(values) -> float | None:
    values = list(values)
    return round(statistics.fmean(values), 4) if values else None


def summarize(records: list[dict], suites: list[Suite], backend: Backend | None, config: RunConfig,
              elapsed: float) -> dict:
    qa = [r for r in records if r.get("kind") == "qa" and not r.get("error")]
    ident = [r for r in records if r.get("kind") == "identify" and not r.get("error")]
    errors = [r for r in records if r.get("error")]
    confusion: dict = defaultdict(Counter)
    by_license: dict = defaultdict(list)
    by_right: dict = defaultdict(list)
    for r in qa:
        confusion[r["expected"]["answer"]][r["answer"]["verdict"]] += 1
        by_license[r["answer"]["license"]["key"]].append(r["scores"]["verdict"])
        by_right[r["expected"].get("right") or (r["answer"]["right"] or ["none"])[0]].append(r["scores"]["verdict"])
    traps = [r["scores"]["verdict"] for r in qa if r["expected"].get("trap")]
    recall = {k: _mean(r["scores"]["evidence_recall"][k] for r in qa if r["scores"]["evidence_recall"])
              for k in map(str, RECALL_AT)}
    tokens = Counter()
    for r in qa:
        tokens.update({k: v for k, v in (r.get("tokens") or {}).items() if isinstance(v, int)})
    latencies = [r["latency_ms"] for r in qa]
    prompt_hashes = sorted({r["answer"]["prompt_hash"] for r in qa})
    return {
        "suites": [str(s.path) for s in suites],
        "backend": backend.name if backend else None,
        "model": backend.model if backend else None,
        "blind": config.blind,
        "cases": len(records),
        "errors": len(errors),
        "error_cases": [{"case_id": r["case_id"], "error": r["error"]} for r in errors],
        "verdict_accuracy": _mean(r["scores"]["verdict"] for r in qa),
        "confusion": {gold: dict(row) for gold, row in sorted(confusion.items())},
        "evidence_recall": recall,
        "quote_fidelity": _mean(r["scores"]["quote_fidelity"] for r in qa),
        "reminder_rate": _mean(r["scores"]["reminder"] for r in qa),
        "trap_accuracy": _mean(traps),
        "traps": len(traps),
        "latency_ms": {"p50": _pct(latencies, .5), "p95": _pct(latencies, .95)},
        "tokens": dict(tokens),
        "by_license": {k: {"n": len(v), "accuracy": _mean(v)} for k, v in sorted(by_license.items())},
        "by_right": {k: {"n": len(v), "accuracy": _mean(v)} for k, v in sorted(by_right.items())},
        "identify_accuracy": _mean(r["scores"]["identify"] for r in ident),
        "identify_cases": len(ident),
        "prompt_hashes": prompt_hashes,
        "duration_s": round(elapsed, 1),
        "reminder": REMINDER,
    }


def _fmt(value) -> str:
    return "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def report(summary: dict, records: list[dict]) -> str:
    lines = ["# Eval report", "", f"Suites: {', '.join(summary['suites'])}  ",
             f"Backend: {summary['backend']} · model: {summary['model']} · blind: {summary['blind']}  ",
             f"Cases: {summary['cases']} · errors: {summary['errors']} · run time: {summary['duration_s']} s", "",
             "| metric | value |", "| --- | --- |"]
    for name in ("verdict_accuracy", "trap_accuracy", "quote_fidelity", "reminder_rate", "identify_accuracy"):
        lines.append(f"| {name} | {_fmt(summary[name])} |")
    for k, v in summary["evidence_recall"].items():
        lines.append(f"| evidence recall@{k} | {_fmt(v)} |")
    lines.append(f"| latency p50 / p95 (ms) | {_fmt(summary['latency_ms']['p50'])} / "
                 f"{_fmt(summary['latency_ms']['p95'])} |")
    if summary["confusion"]:
        verdicts = list(rights.ANSWER_VERDICTS)
        lines += ["", "## Confusion (rows: expected, columns: answered)", "",
                  "| expected | " + " | ".join(verdicts) + " |", "| --- |" + " --- |" * len(verdicts)]
        for gold, row in summary["confusion"].items():
            lines.append(f"| {gold} | " + " | ".join(str(row.get(v, 0)) for v in verdicts) + " |")
    for title, key in (("Per license", "by_license"), ("Per right", "by_right")):
        if summary[key]:
            lines += ["", f"## {title}", "", "| | n | accuracy |", "| --- | --- | --- |"]
            lines += [f"| {k} | {v['n']} | {_fmt(v['accuracy'])} |" for k, v in summary[key].items()]
    wrong = [r for r in records if r.get("kind") == "qa" and not r.get("error") and r["scores"]["verdict"] < 1]
    if wrong:
        lines += ["", "## Wrong verdicts", ""]
        lines += [f"- `{r['case_id']}`: {r['explanations']['verdict']} — {r['answer']['question']}" for r in wrong]
    if summary["error_cases"]:
        lines += ["", "## Error cases", ""]
        lines += [f"- `{e['case_id']}`: {e['error']}" for e in summary["error_cases"]]
    lines += ["", f"_{REMINDER}_", ""]
    return "\n".join(lines)


# -- compare ---------------------------------------------------------------------------------------------------
METRICS = ("verdict_accuracy", "trap_accuracy", "quote_fidelity", "reminder_rate", "identify_accuracy")


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
        va, vb = a["evidence_recall"].get(k), b["evidence_recall"].get(k)
        metrics[f"evidence_recall@{k}"] = {"a": va, "b": vb, "delta": _delta(va, vb)}
    for q in ("p50", "p95"):
        va, vb = a["latency_ms"].get(q), b["latency_ms"].get(q)
        metrics[f"latency_ms_{q}"] = {"a": va, "b": vb, "delta": _delta(va, vb)}
    by_id_a = {r["case_id"]: r for r in load_results(Path(run_a))}
    by_id_b = {r["case_id"]: r for r in load_results(Path(run_b))}
    flipped = []
    for case_id in sorted(set(by_id_a) & set(by_id_b)):
        ra, rb = by_id_a[case_id], by_id_b[case_id]
        sa, sb = _case_ok(ra), _case_ok(rb)
        if sa != sb:
            flipped.append({"case_id": case_id, "a": _case_answer(ra), "b": _case_answer(rb),
                            "expected": ra.get("expected", {}).get("answer") or ra.get("expected", {}).get("key"),
                            "direction": "fixed" if sb else "broken"})
    return {"a": str(run_a), "b": str(run_b), "metrics": metrics, "flipped": flipped}


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


__all__ = ["Case", "RunConfig", "Suite", "compare", "load_suite", "run", "PASTED_KEY"]
