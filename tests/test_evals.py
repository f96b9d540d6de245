"""Eval suites and the runner: the suites' own quality, scoring, resume, error cases, compare, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer import evals, rights
from explainer.corpus import load
from tests.conftest import REPO, run_cli
from tests.fakes import FakeBackend

EVALS = REPO / "evals"


def suite(name):
    return evals.load_suite(EVALS / name)


def test_core_suite_size_coverage_and_traps():
    core = suite("core.jsonl")
    assert not core.problems and not core.warnings
    assert len(core.cases) >= 150
    corpus = load()
    licenses = {corpus.resolve(c.license_key or c.model_name).license_keys[0] for c in core.cases}
    assert len(licenses) >= 25
    assert {c.right for c in core.cases} == set(rights.names())  # every right of the cards
    assert sum(bool(c.trap) for c in core.cases) >= 15


def test_addenda_and_identify_suites():
    addenda = suite("addenda.jsonl")
    assert len(addenda.cases) >= 20 and not addenda.problems
    for case in addenda.cases:  # built at run time from the LicenseDB text: no license text stored here
        assert case.license_key and (case.addendum or case.edit) and not case.license_text
    identify = suite("identify.jsonl")
    assert len(identify.cases) >= 50 and all(c.kind == "identify" for c in identify.cases)
    assert any(c.expected_key == "unknown" for c in identify.cases)


@pytest.mark.parametrize("name", ["core.jsonl", "addenda.jsonl"])
def test_gold_evidence_is_verbatim_and_short(name):
    corpus = load()
    for case in suite(name).cases:
        resolved = evals.resolve_case(case, corpus, EVALS)
        spans, missing = evals.evidence_spans(case, resolved, corpus)
        assert not missing, (case.id, missing)
        assert all(len(q.split()) <= 25 for q in case.evidence or []), case.id


def test_core_verdicts_with_cards_reach_the_target(built_index, tmp_path):
    """The deterministic part (resolution, routing, cards, thresholds) with a scripted explainer model."""
    config = evals.RunConfig(FakeBackend)
    summary = evals.run([suite("core.jsonl")], built_index.corpus, built_index, config, tmp_path / "run")
    assert summary["errors"] == 0
    assert summary["verdict_accuracy"] >= 0.95
    assert summary["quote_fidelity"] == 1.0 and summary["reminder_rate"] == 1.0
    assert summary["evidence_recall"]["5"] >= 0.9


def write_suite(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a", "license_key": "flux-1-nc", "question": "Can I put it behind my paid API?",
                   "answer": "no", "evidence": ["use for revenue-generating activity or direct interactions"]})
UNRESOLVABLE = json.dumps({"id": "b", "license_key": "no-such-license", "question": "Can I?", "answer": "yes"})
IDENT = json.dumps({"id": "c", "license_text": "This model is licensed under the Apache License, Version 2.0.",
                    "expected_key": "apache-2.0"})


def test_malformed_lines_unknown_fields_and_duplicates_are_reported(tmp_path):
    path = write_suite(tmp_path / "s.jsonl", [
        GOOD, "{not json", json.dumps({"id": "x", "license_key": "mit", "question": "q", "answer": "maybe"}),
        json.dumps({"id": "d", "license_key": "mit", "question": "Can I sell?", "answer": "yes", "colour": 1}),
        GOOD,
    ])
    loaded = evals.load_suite(path)
    assert [c.id for c in loaded.cases] == ["a", "d"]
    assert any(p.startswith("s.jsonl:2:") for p in loaded.problems)
    assert any(p.startswith("s.jsonl:3:") and "answer must be" in p for p in loaded.problems)
    assert any(p.startswith("s.jsonl:5:") and "duplicate" in p for p in loaded.problems)
    assert any("colour" in w for w in loaded.warnings)


def test_run_writes_results_resumes_and_reports_error_cases(built_index, tmp_path):
    path = write_suite(tmp_path / "s.jsonl", [GOOD, UNRESOLVABLE, IDENT])
    out = tmp_path / "run"
    backend_calls = []

    def factory():
        backend_calls.append(1)
        return FakeBackend()

    summary = evals.run([evals.load_suite(path)], built_index.corpus, built_index, evals.RunConfig(factory), out,
                        )
    assert summary["cases"] == 3 and summary["errors"] == 1
    assert summary["error_cases"][0]["case_id"] == "b"
    assert summary["identify_accuracy"] == 1.0
    assert summary["confusion"] == {"no": {"no": 1}}
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    qa = next(r for r in records if r["case_id"] == "a")
    assert qa["answer"]["reminder"] and qa["scores"]["verdict"] == 1.0
    assert set(qa["answer"]) >= {"question", "license", "verdict", "quotes", "reminder", "prompt_hash"}
    assert "error" in next(r for r in records if r["case_id"] == "b")
    assert (out / "report.md").read_text().startswith("# Eval report")
    # a second run resumes: nothing left to do, the same summary
    again = evals.run([evals.load_suite(path)], built_index.corpus, built_index, evals.RunConfig(factory), out)
    assert again["cases"] == 3
    assert len((out / "results.jsonl").read_text().splitlines()) == 3
    assert len(backend_calls) == 1  # nothing needed the LLM the second time


def test_concurrent_runs_give_the_same_scores(built_index, tmp_path):
    class Hosted(FakeBackend):
        name = "openai"

    cases = [json.dumps({"id": f"c{i}", "model_name": "FLUX dev", "question": q, "answer": a})
             for i, (q, a) in enumerate([("Can I put it behind my paid API?", "no"),
                                         ("Is it non-commercial?", "yes"),
                                         ("Who owns the images I make?", "no"),
                                         ("Can I train a LoRA on it and share it?", "conditional")])]
    path = write_suite(tmp_path / "s.jsonl", cases)
    serial = evals.run([evals.load_suite(path)], built_index.corpus, built_index, evals.RunConfig(Hosted),
                       tmp_path / "serial")
    parallel = evals.run([evals.load_suite(path)], built_index.corpus, built_index,
                         evals.RunConfig(Hosted, concurrency=4), tmp_path / "parallel")
    assert serial["verdict_accuracy"] == parallel["verdict_accuracy"] == 1.0


def test_compare_shows_deltas_and_flips(tmp_path):
    for name, verdict, accuracy in (("a", "no", 1.0), ("b", "yes", 0.0)):
        run = tmp_path / name
        run.mkdir()
        record = {"case_id": "x", "kind": "qa", "expected": {"answer": "no"}, "scores": {"verdict": accuracy},
                  "answer": {"verdict": verdict}}
        (run / "results.jsonl").write_text(json.dumps(record) + "\n")
        summary = {m: accuracy for m in evals.METRICS}
        summary.update({"evidence_recall": {"1": 1.0, "3": 1.0, "5": 1.0}, "latency_ms": {"p50": 10, "p95": 20}})
        (run / "summary.json").write_text(json.dumps(summary))
    result = evals.compare(tmp_path / "a", tmp_path / "b")
    assert result["metrics"]["verdict_accuracy"]["delta"] == -1.0
    assert result["flipped"] == [{"case_id": "x", "a": "no", "b": "yes", "expected": "no", "direction": "broken"}]
    done = run_cli("eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["flipped"][0]["case_id"] == "x"
    bad = run_cli("eval", "compare", str(tmp_path / "a"), str(tmp_path / "nope"))
    assert bad.returncode == 2 and bad.stderr.startswith("error: not an eval run folder")


def test_cli_empty_suite_is_exit_2_and_a_bad_line_does_not_stop_the_run(linked_home, tmp_path):
    empty = write_suite(tmp_path / "empty.jsonl", [""])
    done = run_cli("eval", str(empty))
    assert done.returncode == 2 and "no valid case" in done.stderr
    path = write_suite(tmp_path / "s.jsonl", ["{broken", IDENT])
    done = run_cli("eval", str(path), "--out", str(tmp_path / "run"), "--json")
    assert done.returncode == 0, done.stderr
    assert "s.jsonl:1" in done.stderr
    assert json.loads(done.stdout)["identify_accuracy"] == 1.0
