"""The clauses round: competing products (explainer/competition.py) and lasting claims / denied revocation
(explainer/termination.py). Pattern-level, offline; the meaning comparison is covered by the eval suites."""

import re

import pytest

from explainer import competition, decide, termination, understand
from explainer.corpus import load
from explainer.resolve import from_name


def test_question_likening_its_product_to_the_licensor_competes():
    assert competition.likened("we're building a portal kind of like naver's", ["naver"])
    assert competition.likened("a rival to naver for korean users", ["naver"])
    assert not competition.likened("we use naver cloud to host it", ["naver"])


def test_denied_likeness_never_competes():
    found = {"names": ["naver"], "products": []}
    assert not competition.competes("we're a recipe app, nothing like naver's products", found)


def test_text_rule_sentence_pattern():
    clause = re.compile(competition.data()["clause"])
    assert clause.search("any product or service, which is substantially similar to or directly competes with any "
                         "product and service provided by NAVER")
    assert not clause.search("You may not use the Output to train a model that is competitive with the Model.")


def test_claims_lasting_reads_denied_or_limited_agents():
    assert termination.claims_lasting("so once i have the license, nobody can take it back from me?")
    assert termination.claims_lasting("they can only pull my license if i break the rules, right?")
    assert termination.claims_lasting("they can't take my license away as long as i comply, can they?")
    assert not termination.claims_lasting("can they revoke my license?")
    assert not termination.claims_lasting("if they terminate my license, must i delete my fine-tunes?")


def test_denied_revocation_sentence_reads_as_irrevocable():
    denied = termination.patterns().flat["denied_revocation"]
    assert denied.search("No contributor can revoke this license.")
    assert denied.search("This license cannot be revoked.")
    assert not denied.search("We may revoke this license at any time.")


def test_terms_changed_reads_the_change_and_its_object():
    changed = termination.patterns().flat["terms_changed"]
    assert changed.search("if nvidia changes the license later")
    assert changed.search("does it let the acceptable use policy change after i started")
    assert not changed.search("do i have to keep updating to the newest sd 1.5 version? the license says so")
    assert not changed.search("if i modify an mit-licensed model")


def test_change_notice_read_from_the_change_sentence():
    at_once = [("Salesforce may change this Policy by posting an updated version and such updates will be "
                "effective upon posting.", None)]
    noticed = [("We may amend these terms and will notify you 30 days before the changes take effect.", None)]
    assert termination._change_notice(at_once) == "no"
    assert termination._change_notice(noticed) == "yes"
    assert termination._change_notice([("The policy may be updated from time to time.", None)]) is None


def test_generic_breach_trigger_is_left_to_the_card():
    generic = termination.patterns().flat["generic_trigger"]
    assert generic.search("If you breach any term of this Agreement,")
    assert not generic.search("If You bypass, disable, or circumvent any safety guardrail contained in the Model, "
                              "your rights under this Agreement will automatically")


@pytest.mark.parametrize("question", [
    "Could we use it to build a rival web portal that competes with Naver?",
    "tiny team, 30k users, we're making a korean search portal kind of like naver's. ok on the standard terms?",
])
def test_a_product_like_the_licensor_s_is_not_covered_whatever_its_size(question):
    corpus = load()
    decision = decide.decide(from_name(corpus, "hyperclova-x-seed-2025", "explicit"), understand.understand(question),
                             corpus)
    assert decision.verdict == "no", decision
