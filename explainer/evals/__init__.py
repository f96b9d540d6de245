"""Eval suites: a dataset of typed cases (`dataset`), a solver that runs them through the real pipeline
(`solver`), scorers with one signature `scorer(case, result) -> Score(value, explanation)` (`scorers`), and the
summary, report and comparison of runs (`report`). Results go to `results.jsonl` (one record per case,
resumable), `summary.json` and `report.md`."""

from ..resolve import PASTED_KEY
from .dataset import KINDS, KNOWN_FIELDS, LABEL_SOURCES, SOURCES, Case, Suite, case_text, load_suite, resolve_case
from .report import GROUPS, METRICS, compare, decided_by, default_out_dir, report, summarize
from .scorers import (RECALL_AT, SCORERS, Score, SolverResult, contradiction, evidence_spans, readable,
                      score_evidence, score_explanation, score_fidelity, score_reminder, score_verdict)
from .solver import RunConfig, done_ids, load_results, pipeline_supports_without_card, run, run_case, solve

__all__ = ["Case", "GROUPS", "KINDS", "KNOWN_FIELDS", "LABEL_SOURCES", "METRICS", "PASTED_KEY", "RECALL_AT",
           "RunConfig", "SCORERS", "SOURCES", "Score", "SolverResult", "Suite", "case_text", "compare",
           "contradiction", "decided_by", "default_out_dir", "done_ids", "evidence_spans", "load_results",
           "load_suite", "pipeline_supports_without_card", "readable", "report", "resolve_case", "run", "run_case",
           "score_evidence", "score_explanation", "score_fidelity", "score_reminder", "score_verdict", "solve",
           "summarize"]
