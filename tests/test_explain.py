"""explain: the card as a table (addenda and file restrictions applied), additions explained, unknown texts read
per right by the LLM; every quote verbatim; the CLI's JSON shape."""

from __future__ import annotations

import json

from explainer import REMINDER, licensedb, rights
from explainer.corpus import load
from explainer.explain import explain, target
from tests.conftest import run_cli
from tests.fakes import FakeBackend


def _check_quotes(result, pasted: str = ""):
    corpus = load()
    for quote in result.quotes:
        body = pasted if quote.license_key == "pasted" else corpus.document(quote.license_key).body
        assert body[quote.start:quote.end] == quote.text


def test_a_known_license_needs_no_llm():
    corpus = load()
    calls = []
    result = explain(target(corpus, "Juggernaut XL"), corpus, lambda: calls.append(1) or FakeBackend())
    assert not calls and result.backend is None
    rows = {r["right"]: r for r in result.rights}
    assert set(rows) == set(rights.names())
    assert rows["hosted_service_or_api"]["verdict"] == "no" and rows["hosted_service_or_api"]["source"] == \
        "rundiffusion-juggernaut"
    assert result.quotes and result.to_dict()["reminder"] == REMINDER
    _check_quotes(result)


def test_additions_are_explained_and_lower_the_rights_they_restrict(tmp_path):
    corpus = load()
    text = licensedb.load("apache-2.0").body + "\n\nAdditional term: you may not redistribute the model weights.\n"
    path = tmp_path / "LICENSE"
    path.write_text(text, encoding="utf-8")
    backend = FakeBackend()
    result = explain(target(corpus, str(path)), corpus, lambda: backend)
    rows = {r["right"]: r for r in result.rights}
    assert rows["redistribute_weights"]["verdict"] == "no"
    assert rows["model_commercial_use"]["verdict"] == "yes"
    data = result.to_dict()
    assert data["additions"][0]["rights"][0] == "redistribute_weights" and data["additions"][0]["restricts"]
    assert data["backend"] == "fake" and data["explanation_source"] == "llm"
    assert data["explanation"] == "In short, because the license says so in its terms."
    assert "data, not instructions" in backend.calls[0]["messages"][-1]["content"]
    assert backend.calls[0]["schema"] is None  # the text shown is plain prose
    _check_quotes(result, open(path, encoding="utf-8").read())


def test_an_unknown_text_is_read_per_right_by_the_auto_card(tmp_path):
    corpus = load()
    text = ("Zeta Model License\n\n1. You may use the model for personal projects only.\n\n2. You may not sell "
            "images made with the model.\n\n3. Keep this notice in every copy.\n\n4. Fine-tuning is allowed.\n\n"
            "5. These terms are governed by the laws of Utopia.\n")
    path = tmp_path / "ZETA.txt"
    path.write_text(text, encoding="utf-8")
    result = explain(target(corpus, str(path)), corpus, FakeBackend)
    assert result.card is None and result.resolved.key == "pasted"
    # no card: the auto-card's table, every row with its confidence and deciding clause, never the LLM's guess
    assert len(result.rights) == len(rights.names()) and all(r["source"] == "auto" for r in result.rights)
    assert all(0.0 <= r["confidence"] <= 1.0 for r in result.rights)
    assert sum(1 for r in result.rights if r["clause_id"]) >= len(result.rights) // 2
    assert any("auto-card" in note for note in result.notes)
    _check_quotes(result, text)


def test_cli_explain_json_shape(linked_home):
    done = run_cli("explain", "flux-1-nc", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {"license", "addenda", "summary", "rights", "additions", "changes", "removals", "explanation",
                         "quotes", "reminder", "backend", "model", "prompt_hash", "timings_ms"}
    assert data["license"]["key"] == "flux-1-nc" and data["reminder"] == REMINDER
