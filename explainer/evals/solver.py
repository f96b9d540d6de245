"""The solver: runs each case through the real pipeline (resolve → ask, or identify) with a backend configuration,
scores it and appends one record per case to `results.jsonl` (resumable)."""

from __future__ import annotations

import inspect
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .. import REMINDER, licensedb
from .. import answer as answer_module
from ..backends.base import Backend
from ..corpus import Corpus
from ..errors import ExplainerError
from ..identify import identify
from ..index import ClauseIndex
from ..reader import from_text
from ..resolve import Resolved
from .dataset import Case, Suite, case_text, resolve_case
from .scorers import SCORERS, SolverResult


@dataclass
class RunConfig:
    backend_factory: Callable[[], Backend]
    blind: bool = False
    concurrency: int = 1
    limit: int | None = None
    without_card: bool = False  # leave-one-card-out: each case is answered without its own license's card


def _without_card_parameter() -> inspect.Parameter | None:
    try:
        return inspect.signature(answer_module.ask).parameters.get("without_card")
    except (TypeError, ValueError):
        return None


def pipeline_supports_without_card() -> bool:
    """Whether `answer.ask` accepts `without_card` (the leave-one-card-out switch of the answer pipeline)."""
    return _without_card_parameter() is not None


def without_card_value(resolved: Resolved):
    """What `answer.ask` gets to leave the case's own card out: `True` when the switch is a flag (the case is
    about one license), else the set of the case's license keys."""
    parameter = _without_card_parameter()
    return True if parameter is not None and isinstance(parameter.default, bool) else frozenset(resolved.license_keys)


def solve(case: Case, base_dir: Path, corpus: Corpus, index: ClauseIndex, backend: Backend | None,
          config: RunConfig) -> SolverResult:
    """Answer one question case as `explainer ask --json` would."""
    text = case_text(case, base_dir)
    resolved = resolve_case(case, corpus, base_dir, text)
    options = {"blind": config.blind}
    if config.without_card and pipeline_supports_without_card():
        options["without_card"] = without_card_value(resolved)
    response = answer_module.ask(case.question, resolved, corpus, index, backend, **options)
    result = response.answer()
    data = result.to_dict()
    prepared = getattr(response, "prepared", None)
    return SolverResult(
        answer=data, resolved=resolved, ranked=list(getattr(prepared, "ranked", None) or []), case_text=text,
        # the answer's own JSON fields when the pipeline prints them, else what the response object knows
        routed_by=data.get("routed_by", getattr(prepared, "routed_by", None)),
        verdict_source=data.get("verdict_source", getattr(result, "verdict_source", None)),
        explanation_source=data.get("explanation_source", getattr(result, "explanation_source", None)),
    )


def run_case(case: Case, base_dir: Path, corpus: Corpus, index: ClauseIndex, backend: Backend | None,
             config: RunConfig) -> dict:
    started = time.perf_counter()
    record = {"case_id": case.id, "suite_line": case.line, "kind": case.task, "expected": {}, "scores": {},
              "explanations": {}, "error": None}
    try:
        if case.task == "identify":
            return _run_identify(case, base_dir, corpus, record, started)
        record["expected"] = {"answer": case.answer, "right": case.right, "topic": case.topic,
                              "question_kind": case.kind, "label_source": case.label_source,
                              "trap": case.trap, "evidence": len(case.evidence), "license": case.subject}
        result = solve(case, base_dir, corpus, index, backend, config)
        record.update({"answer": result.answer, "routed_by": result.routed_by,
                       "verdict_source": result.verdict_source, "explanation_source": result.explanation_source})
        for name, scorer in SCORERS.items():
            score = scorer(case, result)
            record["scores"][name], record["explanations"][name] = score.value, score.explanation
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


def load_results(out: Path) -> list[dict]:
    records = []
    for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def run(suites: list[Suite], corpus: Corpus, index: ClauseIndex, config: RunConfig, out: Path,
        progress: Callable[[int, int], None] | None = None) -> dict:
    """Run every case not already in `out/results.jsonl`, appending as it goes; returns the summary."""
    from .report import report, summarize

    out.mkdir(parents=True, exist_ok=True)
    finished = done_ids(out)
    todo = [(suite, case) for suite in suites for case in suite.cases if case.id not in finished]
    if config.limit is not None:
        todo = todo[: max(0, config.limit - len(finished))]
    needs_llm = any(case.task == "qa" for _, case in todo)
    backend = config.backend_factory() if needs_llm else None
    lock = threading.Lock()
    started = time.perf_counter()
    total = len(todo)
    with open(out / "results.jsonl", "a", encoding="utf-8") as handle:
        def execute(item):
            suite, case = item
            return run_case(case, suite.path.parent, corpus, index, backend, config)

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
