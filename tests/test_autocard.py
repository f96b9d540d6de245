"""The auto-card (explainer/autocard.py): the clause classifier measured leave-one-card-out, the confidence
threshold, card transfer to an edited text, and pasted additions on a carded text (the issue's Juggernaut case and
one addition per right)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from explainer import autocard, decide, embeddings, licensedb, understand
from explainer.corpus import Corpus
from explainer.reader import Pasted
from explainer.resolve import PASTED_KEY, from_name, from_pasted
from tests.fakes import FakeBackend

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="the MiniLM ONNX export is missing")

# measured with bench/autocard.py on the 107 cards (2,889 card x topic pairs); the test allows 0.02 of noise
LOCO_ACCURACY = 0.759
LOCO_BY_KIND = {"fact": 0.802, "obligation": 0.717, "permission": 0.726, "value": 0.953}

JUGGERNAUT = ("\n\nAdditional terms from the author. This model may not be used behind API services or hosted inference "
              "platforms. For commercial or business deployments of the model itself, contact the author.\n")


@pytest.fixture(scope="module")
def corpus():
    return Corpus()


def ask(resolved, corpus, question, without_card=False):
    asked = understand.understand(question)
    return asked, decide.decide(resolved, asked, corpus, without_card=without_card)


def pasted_quotes_verbatim(decision, text):
    for quote in decision.quotes:
        if quote.license_key == PASTED_KEY:
            assert text[quote.start:quote.end] == quote.text


# -- the classifier, leave one card out ------------------------------------------------------------------------------
def test_leave_one_card_out_accuracy(corpus):
    """For every card, a classifier trained without it and its `extends` ancestors reads the card's own text,
    topic by topic; its verdicts are compared with the card's."""
    data = autocard.dataset(corpus)
    by_card = defaultdict(list)
    for entry in data.entries:
        by_card[entry.card].append(entry)
    results = []
    for key in sorted(by_card):
        model = autocard.model(corpus, autocard.withheld_for([key], corpus))
        assert key not in {c for c in data.anchor_cards[[i for cols in model.columns.values() for i in cols]]}
        for entry in by_card[key]:
            reading = model.read(data.views[key], entry.topic)
            results.append((understand.topic_kind(entry.topic), entry.verdict == reading.verdict,
                            reading.confidence >= autocard.AUTO_THRESHOLD))
    accuracy = sum(r[1] for r in results) / len(results)
    by_kind = {kind: sum(r[1] for r in results if r[0] == kind) / sum(1 for r in results if r[0] == kind)
               for kind in LOCO_BY_KIND}
    answered = [r for r in results if r[2]]
    answered_accuracy = sum(r[1] for r in answered) / len(answered)
    print(f"\nleave-one-card-out: {accuracy:.3f} over {len(results)} card x topic; by kind: "
          + ", ".join(f"{k} {v:.3f}" for k, v in by_kind.items())
          + f"; at confidence >= {autocard.AUTO_THRESHOLD}: {len(answered) / len(results):.2f} answered, "
            f"{answered_accuracy:.3f} correct")
    assert accuracy >= LOCO_ACCURACY - 0.02
    for kind, expected in LOCO_BY_KIND.items():
        assert by_kind[kind] >= expected - 0.03, kind
    assert answered_accuracy > accuracy  # the confidence means something


def test_withheld_cards_are_the_card_its_ancestors_and_addenda(corpus):
    assert autocard.withheld_for(["llama-3.2-license-2024"], corpus) == {
        "llama-3.2-license-2024", "llama-3.1-license-2024", "llama-2-license-2023"}
    assert autocard.withheld_for(["bigscience-open-rail-m2", "rundiffusion-juggernaut"], corpus) == {
        "bigscience-open-rail-m2", "stable-diffusion-2022-08-22", "rundiffusion-juggernaut"}
    assert autocard.withheld_for([PASTED_KEY], corpus) == frozenset()
    strict = autocard.withheld_for(["llama-3.2-license-2024"], corpus, strict=True)
    assert "llama-3.3-license-2024" in strict


def test_without_card_the_auto_card_answers_trained_without_that_card(corpus):
    resolved = from_name(corpus, "llama-3.1-license-2024", "explicit")
    _asked, decision = ask(resolved, corpus, "Do I have to show 'Built with Llama' in my app?", without_card=True)
    assert decision.source == "auto" and 0 < decision.confidence <= 1
    auto = autocard.auto_card(resolved, corpus)
    assert "llama-3.1-license-2024" in auto.model.withheld and "llama-2-license-2023" in auto.model.withheld
    _, decision = ask(resolved, corpus, "We have 800 million monthly active users. Can we use Llama 3.1?",
                          without_card=True)
    assert decision.verdict == "no" and "700,000,000" in decision.conditions


# -- the threshold -------------------------------------------------------------------------------------------------
def test_below_the_threshold_the_answer_is_not_addressed_with_the_candidates_quoted(corpus, monkeypatch):
    text = licensedb.load("mit").body + "\n"
    resolved = from_pasted(corpus, Pasted(text.replace("Permission is hereby granted", "Leave is given")))
    resolved.key, resolved.license_keys, resolved.identification = PASTED_KEY, (PASTED_KEY,), None
    resolved.file_passages = []
    monkeypatch.setattr(autocard, "AUTO_THRESHOLD", 1.01)  # nothing is sure enough
    _asked, decision = ask(resolved, corpus, "Can I redistribute the weights?")
    assert decision.source == "auto" and decision.verdict == "not_addressed"
    assert decision.quotes and "not sure" in decision.conditions
    pasted_quotes_verbatim(decision, resolved.pasted.text)
    monkeypatch.setattr(autocard, "AUTO_THRESHOLD", 0.0)
    autocard._AUTO.clear()
    _, decision = ask(resolved, corpus, "Can I redistribute the weights?")
    assert decision.verdict in ("yes", "conditional") and decision.quotes


def test_an_unknown_text_is_read_from_its_own_clauses(corpus):
    text = ("Acme Model License.\n\n1. You may use, copy and modify the model for any purpose.\n\n"
            "2. You may not sell images or other outputs made with the model, or use them commercially.\n\n"
            "3. You must keep this notice in all copies of the model.\n\n"
            "4. THE MODEL IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND.\n")
    resolved = from_pasted(corpus, Pasted(text))
    assert resolved.key == PASTED_KEY
    _, decision = ask(resolved, corpus, "Is the model provided with any warranty?")
    assert decision.source == "auto"
    pasted_quotes_verbatim(decision, text)


# terms in plain words, as model pages write them (our own sentences): the cards are legal texts, so the auto-card
# reads these less well; what it does read must mostly be right, and the rest is marked not decided
PLAIN = [
    (("Zeta Model License\n\n1. You may use the model for personal projects only.\n\n2. You may not sell images made "
     "with the model.\n\n3. Keep this notice in every copy.\n\n4. Fine-tuning is allowed.\n\n5. These terms are "
     "governed by the laws of Utopia.\n"),
     {"outputs_commercial": "no", "derivatives_allowed": "yes", "governing_law": "yes", "non_commercial_only": "yes",
      "user_or_revenue_threshold": "no"}),  # silent on caps: "is there a cap?" is answered no
    (("Terms for my checkpoint\n\nYou can use this model for anything, including commercial work. You can sell the "
     "images you make with it.\n\nDo not re-upload this model to other sites.\n\nDo not run this model behind a paid "
     "API or an online generation service.\n"),
     {"outputs_commercial": "yes", "model_commercial_use": "yes", "redistribute_weights": "no",
      "hosted_service_or_api": "no", "governing_law": "not_addressed"}),
    (("Usage terms\n\nThe images you generate are yours; you may use them commercially.\n\nYou may not use the model "
     "itself for commercial purposes.\n\nMerges and LoRAs based on this model are welcome.\n\nThe model is provided "
     "as is, without any warranty.\n"),
     {"outputs_commercial": "yes", "model_commercial_use": "no", "derivatives_allowed": "yes", "warranty": "no",
      "licensor_claims_outputs": "no"}),
    (("Research License\n\nThis model is licensed for non-commercial research purposes only.\n\nYou may share the "
     "model with others under these same terms.\n\nThe licensor is not liable for any damages arising from the use "
     "of the model.\n\nThese terms are governed by the laws of Germany.\n"),
     {"non_commercial_only": "yes", "model_commercial_use": "no", "liability": "no", "governing_law": "yes",
      "share_alike": "yes"}),
]
PLAIN_RIGHT = 12  # of 20, measured (9 before the text readings)
PLAIN_WRONG_DECIDED = 0  # a decided verdict (not not_addressed) that is wrong, measured (1 before)


def test_plain_language_terms_are_read_or_left_undecided(corpus):
    right = wrong_decided = total = 0
    for text, expected in PLAIN:
        resolved = from_pasted(corpus, Pasted(text))
        assert resolved.key == PASTED_KEY
        for topic, verdict in expected.items():
            decision = decide.decide_topic(resolved, topic, corpus)
            assert decision.source == "auto"
            total += 1
            right += decision.verdict == verdict
            wrong_decided += decision.verdict not in (verdict, "not_addressed")
            pasted_quotes_verbatim(decision, text)
    print(f"\nplain-language terms: {right}/{total} right, {wrong_decided} decided wrongly")
    assert right >= PLAIN_RIGHT and wrong_decided <= PLAIN_WRONG_DECIDED


# -- card transfer ---------------------------------------------------------------------------------------------------
def test_transfer_to_an_edited_llama_text_redecides_only_the_changed_facts(corpus):
    body = licensedb.load("llama-3.1-license-2024").body
    text = body.replace("700 million", "7 million")
    assert text != body
    resolved = from_pasted(corpus, Pasted(text))
    assert resolved.key == "llama-3.1-license-2024" and resolved.identification.changes
    card = decide.card_of(resolved, corpus)
    assert isinstance(card, autocard.TransferredCard)
    assert "user_or_revenue_threshold" in card.changed and "outputs_commercial" not in card.changed
    assert card.answer("user_or_revenue_threshold").thresholds[0]["limit"] == 7_000_000
    _asked, decision = ask(resolved, corpus, "We have 10 million monthly active users, can we use it commercially?")
    assert decision.verdict == "no" and "7,000,000" in decision.conditions
    assert decision.quotes[0].license_key == PASTED_KEY and "7 million" in decision.quotes[0].text
    pasted_quotes_verbatim(decision, text)
    _, decision = ask(resolved, corpus, "Is there a cap on monthly active users?")
    assert (decision.verdict, decision.source) == ("yes", "auto") and 0.5 <= decision.confidence <= 1
    _, decision = ask(resolved, corpus, "Can I sell the text Llama 3.1 generates?")
    assert decision.source == "card"  # untouched by the change: the card answers as before
    unchanged = from_pasted(corpus, Pasted(body))
    assert decide.card_of(unchanged, corpus).__class__.__name__ == "Card"


# -- additions on a carded text ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("without_card", [False, True])
def test_the_juggernaut_style_addendum_leaves_images_alone_and_forbids_hosting(corpus, without_card):
    text = licensedb.load("bigscience-open-rail-m2").body + JUGGERNAUT
    resolved = from_pasted(corpus, Pasted(text))
    assert resolved.key == "bigscience-open-rail-m2" and resolved.file_passages
    asked, sell = ask(resolved, corpus, "Can I sell images I generate with it?", without_card)
    assert asked.topic == "outputs_commercial"
    assert sell.verdict == "yes" and sell.quotes
    assert sell.source == ("auto" if without_card else "card")
    assert any("Output" in q.text for q in sell.quotes)  # the clause that leaves the outputs to you
    asked, host = ask(resolved, corpus, "Can I host it behind an API for my customers?", without_card)
    assert asked.topic == "hosted_service_or_api"
    assert (host.verdict, host.source) == ("no", "file")
    assert host.quotes[0].license_key == PASTED_KEY and "behind API services" in host.quotes[0].text
    pasted_quotes_verbatim(host, text)


ADDITIONS = [  # (added sentence, question, topic, verdict with the addition)
    ("You may not sell or commercially use images or other outputs generated with the model.",
     "Can I sell images I generate with it?", "outputs_commercial", "no"),
    ("You may not use the model in a commercial product or service.",
     "Can I use the model itself in my company's commercial product?", "model_commercial_use", "no"),
    ("You may not redistribute, re-upload or share the model weights.",
     "Can I re-upload the weights to Hugging Face?", "redistribute_weights", "no"),
    ("You may not fine-tune, merge or otherwise modify the model.",
     "Can I fine-tune it or train a LoRA on it?", "derivatives_allowed", "no"),
    ("You may not use outputs of the model to train other models.",
     "Can I use its outputs to train another model?", "train_other_models_on_outputs", "no"),
    ("This model may be used for non-commercial purposes only.",
     "Is the license limited to non-commercial use?", "non_commercial_only", "yes"),
    ("Any product or service that uses the model must prominently display 'Powered by Acme'.",
     "Must my app display a powered-by credit?", "built_with_display", "yes"),
    ("The name of any derivative model must begin with 'Acme'.",
     "Does my fine-tune's name have to start with the original model's name?", "name_prefix", "yes"),
    ("You must credit Acme whenever you publish images generated with the model.",
     "Do I have to credit the model when I post the pictures?", "output_attribution", "yes"),
    ("Derivatives of the model must be released under this same license.",
     "Must my modified version stay under these terms?", "share_alike", "yes"),
]


@pytest.mark.parametrize("sentence, question, topic, verdict", ADDITIONS)
def test_an_addition_changes_the_right_it_is_about(corpus, sentence, question, topic, verdict):
    text = licensedb.load("apache-2.0").body + "\n\nAdditional terms. " + sentence + "\n"
    resolved = from_pasted(corpus, Pasted(text))
    assert resolved.key == "apache-2.0" and resolved.file_passages
    asked, decision = ask(resolved, corpus, question)
    assert asked.topic == topic
    assert (decision.verdict, decision.source) == (verdict, "file")
    assert decision.quotes[0].license_key == PASTED_KEY and sentence in decision.quotes[0].text
    pasted_quotes_verbatim(decision, text)


# -- explain -----------------------------------------------------------------------------------------------------------
def test_explain_shows_the_auto_card_rows_with_confidence_and_clause(corpus):
    from explainer import explain

    text = licensedb.load("stability-ai-community-2024").body
    resolved = from_name(corpus, "stability-ai-community-2024", "explicit")

    backend = FakeBackend()
    result = explain.explain(resolved, corpus, lambda: backend, without_card=True)
    assert not backend.calls  # the auto-card needs no LLM
    assert result.card is None and result.explanation_source == "auto"
    assert result.rights and all(r["source"] in ("auto", "file") and "confidence" in r for r in result.rights)
    decided = [r for r in result.rights if r["verdict"] != "not_addressed"]
    assert decided and all(r["clause_id"] for r in decided)
    assert any(r["right"] == "warranty" for r in result.facts)
    for quote in result.quotes:
        assert text[quote.start:quote.end] == quote.text


def test_transfer_to_a_copy_without_a_clause_quotes_the_removed_standard_clause(corpus):
    body = licensedb.load("llama-3.1-license-2024").body
    removed = next(c for c in corpus.clauses("llama-3.1-license-2024") if "Built with Llama" in c.text)
    text = body[:removed.start] + body[removed.end:]
    resolved = from_pasted(corpus, Pasted(text))
    assert [r["clause_id"] for r in resolved.identification.removals] == [removed.id]
    _, decision = ask(resolved, corpus, "Do I have to display 'Built with Llama' in my app?")
    assert decision.source == "auto" and decision.verdict in ("no", "not_addressed")
    assert decision.quotes[0].clause_id == removed.id and "removes" in decision.conditions
    _, decision = ask(resolved, corpus, "Can I sell what Llama 3.1 generates?")
    assert (decision.verdict, decision.source) == ("yes", "card")


# -- duties and facts read from the text's own sentences ---------------------------------------------------------------
# every text-read entry checked against every hand-written card (bench/autocard_agreement.py --text-only): per topic,
# the share of entries read from a card's text that give the card's verdict, measured, less 0.05 of slack
TEXT_READ_PRECISION = {"built_with_display": 0.816, "geography": 0.901, "governing_law": 0.963, "name_prefix": 0.816,
                       "output_attribution": 0.704, "policy_changes": 1.0, "separate_license": 0.947,
                       "share_alike": 0.837, "termination_breach": 1.0, "termination_litigation": 1.0,
                       "update_duty": 1.0}


def test_text_read_entries_agree_with_the_hand_written_cards(corpus):
    from bench.autocard_agreement import precision, text_readings

    found = precision(text_readings(corpus))
    print("\ntext-read entries vs cards: " + ", ".join(f"{t} {r}/{n}" for t, (n, r) in sorted(found.items())))
    for topic, floor in TEXT_READ_PRECISION.items():
        n, right = found[topic]
        assert n >= 5 and right / n >= floor - 0.05, topic


def acme(sentence: str) -> str:
    return (f"Acme Model License Agreement\n\n1. Acme grants you a license to use, copy and modify the Acme model.\n\n"
            f"2. {sentence}\n\n3. THE MODEL IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND.\n")


SENTENCES = [  # (a clause as licenses word it, topic, verdict read from it, words the conditions must hold)
    ("If you distribute or make available a model trained with the Acme model, you shall include \"Acme\" at the "
     "beginning of any such model name.", "name_prefix", "conditional", 'must begin with "Acme"'),
    ("If the Model is modified, the modified Model must include \"Acme\" at the beginning of its name.",
     "name_prefix", "yes", 'must begin with "Acme"'),
    ("This License does not grant permission to use the trade names, trademarks or product names of Acme.",
     "name_prefix", "no", "No naming rule"),
    ("You may add your own copyright statement to your modifications and may provide additional or different license "
     "terms for your modifications.", "share_alike", "no", "other terms"),
    ("If you distribute a modified version of the model, it must be licensed as a whole under the terms of this "
     "License.", "share_alike", "conditional", "Only when you distribute"),
    ("You shall undertake reasonable efforts to use the latest version of the Model.", "update_duty", "yes", "latest"),
    ("Acme may modify this Agreement from time to time by posting a revised version.", "policy_changes", "yes",
     "change the terms"),
    ("No change or addition to any provision of this License will be binding unless it is in writing and signed by "
     "both parties.", "policy_changes", "no", "cannot be changed"),
    ("If you institute patent litigation against any entity alleging that the model infringes a patent, then any patent "
     "licenses granted to you under this License shall terminate.", "termination_litigation", "conditional",
     "patent license"),
    ("If you institute litigation or other proceedings against Acme, then any licenses granted to you under this "
     "Agreement shall terminate.", "termination_litigation", "yes", "sue"),
    ("This license terminates automatically if you breach any of its terms.", "termination_breach", "yes", "break"),
    ("If you distribute a product using the model, you must prominently display \"Built with Acme\" on a related "
     "website.", "built_with_display", "conditional", "When you distribute"),
    ("You may not place generated content in a public context without expressly identifying that it is machine "
     "generated.", "output_attribution", "conditional", "machine-generated"),
    ("Acme claims no rights in outputs you generate using the model.", "output_attribution", "no", "No credit"),
    ("Any commercial use of the model requires a separate commercial license agreement with Acme.",
     "separate_license", "conditional", "separate license"),
    ("If you modify the model and allow users to interact with it through a computer network, you must offer those "
     "users the corresponding source of your version.", "network_source", "conditional", "offer them its source"),
    ("To the extent possible under law, Acme hereby dedicates the model and all its weights to the public domain.",
     "attribution_or_naming", "no", "public domain"),
    ("Acme waives, abandons and surrenders all of its copyright and related rights in the model.", "share_alike", "no",
     "public domain"),
    ("It is not a requirement that recipients of the model attribute Acme as its source.", "attribution_or_naming",
     "no", "attribution is not a requirement"),
]


# The topic's plain question supposes the case the reading's condition names ("if I sue over a patent, does my
# license end?"): a fact whose condition the supposed case meets is answered yes (decide), the reading stays conditional.
DECIDED = {("termination_litigation", "conditional"): "yes"}


@pytest.mark.parametrize("sentence,topic,verdict,words", SENTENCES)
def test_a_duty_or_fact_is_read_from_the_sentence_that_states_it(corpus, sentence, topic, verdict, words):
    text = acme(sentence)
    resolved = from_pasted(corpus, Pasted(text))
    assert resolved.key == PASTED_KEY
    decision = decide.decide_topic(resolved, topic, corpus)
    entry = autocard.auto_card(resolved, corpus).card.answer(topic)
    assert entry.verdict == verdict and words in entry.conditions and "read from the text" in entry.conditions
    assert decision.source == "auto"
    if topic != "output_attribution":  # its plain question asks about an AI label: decide reads the restriction list
        assert decision.verdict == DECIDED.get((topic, verdict), verdict) and decision.quotes
        assert any(" ".join(sentence.split()[:6]) in " ".join(q.text.split()) for q in decision.quotes)
    pasted_quotes_verbatim(decision, text)


def test_silence_is_read_where_it_is_the_answer(corpus):
    """No region named: no region is excluded; no credit line asked for: none is required."""
    resolved = from_pasted(corpus, Pasted(acme("You may share copies of the model with anyone.")))
    auto = autocard.auto_card(resolved, corpus)
    assert auto.card.answer("geography").verdict == "no"
    assert auto.card.answer("built_with_display").verdict == "no"


def test_licensedb_texts_read_without_their_cards(corpus):
    """Leave one card out: the duties are read from the license's own sentences, as its card says them."""
    apache = from_name(corpus, "apache-2.0", "explicit")
    # the patent clause reads conditional (only the patent license ends); the topic's plain question supposes the
    # suit, so decide answers it yes (see DECIDED above)
    for topic, verdict in [("share_alike", "no"), ("termination_litigation", "yes"), ("name_prefix", "no")]:
        decision = decide.decide_topic(apache, topic, corpus, without_card=True)
        assert (decision.verdict, decision.source) == (verdict, "auto"), topic
    llama = from_name(corpus, "llama-3.1-license-2024", "explicit")
    _asked, decision = ask(llama, corpus, "Can I call my Llama 3.1 fine-tune 'NovaChat' and share it on Hugging Face?",
                           without_card=True)
    assert decision.topic == "name_prefix" and decision.verdict == "no" and "Llama" in decision.conditions


def _bare(text: str):
    """The text readers' view of a pasted text, without the classifier (its verdict is passed as not sure)."""
    from types import SimpleNamespace

    from explainer.clauses import Clause

    spans = autocard.sentences("acme", [Clause("acme", "1", 1, "Acme", "1", 0, len(text), text)])
    return SimpleNamespace(view=SimpleNamespace(spans=spans, segments=[]), caps=None,
                           card=SimpleNamespace(key="acme", prohibited={}))


@pytest.mark.parametrize("text,verdict", [
    ("Permission is hereby granted, free of charge, to use, copy, modify, distribute, sublicense, and/or sell copies "
     "of the Model.", "yes"),
    ("You may use the Model for any purpose whatsoever, including commercial purposes.", "yes"),
    ("Models are commercially usable. You may create derivative models.", "yes"),
    ("Acme hereby grants you a worldwide license to reproduce and share the Model and adapted versions of it.", "yes"),
    ("Acme hereby grants you a license to use the Model. You may not use the Model for commercial purposes.", None),
    ("Acme grants you a license to make, use and sell products under its patent claims.", None),
    ("You may use any output for any purpose, including commercial purposes.", None),
])
def test_commercial_use_is_read_from_the_grant(text, verdict):
    """Selling or commercial use named in the grant is allowed; a grant that never limits commercial use allows it
    where the classifier is not sure; a patent grant, a rule on outputs or a limit leaves it to the classifier."""
    found = autocard._commercial_allowed(_bare(text), "right", "not_addressed")
    assert (found.verdict if found else None) == verdict
    if found:
        assert "read from the text" in found.conditions and found.anchors


def test_training_lock_makes_a_second_process_wait(tmp_path, monkeypatch):
    """Two processes training the classifier for one set of cards: the second waits for the first's lock (then
    reads the model the first cached) instead of training and writing the same files at the same time."""
    import subprocess
    import sys
    import time

    monkeypatch.setenv("EXPLAINER_CACHE", str(tmp_path))
    holder = ("import time, sys\n"
              "from explainer import autocard\n"
              "with autocard._training_lock('d1'):\n"
              "    print('held', flush=True)\n"
              "    time.sleep(1.5)\n")
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        started = time.monotonic()
        with autocard._training_lock("d1"):
            waited = time.monotonic() - started
    finally:
        proc.wait(timeout=30)
    assert waited >= 0.5, waited  # the lock was held by the other process
    assert (tmp_path / "autocard" / "train-d1.lock").exists()
